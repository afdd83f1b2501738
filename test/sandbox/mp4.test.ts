import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { videoChunks, videoHead } from '../../src/sandbox/video-bytes.js';
import { boxes, readMp4 } from '../helpers/mp4.js';
import { installed, skipNote } from '../helpers/skip.js';
import { type Harness, type Json, startHarness } from './support.js';

const VIDEO_BYTES = 100_000;
const RATIOS = ['16:9', '4:3', '1:1', '3:4', '9:16', '21:9'];
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ videoBytes: VIDEO_BYTES });
});
afterAll(async () => {
  await h.sandbox.close();
});

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Creates a task with these fields, lets it finish, and fetches its video and last frame from storage. */
async function served(extra: Record<string, unknown>) {
  const id = await h.create('a test pattern', { return_last_frame: true, ...extra });
  h.advance(20_000);
  const { body } = await h.json<Json>(`/v1/video/generations/${id}?raw=true`);
  const get = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());
  return { id, video: await get(body.content.video_url), frame: await get(body.content.last_frame_url) };
}

const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

describe('sandbox videos are real MP4 clips', () => {
  test.each(RATIOS)(
    '%s: ftyp, moov with a 2 s H.264 track of that ratio, mdat, then a free box to the size',
    async (ratio) => {
      const { video, frame } = await served({ ratio });
      expect(video.length).toBe(VIDEO_BYTES);
      const info = readMp4(video);
      expect(info.topLevel[0]).toBe('ftyp');
      expect(info.topLevel.indexOf('moov')).toBeLessThan(info.topLevel.indexOf('mdat'));
      expect(info.topLevel.at(-1)).toBe('free');
      expect(info.codec).toBe('avc1');
      expect(info.durationSeconds).toBe(2);
      const [a, b] = ratio.split(':').map(Number) as [number, number];
      expect(info.width / info.height).toBeCloseTo(a / b, 1);
      expect(pngSize(frame)).toEqual([info.width, info.height]);
    },
  );

  test('adaptive and unset ratios get the 16:9 clip, as the task reports', async () => {
    for (const extra of [{ ratio: 'adaptive' }, {}]) {
      const info = readMp4((await served(extra)).video);
      expect([info.width, info.height]).toEqual([192, 108]);
    }
  });

  test('the padding is per task and per revision; the same task is the same bytes', async () => {
    const one = await served({ ratio: '1:1' });
    const two = await served({ ratio: '1:1' });
    expect(sha256(one.video)).not.toBe(sha256(two.video));
    expect(h.sandbox.videoDigest(one.id).sha256).toBe(sha256(one.video));
    h.sandbox.faults.videoRevision = 1;
    try {
      expect(h.sandbox.videoDigest(one.id).sha256).not.toBe(sha256(one.video));
    } finally {
      h.sandbox.faults.videoRevision = 0;
    }
  });

  test('sizes past 4 GiB use a 64-bit free box; the stream reaches the exact end', () => {
    const size = 5 * 2 ** 30;
    const video = { key: 'cgt-big', ratio: '16:9', size };
    const head = videoHead(video);
    const top = boxes(head, 0, head.length - 16);
    expect(top.map((b) => b.type)).toEqual(['ftyp', 'moov', 'free', 'mdat']);
    expect(head.readUInt32BE(head.length - 16)).toBe(1);
    expect(head.toString('latin1', head.length - 12, head.length - 8)).toBe('free');
    expect(Number(head.readBigUInt64BE(head.length - 8)) + head.length - 16).toBe(size);
    const tail = Buffer.concat([...videoChunks(video, size - 10, size - 1)]);
    expect(tail.length).toBe(10);
  });

  const ffprobe = installed('ffprobe', ['-version']);
  test.skipIf(!ffprobe)(
    `ffprobe reads the served file as H.264 with its duration${skipNote(ffprobe, 'ffprobe is not installed')}`,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'seedance-mp4-'));
      const file = join(dir, 'clip.mp4');
      writeFileSync(file, (await served({ ratio: '9:16' })).video);
      const out = execFileSync('ffprobe', [
        ...['-v', 'error', '-show_entries', 'format=duration:stream=codec_name,width,height'],
        ...['-of', 'json', file],
      ]).toString();
      const probe = JSON.parse(out) as { streams: Json[]; format: { duration: string } };
      expect(probe.streams[0]).toMatchObject({ codec_name: 'h264', width: 108, height: 192 });
      expect(Number(probe.format.duration)).toBeCloseTo(2, 1);
    },
  );
});
