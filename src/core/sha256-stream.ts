import { createHash } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { DownloadError } from '../errors.js';

/**
 * A running sha256 of a byte stream. `update` returns a promise only when the caller must wait (the worker's queue is
 * full); `digest` ends it. `close` frees it at any point (idempotent).
 */
export interface Sha256Stream {
  update(chunk: Uint8Array): Promise<void> | undefined;
  digest(): Promise<string>;
  close(): void;
}

export function inlineSha256(): Sha256Stream {
  const hash = createHash('sha256');
  return {
    update(chunk) {
      hash.update(chunk);
      return undefined;
    },
    digest: async () => hash.digest('hex'),
    close() {},
  };
}

// Chunks are copied into batches of this size and each batch is transferred (not copied again) to the worker and
// back: one message per MiB instead of one per socket read, and the same few buffers reused. At most MAX_IN_FLIGHT
// batches wait there, so memory stays flat when the network outruns the hashing.
const BATCH = 1024 * 1024;
const MAX_IN_FLIGHT = 4;

// Evaluated, not a file: the same code runs from src (tests), the bundled CLI, the ESM and CommonJS library builds
// and the installed tarball, with nothing to locate on disk. `crash` is for the tests (SEEDANCE_TEST_HASH).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const hash = require('node:crypto').createHash('sha256');
let batches = 0;
parentPort.on('message', (message) => {
  if (message === 'digest') return parentPort.postMessage({ digest: hash.digest('hex') });
  if (workerData.crash && ++batches > 1) throw new Error('hash worker crashed (SEEDANCE_TEST_HASH=worker-crash)');
  hash.update(new Uint8Array(message.buffer, 0, message.length));
  parentPort.postMessage({ buffer: message.buffer }, [message.buffer]);
});
`;

/** A sha256 computed on a worker thread, so hashing overlaps the transfer instead of taking turns with it. */
export async function workerSha256(options: { crash?: boolean } = {}): Promise<Sha256Stream> {
  const { Worker } = await import('node:worker_threads');
  const worker: Worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { crash: options.crash ?? false } });
  // Unreferenced except while the caller waits on it: a stream nobody closed never holds the process open.
  worker.unref();
  let failure: Error | null = null;
  let inFlight = 0;
  let batch = new Uint8Array(BATCH);
  const free: ArrayBuffer[] = [];
  let filled = 0;
  let hex: string | undefined;
  let closed = false;
  let waiters: (() => void)[] = [];
  const changed = () => {
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
  };
  const until = async (done: () => boolean) => {
    worker.ref();
    try {
      while (!done() && !failure) await new Promise<void>((resolve) => waiters.push(resolve));
    } finally {
      worker.unref();
    }
    if (failure) throw failure;
  };
  const fail = (error: Error) => {
    failure ??= new DownloadError(`cannot compute the video's sha256: ${error.message}`, { code: 'hash_failed' });
    changed();
  };
  worker.on('message', (message: { buffer?: ArrayBuffer; digest?: string }) => {
    if (message.digest !== undefined) hex = message.digest;
    if (message.buffer) {
      free.push(message.buffer);
      inFlight -= 1;
    }
    changed();
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (!closed) fail(new Error(`the hash worker exited (${code})`));
  });

  const send = () => {
    if (filled === 0) return;
    worker.postMessage({ buffer: batch.buffer, length: filled }, [batch.buffer]);
    inFlight += 1;
    const reused = free.pop();
    batch = reused ? new Uint8Array(reused) : new Uint8Array(BATCH);
    filled = 0;
  };
  const room = () => until(() => inFlight < MAX_IN_FLIGHT);
  const close = () => {
    if (closed) return;
    closed = true;
    void worker.terminate();
    // Anyone still waiting on the worker (or calling digest later) gets an error, not a wait that never ends.
    failure ??= new DownloadError('the sha256 stream was closed', { code: 'hash_failed' });
    changed();
  };

  const stream: Sha256Stream = {
    update(chunk) {
      if (failure) throw failure;
      for (let at = 0; at < chunk.length; ) {
        const n = Math.min(chunk.length - at, BATCH - filled);
        batch.set(chunk.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled < BATCH) continue;
        send();
        if (inFlight < MAX_IN_FLIGHT) continue;
        // The worker is behind: the caller waits (the rest of a large chunk goes in once there is room).
        const rest = chunk.subarray(at);
        return room().then(() => (rest.length ? stream.update(rest) : undefined));
      }
      return undefined;
    },
    async digest() {
      if (failure) throw failure;
      send();
      worker.postMessage('digest');
      await until(() => hex !== undefined);
      close();
      return hex as string;
    },
    close,
  };
  return stream;
}
