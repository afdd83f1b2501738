import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { rename, stat, truncate } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { fetchVideo, rangeStart, type StorageResponse, totalSize } from '../api/storage.js';
import { type CliError, DownloadError } from '../errors.js';
import { releaseBuffers } from './release-buffers.js';

export interface DownloadRequest {
  url: string;
  /** Final path; `-` streams to `stdout`. */
  path: string;
  stdout?: Writable;
  /** Continue a `.part` left by an earlier run (false: --no-resume). */
  resume: boolean;
  signal: AbortSignal;
  userAgent: string;
  fetch?: typeof fetch;
  /** The API's origin and key, for a video URL served by the API itself (never sent elsewhere). */
  api?: { origin: string; key: string };

  /** No byte for this long: the connection is treated as dropped and resumed. */
  stallMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Re-resolves an expired/forbidden URL through a fresh status query (signed URLs can be renewed). */
  refreshUrl?: () => Promise<string | null>;
  onStart?: (total: number | null, offset: number) => void;
  onProgress?: (done: number) => void;
  onRetry?: (message: string) => void;
  maxAttempts?: number;
}

export interface DownloadResult {
  url: string;
  path: string;
  bytes: number;
  sha256: string;
}

// A minor GC per 2 MiB received keeps the socket buffers from piling up (see release-buffers.ts).
const RELEASE_EVERY = 2 * 2 ** 20;
const EXPIRED = new Set([401, 403, 404, 410]);
// Large chunks: fewer syscalls on big videos (measured in `npm run bench`).
const HIGH_WATER_MARK = 256 * 1024;

/** Streams a video to `<path>.part`, verifies the byte count, then renames: never a truncated file under `path`. */
export async function downloadVideo(request: DownloadRequest): Promise<DownloadResult> {
  const part = `${request.path}.part`;
  const toStdout = request.path === '-';
  const maxAttempts = request.maxAttempts ?? 6;
  let url = request.url;
  let refreshed = false;
  let hasher: Hash = createHash('sha256');
  let hashed = 0;
  let failures = 0;
  let firstAttempt = true;
  /** The size an earlier response of this run claimed, to catch a server that contradicts itself. */
  let claimedTotal: number | null = null;

  for (;;) {
    let offset = toStdout ? hashed : await partSize(part, request.resume || !firstAttempt);
    if (!toStdout && offset !== hashed) [hasher, hashed] = await hashPrefix(part, offset);
    firstAttempt = false;
    const stall = new AbortController();
    const signal = AbortSignal.any([request.signal, stall.signal]);
    let response: StorageResponse;
    try {
      response = await fetchVideo({
        url,
        offset,
        signal,
        userAgent: request.userAgent,
        fetch: request.fetch,
        api: request.api,
      });
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason;
      failures = await retryOrThrow(
        request,
        failures,
        maxAttempts,
        `cannot reach the storage host: ${describe(error)}`,
      );
      continue;
    }
    if (EXPIRED.has(response.status)) {
      response.cancel();
      if (!refreshed && request.refreshUrl) {
        refreshed = true;
        const fresh = await request.refreshUrl();
        if (fresh) {
          url = fresh;
          continue;
        }
      }
      throw new DownloadError(`the video URL answered HTTP ${response.status}: it has expired or is not accessible`, {
        code: 'url_expired',
        hint: 'video URLs live about 24 hours after the task ends; if the task is older, create it again',
      });
    }
    if (response.status === 416 && offset > 0) {
      response.cancel();
      const whole = totalSize(response, 0);
      if (!toStdout && whole === offset && (claimedTotal === null || claimedTotal === whole)) {
        // The .part is already whole (a run stopped between its last byte and the rename): nothing left to fetch.
        request.onStart?.(offset, offset);
        await rename(part, request.path);
        return { url, path: request.path, bytes: offset, sha256: hasher.digest('hex') };
      }
      // Our .part is not a prefix of this resource: start over.
      await truncateTo(part, 0);
      [hasher, hashed] = [createHash('sha256'), 0];
      continue;
    }
    if (!response.ok) {
      response.cancel();
      failures = await retryOrThrow(
        request,
        failures,
        maxAttempts,
        `the storage host answered HTTP ${response.status}`,
      );
      continue;
    }
    if (offset > 0 && (response.status !== 206 || rangeStart(response) !== offset)) {
      // 200 to a Range request: the server sends everything again, so the file starts over.
      offset = 0;
      if (!toStdout) await truncateTo(part, 0);
      if (toStdout && hashed > 0) {
        response.cancel();
        throw new DownloadError('the storage host does not support resuming and the stream was already partly written');
      }
      [hasher, hashed] = [createHash('sha256'), 0];
    }
    const total = totalSize(response, offset);
    claimedTotal ??= total;
    request.onStart?.(total, offset);
    let done = offset;
    let fd: number | undefined;
    try {
      if (!toStdout) fd = openSync(part, offset > 0 ? 'a' : 'w', 0o644);
    } catch (error) {
      response.cancel();
      throw diskError(error, part);
    }
    // No byte for stallMs: the connection is treated as dropped (refreshed per chunk, not re-created).
    const timer = setTimeout(() => stall.abort(new Error('stalled')), request.stallMs);
    const stdout = request.stdout as Writable;
    let sinkError: unknown;
    const onSinkError = (error: unknown) => {
      sinkError ??= error;
    };
    if (toStdout) stdout.on('error', onSinkError);
    let failure: unknown;
    let released = hashed;
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        timer.refresh();
        if (fd !== undefined) {
          // Each byte is on disk (in the page cache) before the next is read, so a resume starts exactly where the
          // connection broke. Synchronous writes measured faster than a WriteStream: no thread-pool round trip and
          // no drain ping-pong per chunk.
          try {
            writeFully(fd, chunk);
          } catch (error) {
            sinkError = error;
            break;
          }
        } else {
          if (sinkError) break;
          if (!stdout.write(chunk)) await drained(stdout, signal);
        }
        hasher.update(chunk);
        hashed += chunk.length;
        done += chunk.length;
        request.onProgress?.(done);
        if (hashed - released >= RELEASE_EVERY) {
          released = hashed;
          releaseBuffers();
        }
      }
    } catch (error) {
      failure = error;
    } finally {
      clearTimeout(timer);
      if (toStdout) stdout.off('error', onSinkError);
      try {
        if (fd !== undefined) closeSync(fd);
      } catch (error) {
        sinkError ??= error; // a network filesystem may report a failed write only here
      }
    }
    if (request.signal.aborted) throw request.signal.reason;
    const writeError = sinkError ?? (isDiskError(failure) ? failure : undefined);
    if (writeError) throw diskError(writeError, toStdout ? 'stdout' : part);
    if (failure) {
      failures = await retryOrThrow(
        request,
        failures,
        maxAttempts,
        `connection lost after ${done} bytes (${describe(failure)})`,
      );
      continue;
    }
    if (total !== null && done !== total) {
      if (done > total && !toStdout) await truncateTo(part, 0);
      failures = await retryOrThrow(
        request,
        failures,
        maxAttempts,
        `received ${done} of ${total} bytes`,
        'size_mismatch',
      );
      continue;
    }
    if (!toStdout) await rename(part, request.path);
    return { url, path: request.path, bytes: done, sha256: hasher.digest('hex') };
  }
}

