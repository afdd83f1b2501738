import type { Readable, Writable } from 'node:stream';

export type OutStream = Writable & { isTTY?: boolean; columns?: number };
export type InStream = Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

/** Whether a stream is a terminal (the one place outside the Output that asks, for the CLI's fast paths). */
export const isTty = (stream: OutStream | InStream): boolean => stream.isTTY === true;

/** Everything main() touches outside itself, so tests can run it in process. */
export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Where SIGINT/SIGTERM come from (process in production, an EventEmitter in tests). */
  signals: SignalSource;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Test knob: base delay of HTTP retries in ms (ky's backoff). */
  retryBaseMs?: number;
}

export interface SignalSource {
  on(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // On first use only: creating process.stdin loads fs streams, fs/promises and readline (`npm run bench`).
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
    signals: process,
    now: Date.now,
    sleep,
  };
}
