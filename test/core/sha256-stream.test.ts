import { createHash, randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { inlineSha256, workerSha256 } from '../../src/core/sha256-stream.js';

const expected = (chunks: Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
};

// Chunks of every shape: tiny, a socket read, one larger than a batch, slices of a shared buffer.
const shared = randomBytes(200_000);
const chunks = [
  randomBytes(1),
  randomBytes(65_536),
  randomBytes(3 * 1024 * 1024 + 17),
  shared.subarray(10, 90_000),
  shared.subarray(90_000),
  ...Array.from({ length: 40 }, () => randomBytes(200_003)),
];

it('the worker hashes the same bytes as createHash, waiting when its queue is full, and leaves chunks intact', async () => {
  const copies = chunks.map((c) => Buffer.from(c));
  const stream = await workerSha256();
  let waits = 0;
  for (const chunk of chunks) {
    const wait = stream.update(chunk);
    if (wait) {
      waits++;
      await wait;
    }
  }
  expect(await stream.digest()).toBe(expected(copies));
  expect(waits).toBeGreaterThan(0);
  // Copied into batches, never transferred away: the caller's chunks still hold their bytes.
  expect(chunks.map((chunk, i) => Buffer.compare(chunk, copies[i] as Buffer))).toEqual(chunks.map(() => 0));
});

it('an empty stream hashes to the empty sha256, in line and on the worker', async () => {
  const empty = expected([]);
  expect(await inlineSha256().digest()).toBe(empty);
  expect(await (await workerSha256()).digest()).toBe(empty);
});

it('a worker that fails rejects with a hash_failed DownloadError', async () => {
  const stream = await workerSha256({ crash: true });
  const error = await (async () => {
    for (const chunk of chunks) await stream.update(chunk);
    return stream.digest();
  })().catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'DownloadError', code: 'hash_failed' });
  expect(String((error as Error).message)).toContain('hash worker crashed');
});

it('close() ends the worker at any point without an error; a digest after it fails instead of waiting for ever', async () => {
  const stream = await workerSha256();
  // Five 1 MiB batches against four in flight: the caller is waiting for room when the stream is closed.
  const waiting = stream.update(randomBytes(5 * 1024 * 1024));
  expect(() => stream.close()).not.toThrow();
  await expect(waiting).rejects.toMatchObject({ code: 'hash_failed' });
  expect(() => stream.close()).not.toThrow();
  await expect(stream.digest()).rejects.toMatchObject({ code: 'hash_failed' });
});
