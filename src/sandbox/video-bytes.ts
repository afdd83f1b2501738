import { createHash } from 'node:crypto';

const PATTERN_BYTES = 64 * 1024;
/** Largest chunk handed out: the cached run holds this much plus one pattern, so any phase can be sliced. */
export const MAX_CHUNK_BYTES = 16 * PATTERN_BYTES;
export const MIN_VIDEO_BYTES = 64;

const runs = new Map<string, Buffer>();
const digests = new Map<string, string>();

/** Whose bytes a video is: its task id, and the revision when the stored object was replaced (faults.videoRevision). */
export function videoKey(taskId: string, revision: number): string {
  return revision > 0 ? `${taskId}@r${revision}` : taskId;
}

/** An ISO-BMFF `ftyp` box (so `file` says MP4) and the header of an `mdat` box holding the rest of the file. */
export function videoHeader(size: number): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypisom', 4, 'latin1');
  ftyp.writeUInt32BE(0x200, 12);
  ftyp.write('isommp42', 16, 'latin1');
  const rest = size - ftyp.length;
  if (rest <= 0xffffffff) {
    const mdat = Buffer.alloc(8);
    mdat.writeUInt32BE(rest, 0);
    mdat.write('mdat', 4, 'latin1');
    return Buffer.concat([ftyp, mdat]);
  }
  const mdat = Buffer.alloc(16);
  mdat.writeUInt32BE(1, 0);
  mdat.write('mdat', 4, 'latin1');
  mdat.writeBigUInt64BE(BigInt(rest), 8);
  return Buffer.concat([ftyp, mdat]);
}

/** The payload repeats a 64 KiB pattern derived from sha256(taskId); this is 17 copies of it, built once. */
function patternRun(taskId: string): Buffer {
  const cached = runs.get(taskId);
  if (cached) return cached;
  const pattern = Buffer.alloc(PATTERN_BYTES);
  for (let i = 0; i < PATTERN_BYTES / 32; i++) {
    createHash('sha256')
      .update(`${taskId}:${i}`)
      .digest()
      .copy(pattern, i * 32);
  }
  const run = Buffer.concat(Array.from({ length: MAX_CHUNK_BYTES / PATTERN_BYTES + 1 }, () => pattern));
  if (runs.size >= 8) runs.delete(runs.keys().next().value as string);
  runs.set(taskId, run);
  return run;
}

/**
 * Bytes `start..end` (inclusive) of a task's video of `size` bytes, as chunks of at most `chunkBytes`. The chunks
 * are views of a shared buffer: never mutate them.
 */
export function* videoChunks(
  taskId: string,
  size: number,
  start: number,
  end: number,
  chunkBytes = MAX_CHUNK_BYTES,
): Generator<Buffer> {
  const header = videoHeader(size);
  const step = Math.max(1, Math.min(chunkBytes, MAX_CHUNK_BYTES));
  let position = start;
  while (position < header.length && position <= end) {
    const slice = header.subarray(position, Math.min(header.length, end + 1, position + step));
    yield slice;
    position += slice.length;
  }
  const run = patternRun(taskId);
  while (position <= end) {
    const phase = (position - header.length) % PATTERN_BYTES;
    const length = Math.min(step, end + 1 - position);
    yield run.subarray(phase, phase + length);
    position += length;
  }
}

/** sha256 of the whole video, computed from the same generator that serves it, and cached. */
export function videoSha256(taskId: string, size: number): string {
  const key = `${taskId}:${size}`;
  const cached = digests.get(key);
  if (cached) return cached;
  const hash = createHash('sha256');
  for (const chunk of videoChunks(taskId, size, 0, size - 1)) hash.update(chunk);
  const digest = hash.digest('hex');
  digests.set(key, digest);
  return digest;
}
