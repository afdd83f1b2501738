import { createHash } from 'node:crypto';
import { get } from 'node:http';
import { crc32, inflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseRange } from '../../src/sandbox/storage.js';
import { videoChunks } from '../../src/sandbox/video-bytes.js';
import { clipFor } from '../../src/sandbox/video-clips.js';
import { type Harness, type Json, startHarness } from './support.js';

const VIDEO_BYTES = 200_000;
let h: Harness;
let id: string;
beforeEach(async () => {
  h = await startHarness({ videoBytes: VIDEO_BYTES });
  id = await h.create('bunny', { return_last_frame: true });
  h.advance(10_000);
});
afterEach(async () => {
  await h.sandbox.close();
});

const urls = async () => {
  const { body } = await h.json<Json>(`/v1/video/generations/${id}?raw=true`);
  return body.content as { video_url: string; last_frame_url: string };
};
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());

/** A raw GET that reports how many body bytes arrived and whether the response completed normally. */
function receive(url: string): Promise<{ status: number; received: number; complete: boolean }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      res.on('close', () => resolve({ status: res.statusCode ?? 0, received, complete: res.complete }));
    }).on('error', reject);
  });
}

describe('storage: bytes and ranges', () => {
  test('full GET: the clip, then a free box up to the size; Content-Length, sha256 equals videoDigest; no auth needed', async () => {
    const res = await fetch((await urls()).video_url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(VIDEO_BYTES));
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-type')).toBe('video/mp4');
    const body = await bytesOf(res);
    expect(body.subarray(4, 8).toString('latin1')).toBe('ftyp');
    const clip = clipFor('16:9').mp4;
    expect(body.subarray(0, clip.length).equals(clip)).toBe(true);
    expect(body.toString('latin1', clip.length + 4, clip.length + 8)).toBe('free');
    expect(body.readUInt32BE(clip.length)).toBe(VIDEO_BYTES - clip.length);
    expect(h.sandbox.videoDigest(id)).toEqual({ sha256: sha256(body), bytes: VIDEO_BYTES });
  });

  test('bytes=N- and bytes=N-M give 206 with Content-Range, and the pieces join up to the whole file', async () => {
    const { video_url } = await urls();
    const head = await fetch(video_url, { headers: { Range: 'bytes=0-99999' } });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-range')).toBe(`bytes 0-99999/${VIDEO_BYTES}`);
    const tail = await fetch(video_url, { headers: { Range: 'bytes=100000-' } });
    expect(tail.headers.get('content-length')).toBe('100000');
    const whole = Buffer.concat([await bytesOf(head), await bytesOf(tail)]);
    expect(sha256(whole)).toBe(h.sandbox.videoDigest(id).sha256);
    expect(h.sandbox.stats.storageRequests.map((r) => [r.range, r.status])).toEqual([
      ['bytes=0-99999', 206],
      ['bytes=100000-', 206],
    ]);
  });

  test('an unsatisfiable range is 416 with Content-Range bytes */size', async () => {
    const res = await fetch((await urls()).video_url, { headers: { Range: `bytes=${VIDEO_BYTES}-` } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${VIDEO_BYTES}`);
  });

  test('HEAD gives the headers only', async () => {
    const res = await fetch((await urls()).video_url, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(VIDEO_BYTES));
  });

  test('parseRange: suffix, clamping, garbage ignored', () => {
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=5-500', 100)).toEqual({ start: 5, end: 99 });
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange('items=1-2', 100)).toBeNull();
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
  });

  test('videoChunks: any range, at any chunk size, is the same slice of the whole file', () => {
    const video = { key: 'cgt-x', ratio: '9:16', size: 300_000 };
    const whole = Buffer.concat([...videoChunks(video, 0, 299_999)]);
    expect(whole.length).toBe(300_000);
    const cases: Array<[number, number, number]> = [
      [0, 9, 1024],
      [8000, 9000, 64],
      [20, 40, 3],
      [65_000, 140_000, 4096],
      [299_990, 299_999, 1_000_000],
    ];
    for (const [start, end, chunk] of cases) {
      const part = Buffer.concat([...videoChunks(video, start, end, chunk)]);
      expect(part.equals(whole.subarray(start, end + 1))).toBe(true);
    }
  });

  test("the last frame is a valid PNG at the clip's size", async () => {
    const res = await fetch((await urls()).last_frame_url);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = await bytesOf(res);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    let offset = 8;
    const chunks: Record<string, Buffer> = {};
    const idat: Buffer[] = [];
    while (offset < png.length) {
      const length = png.readUInt32BE(offset);
      const typeAndData = png.subarray(offset + 4, offset + 8 + length);
      expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(typeAndData));
      const type = typeAndData.subarray(0, 4).toString('latin1');
      chunks[type] = typeAndData.subarray(4);
      if (type === 'IDAT') idat.push(typeAndData.subarray(4));
      offset += 12 + length;
    }
    const width = chunks.IHDR!.readUInt32BE(0);
    const height = chunks.IHDR!.readUInt32BE(4);
    expect([width, height]).toEqual([192, 108]);
    expect([chunks.IHDR![8], chunks.IHDR![9]]).toEqual([8, 3]); // 8-bit palette
    expect(chunks.PLTE!.length % 3).toBe(0);
    expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (1 + width));
    expect(chunks.IEND).toBeDefined();
  });
});

describe('storage: signatures and auth', () => {
  test('counts Authorization headers a client wrongly forwards to storage', async () => {
    const { video_url } = await urls();
    await bytesOf(await fetch(video_url));
    await bytesOf(await fetch(video_url, { headers: { Authorization: 'Bearer sk-test' } }));
    expect(h.sandbox.stats.storageAuthorizationHeaders).toBe(1);
    expect(h.sandbox.stats.storageRequests.map((r) => r.authorization)).toEqual([false, true]);
  });

  test('a tampered signature is 403 SignatureDoesNotMatch; an unknown path 404 NoSuchKey', async () => {
    const { video_url } = await urls();
    const tampered = await fetch(video_url.replace(/sig=./, 'sig=z'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect((await fetch(`${h.sandbox.storageUrl}/videos/nope.mp4`)).status).toBe(404);
  });

  test('expireUrls: old URLs get 403 AccessDenied "Request has expired"; a status GET re-signs', async () => {
    const old = (await urls()).video_url;
    h.sandbox.faults.expireUrls = true;
    const refused = await fetch(old);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
    const fresh = (await urls()).video_url;
    expect(fresh).not.toBe(old);
    expect((await fetch(fresh)).status).toBe(200);
    expect((await urls()).video_url).toBe(fresh);
  });

  test('expireUrls switched on before the first read: the first URL is dead, the re-fetched one works', async () => {
    h.sandbox.faults.expireUrls = true;
    const first = (await urls()).video_url;
    expect((await urls()).video_url).not.toBe(first);
    const second = (await urls()).video_url;
    expect((await fetch(second)).status).toBe(403);
    const third = (await urls()).video_url;
    expect((await fetch(third)).status).toBe(200);
    expect((await fetch(first)).status).toBe(403);
  });

  test('signed URLs also lapse after 24 h of the injected clock', async () => {
    const { video_url } = await urls();
    h.advance(24 * 3600 * 1000);
    expect((await fetch(video_url)).status).toBe(403);
    expect((await fetch((await urls()).video_url)).status).toBe(200);
  });
});

describe('storage faults', () => {
  test('dropAfterBytes cuts the body after N bytes for the next `times` requests', async () => {
    const { video_url } = await urls();
    h.sandbox.faults.dropAfterBytes = { bytes: 1000, times: 2 };
    expect(await receive(video_url)).toEqual({ status: 200, received: 1000, complete: false });
    await expect((await fetch(video_url)).arrayBuffer()).rejects.toThrow();
    expect(h.sandbox.faults.dropAfterBytes).toEqual({ bytes: 1000, times: 0 });
    expect((await bytesOf(await fetch(video_url))).length).toBe(VIDEO_BYTES);
  });

  test('ignoreRange answers 200 with the whole body', async () => {
    h.sandbox.faults.ignoreRange = true;
    const res = await fetch((await urls()).video_url, { headers: { Range: 'bytes=100-' } });
    expect(res.status).toBe(200);
    expect((await bytesOf(res)).length).toBe(VIDEO_BYTES);
  });

  test('contentLengthLie advertises more than it sends, then closes', async () => {
    h.sandbox.faults.contentLengthLie = 10;
    const res = await fetch((await urls()).video_url);
    expect(res.headers.get('content-length')).toBe(String(VIDEO_BYTES + 10));
    await expect(res.arrayBuffer()).rejects.toThrow();
    expect(await receive((await urls()).video_url)).toEqual({ status: 200, received: VIDEO_BYTES, complete: false });
  });

  test('throttleBytesPerSec paces the body', async () => {
    h.sandbox.faults.throttleBytesPerSec = 400_000;
    const started = performance.now();
    const body = await bytesOf(await fetch((await urls()).video_url, { headers: { Range: 'bytes=0-79999' } }));
    expect(body.length).toBe(80_000);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
  });
});

describe('storage: If-Range and replaced objects (faults.videoRevision)', () => {
  test('If-Range with the current ETag or Last-Modified keeps the Range; any other validator gets the whole 200', async () => {
    const url = (await urls()).video_url;
    const original = h.sandbox.videoDigest(id).sha256;
    const first = await fetch(url, { method: 'HEAD' });
    const etag = first.headers.get('etag') as string;
    const lastModified = first.headers.get('last-modified') as string;
    expect(etag).toMatch(/^".+"$/);
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);
    const ranged = (ifRange: string) => fetch(url, { headers: { range: 'bytes=100-', 'if-range': ifRange } });
    expect((await ranged(etag)).status).toBe(206);
    expect((await ranged(lastModified)).status).toBe(206);
    expect((await ranged('"another"')).status).toBe(200);
    expect((await ranged(`W/${etag}`)).status).toBe(200);

    h.sandbox.faults.videoRevision = 1;
    const changed = await ranged(etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.headers.get('last-modified')).not.toBe(lastModified);
    const body = await bytesOf(changed);
    expect(sha256(body)).toBe(h.sandbox.videoDigest(id).sha256);
    expect(sha256(body)).not.toBe(original);
  });
});
