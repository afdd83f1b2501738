import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pump } from '../../src/core/download-pump.js';
import { type Attempt, classify } from '../../src/core/download-response.js';
import { fileSink, streamSink } from '../../src/core/download-sink.js';
import { type PartRecord, readPartRecord } from '../../src/core/part-record.js';
import { inlineSha256 } from '../../src/core/sha256-stream.js';
import { tempDir } from '../helpers/run-cli.js';

const response = (status: number, headers: Record<string, string> = {}) => ({
  status,
  ok: status >= 200 && status < 300,
  headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
});
const record: PartRecord = { task: 't', url: 'http://h/v.mp4', size: 1000, etag: '"a"', lastModified: null };
const resume: Attempt = { offset: 400, record, ifRange: '"a"', claimedTotal: null, file: true };
const fresh: Attempt = { offset: 0, record: null, ifRange: null, claimedTotal: null, file: true };

describe('classify', () => {
  it.each([401, 403, 404, 410])('HTTP %i is an expired URL', (status) => {
    expect(classify(response(status), resume)).toEqual({ kind: 'expired' });
  });

  it('416 for a .part holding the whole video is complete; for a stream, or another size, not a prefix', () => {
    const whole = response(416, { 'content-range': 'bytes */1000' });
    expect(classify(whole, { ...resume, offset: 1000 })).toEqual({ kind: 'complete' });
    expect(classify(whole, { ...resume, offset: 1000, file: false })).toEqual({ kind: 'not-a-prefix' });
    expect(classify(whole, { ...resume, offset: 1000, claimedTotal: 2000 })).toEqual({ kind: 'not-a-prefix' });
    expect(classify(whole, resume)).toEqual({ kind: 'not-a-prefix' });
  });

  it('another failed status is retried', () => {
    expect(classify(response(503), resume)).toEqual({ kind: 'retry', message: 'the storage host answered HTTP 503' });
  });

  it('a 206 of another object is replaced; a 206 at our offset is written', () => {
    const range = { 'content-range': 'bytes 400-999/1000' };
    expect(classify(response(206, { ...range, etag: '"b"' }), resume)).toEqual({ kind: 'replaced' });
    expect(classify(response(206, { ...range, etag: '"a"' }), resume)).toEqual({ kind: 'write' });
    expect(classify(response(200, { 'content-length': '1000' }), fresh)).toEqual({ kind: 'write' });
  });

  it('a 200 (or a range elsewhere) to a Range request restarts; changed when If-Range says the object changed', () => {
    expect(classify(response(200, { etag: '"b"', 'content-length': '1000' }), resume)).toEqual({
      kind: 'restart',
      changed: true,
    });
    expect(classify(response(200, { etag: '"a"', 'content-length': '1000' }), resume)).toEqual({
      kind: 'restart',
      changed: false,
    });
    expect(classify(response(206, { 'content-range': 'bytes 0-999/1000' }), resume)).toEqual({
      kind: 'restart',
      changed: false,
    });
  });
});

