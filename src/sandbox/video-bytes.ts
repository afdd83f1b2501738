import { createHash } from 'node:crypto';
import { clipFor } from './video-clips.js';

const PATTERN_BYTES = 64 * 1024;
/** Largest chunk handed out: the cached run holds this much plus one pattern, so any phase can be sliced. */
export const MAX_CHUNK_BYTES = 16 * PATTERN_BYTES;
export const MIN_VIDEO_BYTES = 64;

const runs = new Map<string, Buffer>();
const digests = new Map<string, string>();

/** One served video: whose bytes (`key`, see videoKey), which clip (the task's ratio), and its total size. */
export interface Video {
  key: string;
  ratio: string | null;
  size: number;
}

/** Whose bytes a video is: its task id, and the revision when the stored object was replaced (faults.videoRevision). */
export function videoKey(taskId: string, revision: number): string {
  return revision > 0 ? `${taskId}@r${revision}` : taskId;
}

/**
 * The bytes before the padding: the ratio's playable clip, then the header of a `free` box that fills the file up to
 * `size` (players skip it). A size below the clip's plus 8 gets the clip cut short: the file no longer plays.
 */
export function videoHead(video: Video): Buffer {
  const { mp4 } = clipFor(video.ratio);
  const rest = video.size - mp4.length;
  if (rest < 8) return mp4.subarray(0, video.size);
  if (rest <= 0xffffffff) {
    const free = Buffer.alloc(8);
    free.writeUInt32BE(rest, 0);
    free.write('free', 4, 'latin1');
    return Buffer.concat([mp4, free]);
  }
  const free = Buffer.alloc(16);
  free.writeUInt32BE(1, 0);
  free.write('free', 4, 'latin1');
  free.writeBigUInt64BE(BigInt(rest), 8);
  return Buffer.concat([mp4, free]);
}

/** The padding repeats a 64 KiB pattern derived from sha256(key); this is 17 copies of it, built once. */
function patternRun(key: string): Buffer {
  const cached = runs.get(key);
  if (cached) return cached;
  const pattern = Buffer.alloc(PATTERN_BYTES);
  for (let i = 0; i < PATTERN_BYTES / 32; i++) {
    createHash('sha256')
      .update(`${key}:${i}`)
      .digest()
      .copy(pattern, i * 32);
  }
  const run = Buffer.concat(Array.from({ length: MAX_CHUNK_BYTES / PATTERN_BYTES + 1 }, () => pattern));
  if (runs.size >= 8) runs.delete(runs.keys().next().value as string);
  runs.set(key, run);
  return run;
}

/**
 * Bytes `start..end` (inclusive) of a video, as chunks of at most `chunkBytes`. The chunks are views of shared
 * buffers: never mutate them.
 */
export function* videoChunks(
  video: Video,
  start: number,
  end: number,
  chunkBytes = MAX_CHUNK_BYTES,
): Generator<Buffer> {
  const head = videoHead(video);
  const step = Math.max(1, Math.min(chunkBytes, MAX_CHUNK_BYTES));
  let position = start;
  while (position < head.length && position <= end) {
    const slice = head.subarray(position, Math.min(head.length, end + 1, position + step));
    yield slice;
    position += slice.length;
  }
  if (position > end) return;
  const run = patternRun(video.key);
  while (position <= end) {
    const phase = (position - head.length) % PATTERN_BYTES;
    const length = Math.min(step, end + 1 - position);
    yield run.subarray(phase, phase + length);
    position += length;
  }
}

/** sha256 of the whole video, computed from the same generator that serves it, and cached. */
export function videoSha256(video: Video): string {
  const key = `${video.key}:${video.ratio}:${video.size}`;
  const cached = digests.get(key);
  if (cached) return cached;
  const hash = createHash('sha256');
  for (const chunk of videoChunks(video, 0, video.size - 1)) hash.update(chunk);
  const digest = hash.digest('hex');
  digests.set(key, digest);
  return digest;
}
