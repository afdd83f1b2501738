import { once } from 'node:events';
import { closeSync, openSync, writeSync } from 'node:fs';
import { stat, truncate } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { type PartRecord, removePartRecord, writePartRecord } from './part-record.js';

/** Where a download's bytes go: a `.part` file (resumable, renamed when whole) or a stream such as stdout. */
export interface Sink {
  /** A file: what it holds survives the run, can be emptied, and carries a record of which video it holds. */
  readonly file: boolean;
  /** For error messages: the .part's path, or "stdout". */
  readonly label: string;
  /** The first write error (a full disk, a closed pipe); once set, the transfer stops. */
  readonly error: unknown;
  /** The bytes a file already holds (0 when there is none). */
  size(): Promise<number>;
  /** Ready to take bytes from `offset`; at 0 a file is emptied first and `record` written beside it. */
  open(offset: number, record: PartRecord | null): void;
  /** Takes a chunk; a promise when the caller must wait (a full pipe). On failure sets `error` instead of throwing. */
  write(chunk: Buffer, signal: AbortSignal): Promise<void> | undefined;
  /** Ends this attempt's writes (a network filesystem may report a failed write only here: `error`). */
  close(): void;
  /** Empties a file. */
  truncate(): Promise<void>;
}

export function fileSink(part: string): Sink {
  let fd: number | undefined;
  let error: unknown;
  return {
    file: true,
    label: part,
    get error() {
      return error;
    },
    async size() {
      try {
        return (await stat(part)).size;
      } catch {
        return 0;
      }
    },
    open(offset, record) {
      if (offset > 0) {
        fd = openSync(part, 'a', 0o644);
        return;
      }
      // Record removed, .part emptied, then the new record: a crash in between never labels old bytes as this video.
      removePartRecord(part);
      fd = openSync(part, 'w', 0o644);
      if (record) writePartRecord(part, record);
    },
    write(chunk) {
      // Each byte is on disk (in the page cache) before the next is read, so a resume starts exactly where the
      // connection broke. Synchronous writes measured faster than a WriteStream: no thread-pool round trip and no
      // drain ping-pong per chunk.
      try {
        for (let written = 0; written < chunk.length; ) written += writeSync(fd as number, chunk, written);
      } catch (failure) {
        error ??= failure;
      }
      return undefined;
    },
    close() {
      try {
        if (fd !== undefined) closeSync(fd);
      } catch (failure) {
        error ??= failure;
      }
      fd = undefined;
    },
    async truncate() {
      await truncate(part, 0).catch((failure: NodeJS.ErrnoException) => {
        if (failure.code !== 'ENOENT') throw failure;
      });
    },
  };
}

export function streamSink(stream: Writable): Sink {
  let error: unknown;
  const onError = (failure: unknown) => {
    error ??= failure;
  };
  return {
    file: false,
    label: 'stdout',
    get error() {
      return error;
    },
    size: async () => 0,
    open() {
      stream.on('error', onError);
    },
    write(chunk, signal) {
      if (error) return undefined;
      // Waits for a full sink to take more, or for the download to be aborted (a stall or Ctrl-C).
      if (!stream.write(chunk)) return once(stream, 'drain', { signal }).then(() => undefined);
      return undefined;
    },
    close() {
      stream.off('error', onError);
    },
    truncate: async () => {},
  };
}
