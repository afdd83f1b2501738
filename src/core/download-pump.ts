import type { Sink } from './download-sink.js';
import { releaseBuffers } from './release-buffers.js';
import type { Sha256Stream } from './sha256-stream.js';

// A minor GC per 2 MiB received keeps the socket buffers from piling up (see release-buffers.ts).
const RELEASE_EVERY = 2 * 2 ** 20;

export interface PumpOptions {
  /** Ctrl-C, or the stall below: either ends the transfer. */
  signal: AbortSignal;
  /** No byte for this long: `stall` is aborted (the connection is treated as dropped). */
  stallMs: number;
  stall: AbortController;
  /** After each chunk is written and hashed: the bytes of this attempt so far. */
  onChunk?: (bytes: number) => void;
}

export interface PumpResult {
  /** Bytes written and hashed in this attempt. */
  bytes: number;
  /** Why the body ended early (a dropped connection, a stall, an abort), if it did. */
  failure?: unknown;
  /** The hash worker failed: the transfer stopped and the bytes on disk are not vouched for. */
  hashError?: unknown;
}

/** Copies a response body into the sink and the hash, chunk by chunk. Write errors are left in `sink.error`. */
export async function pump(
  body: AsyncIterable<Buffer> | Iterable<Buffer>,
  sink: Sink,
  hash: Sha256Stream,
  options: PumpOptions,
): Promise<PumpResult> {
  const result: PumpResult = { bytes: 0 };
  // Refreshed per chunk, not re-created.
  const timer = setTimeout(() => options.stall.abort(new Error('stalled')), options.stallMs);
  let released = 0;
  try {
    for await (const chunk of body) {
      timer.refresh();
      const writing = sink.write(chunk, options.signal);
      if (writing) await writing;
      if (sink.error) break;
      try {
        // Waits only when the hash worker is behind (its queue is bounded).
        const hashing = hash.update(chunk);
        if (hashing) await hashing;
      } catch (error) {
        result.hashError = error;
        break;
      }
      result.bytes += chunk.length;
      options.onChunk?.(result.bytes);
      if (result.bytes - released >= RELEASE_EVERY) {
        released = result.bytes;
        releaseBuffers();
      }
    }
  } catch (error) {
    result.failure = error;
  } finally {
    clearTimeout(timer);
  }
  return result;
}