describe('sinks', () => {
  it('a file sink empties the .part at 0 and writes the record beside it; at an offset it appends', async () => {
    const part = join(tempDir(), 'v.mp4.part');
    writeFileSync(part, 'old bytes');
    const sink = fileSink(part);
    sink.open(0, record);
    sink.write(Buffer.from('abc'), new AbortController().signal);
    sink.close();
    expect(readFileSync(part, 'utf8')).toBe('abc');
    expect(readPartRecord(part)).toEqual(record);
    sink.open(3, record);
    sink.write(Buffer.from('def'), new AbortController().signal);
    sink.close();
    expect(await sink.size()).toBe(6);
    await sink.truncate();
    expect(await sink.size()).toBe(0);
    expect(sink.error).toBeUndefined();
  });

  it.runIf(existsSync('/dev/full'))('a file sink keeps a write error (a full disk) instead of throwing', () => {
    const sink = fileSink('/dev/full');
    sink.open(1, null);
    sink.write(Buffer.from('x'), new AbortController().signal);
    sink.close();
    expect((sink.error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  });

  it('a stream sink waits for drain and keeps the stream error', async () => {
    const slow = new Writable({ highWaterMark: 1, write: (_chunk, _enc, done) => setImmediate(done) });
    const sink = streamSink(slow);
    sink.open(0, null);
    const wait = sink.write(Buffer.from('abc'), new AbortController().signal);
    expect(wait).toBeInstanceOf(Promise);
    await wait;
    slow.emit('error', new Error('EPIPE'));
    expect(sink.write(Buffer.from('x'), new AbortController().signal)).toBeUndefined();
    expect((sink.error as Error).message).toBe('EPIPE');
    sink.close();
    expect(slow.listenerCount('error')).toBe(0);
  });
});

describe('pump', () => {
  const options = () => ({ signal: new AbortController().signal, stall: new AbortController(), stallMs: 60_000 });

  it('writes and hashes every chunk and reports progress', async () => {
    const chunks: Buffer[] = [];
    const sink = streamSink(
      new Writable({
        write: (c, _e, done) => {
          chunks.push(c);
          done();
        },
      }),
    );
    const hash = inlineSha256();
    const seen: number[] = [];
    const result = await pump([Buffer.from('ab'), Buffer.from('cd')], sink, hash, {
      ...options(),
      onChunk: (n) => seen.push(n),
    });
    expect(result).toEqual({ bytes: 4 });
    expect(seen).toEqual([2, 4]);
    expect(Buffer.concat(chunks).toString()).toBe('abcd');
    expect(await hash.digest()).toBe('88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589');
  });

  it('a body that breaks is a failure, a hash that fails stops the transfer, a stall aborts', async () => {
    const sink = streamSink(new PassThrough());
    async function* broken() {
      yield Buffer.from('ab');
      throw new Error('ECONNRESET');
    }
    const dropped = await pump(broken(), sink, inlineSha256(), options());
    expect(dropped).toMatchObject({ bytes: 2, failure: new Error('ECONNRESET') });

    const failing = { update: () => Promise.reject(new Error('worker gone')), digest: async () => '', close() {} };
    const hashed = await pump([Buffer.from('ab'), Buffer.from('cd')], sink, failing, options());
    expect(hashed).toMatchObject({ bytes: 0, hashError: new Error('worker gone') });

    const stall = new AbortController();
    await pump(
      (async function* () {
        yield Buffer.from('a');
        await new Promise((resolve) => stall.signal.addEventListener('abort', resolve));
      })(),
      sink,
      inlineSha256(),
      { ...options(), stall, stallMs: 5 },
    );
    expect(stall.signal.aborted).toBe(true);
  });
});

describe('downloadVideo to a stream', () => {
  it('a connection dropped mid-stream, then a 416 to the Range: fails, and the stream holds only the first bytes once', async () => {
    const { downloadVideo } = await import('../../src/core/download.js');
    const video = Buffer.alloc(300_000, 7);
    const sent = 100_000;
    const requests: Array<string | null> = [];
    const fakeFetch = (async (_url: string | URL | Request, init?: RequestInit) => {
      const range = new Headers(init?.headers).get('range');
      requests.push(range);
      if (range) {
        return new Response(null, { status: 416, headers: { 'content-range': `bytes */${video.length}` } });
      }
      // The first answer: the whole video announced, the connection lost after `sent` bytes.
      // The connection breaks once those bytes are out (synchronised on the stream, not on time).
      let pulls = 0;
      const body = new ReadableStream({
        async pull(controller) {
          if (pulls++ === 0) return controller.enqueue(video.subarray(0, sent));
          await written;
          controller.error(new Error('socket hang up'));
        },
      });
      return new Response(body, { status: 200, headers: { 'content-length': String(video.length) } });
    }) as typeof fetch;
    const chunks: Buffer[] = [];
    let allWritten = () => {};
    const written = new Promise<void>((resolve) => {
      allWritten = resolve;
    });
    const stdout = new Writable({
      write(chunk, _encoding, next) {
        chunks.push(chunk);
        if (Buffer.concat(chunks).length >= sent) allWritten();
        next();
      },
    });
    const download = downloadVideo({
      url: 'http://storage.test/v.mp4',
      path: '-',
      taskId: 't',
      stdout,
      resume: true,
      signal: new AbortController().signal,
      userAgent: 'test',
      fetch: fakeFetch,
      stallMs: 10_000,
      sleep: async () => {},
    });
    await expect(download).rejects.toMatchObject({ exitCode: 8, message: expect.stringMatching(/partly written/) });
    expect(requests).toEqual([null, `bytes=${sent}-`]);
    expect(Buffer.concat(chunks).length).toBe(sent);
  });
});