async function retryOrThrow(
  request: DownloadRequest,
  failures: number,
  maxAttempts: number,
  message: string,
  code = 'download_failed',
): Promise<number> {
  const count = failures + 1;
  if (count >= maxAttempts) {
    throw new DownloadError(`download failed after ${count} attempts: ${message}`, {
      code,
      hint: request.path === '-' ? undefined : 'run the same command again: it resumes from the .part file',
    });
  }
  request.onRetry?.(`${message}; resuming (attempt ${count + 1} of ${maxAttempts})`);
  await request.sleep(Math.min(250 * 2 ** (count - 1), 4000), request.signal);
  return count;
}

async function partSize(part: string, resume: boolean): Promise<number> {
  if (!resume) return 0;
  try {
    return (await stat(part)).size;
  } catch {
    return 0;
  }
}

async function truncateTo(path: string, size: number): Promise<void> {
  await truncate(path, size).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Re-hashes the bytes already on disk so the final sha256 covers the whole file after a resume. */
async function hashPrefix(path: string, size: number): Promise<[Hash, number]> {
  const hash = createHash('sha256');
  if (size > 0) {
    for await (const chunk of createReadStream(path, { start: 0, end: size - 1, highWaterMark: HIGH_WATER_MARK })) {
      hash.update(chunk as Buffer);
    }
  }
  return [hash, size];
}

function isDiskError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return (
    code === 'ENOSPC' ||
    code === 'EACCES' ||
    code === 'EROFS' ||
    code === 'EDQUOT' ||
    code === 'EPERM' ||
    code === 'EISDIR'
  );
}

function diskError(error: unknown, path: string): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  return new DownloadError(`cannot write ${path}: ${code} (${(error as Error).message})`, {
    code: 'disk_error',
    hint:
      code === 'ENOSPC'
        ? 'free some space, then run the same command again: it resumes from the .part file'
        : undefined,
  });
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

function writeFully(fd: number, chunk: Buffer): void {
  for (let written = 0; written < chunk.length; ) written += writeSync(fd, chunk, written);
}

/** Waits for a full sink to take more, or for the download to be aborted (a stall or Ctrl-C). */
async function drained(sink: Writable, signal: AbortSignal): Promise<void> {
  await once(sink, 'drain', { signal });
}
