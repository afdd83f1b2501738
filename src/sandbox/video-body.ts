import type { ServerResponse } from 'node:http';
import { type Faults, takeCounted } from './faults.js';
import { drained, flushed, sleep } from './http.js';
import { MAX_CHUNK_BYTES, type Video, videoChunks } from './video-bytes.js';

export interface VideoSlice extends Video {
  start: number;
  end: number;
}

/**
 * Writes status, headers and bytes `start..end` of a video in large chunks, honouring backpressure so a 1 GiB body
 * streams in flat memory. Applies the body faults: dropAfterBytes, throttleBytesPerSec, contentLengthLie.
 */
export async function sendVideo(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | number>,
  slice: VideoSlice,
  faults: Faults,
  headOnly: boolean,
): Promise<void> {
  const lie = Math.max(0, faults.contentLengthLie);
  const length = slice.end - slice.start + 1;
  res.writeHead(status, {
    ...headers,
    'Content-Length': length + lie,
    ...(lie > 0 ? { Connection: 'close' } : {}),
  });
  if (headOnly) {
    res.end();
    return;
  }
  const dropAt = faults.dropAfterBytes && takeCounted(faults.dropAfterBytes) ? faults.dropAfterBytes.bytes : Infinity;
  const rate = faults.throttleBytesPerSec;
  const chunkBytes = rate > 0 ? Math.max(1, Math.min(MAX_CHUNK_BYTES, Math.floor(rate / 20))) : MAX_CHUNK_BYTES;
  const startedAt = performance.now();
  let sent = 0;
  for (const chunk of videoChunks(slice, slice.start, slice.end, chunkBytes)) {
    if (res.destroyed) return;
    if (sent + chunk.length > dropAt) {
      await flushed(res, chunk.subarray(0, Math.max(0, dropAt - sent)));
      res.socket?.destroy();
      return;
    }
    sent += chunk.length;
    if (!res.write(chunk)) await drained(res);
    // Read live: a test that switches the throttle off mid-body gets the rest at full speed.
    if (rate > 0 && faults.throttleBytesPerSec > 0) {
      const wait = startedAt + (sent / rate) * 1000 - performance.now();
      if (wait > 0) await sleep(wait);
    }
  }
  // A lying Content-Length leaves the client waiting for bytes that never come: `Connection: close` ends it.
  res.end();
}
