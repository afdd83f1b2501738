import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options: { type: 'minor' }) => void;
let gc: Gc | null | undefined;

/**
 * Frees the socket buffers a download has finished with. Each socket read is a fresh 64 KiB buffer, and V8 frees
 * them only when its young generation fills or external memory has grown by tens of MB, so a long download sits
 * ~25 MB above what it needs (measured: peak RSS 98 → 73 MB for 1 GiB with a minor GC every 4 MiB, 70 MB every 2 MiB; same speed).
 * A minor GC (a scavenge) costs well under a millisecond. `gc` is exposed by setting the documented flag late and
 * reading it in a throwaway context, so the global scope stays untouched; where that fails, nothing happens.
 */
export function releaseBuffers(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as Gc;
    } catch {
      gc = null;
    }
  }
  gc?.({ type: 'minor' });
}
