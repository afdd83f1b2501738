import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, createReadStream, existsSync, openSync, writeSync } from 'node:fs';
import { rename, stat, truncate } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { fetchVideo, rangeStart, type StorageResponse, statedSha256, totalSize } from '../api/storage.js';
import { type CliError, DownloadError } from '../errors.js';
import {
  ifRangeOf,
  type PartRecord,
  partMismatch,
  readPartRecord,
  removePartRecord,
  withoutQuery,
  writePartRecord,
} from './part-record.js';
import { releaseBuffers } from './release-buffers.js';
import { inlineSha256, type Sha256Stream, workerSha256 } from './sha256-stream.js';
import { hashHook, killPoint } from './test-hook.js';

export interface DownloadRequest {
  url: string;
  /** Final path; `-` streams to `stdout`. */
  path: string;
  /** The task whose video this is (null: a plain URL): recorded beside the .part, so a resume continues only it. */
  taskId: string | null;
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
  /** The whole video is in the .part and verified, about to be renamed to `path`: record it now, so a run killed
   * right after the rename still knows the file for this video's (its sha256). */
  onVerified?: (result: { bytes: number; sha256: string }) => void;
  onProgress?: (done: number) => void;
  onRetry?: (message: string) => void;
  /** The .part on disk is not continued (another video's, or the object changed): why, e.g. "was not this video's". */
  onRestart?: (reason: string) => void;
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
// Below this size a worker thread's start costs more than hashing on the main thread saves.
const WORKER_MIN = 8 * 2 ** 20;

/** Streams a video to `<path>.part`, verifies the byte count, then renames: never a truncated file under `path`. */
export async function downloadVideo(request: DownloadRequest): Promise<DownloadResult> {
  refuseNonHttp(request.url);
  const hash: HashState = { stream: null, bytes: 0 };
  try {
    return await download(request, hash);
  } finally {
    hash.stream?.close();
  }
}

/** The sha256 of the bytes this run holds so far (on disk, or written to the stream); null: none yet. */
interface HashState {
  stream: Sha256Stream | null;
  bytes: number;
}

async function download(request: DownloadRequest, hash: HashState): Promise<DownloadResult> {
  const part = `${request.path}.part`;
  const toStdout = request.path === '-';
  const maxAttempts = request.maxAttempts ?? 6;
  let url = request.url;
  let refreshed = false;
  let failures = 0;
  /** The size an earlier response of this run claimed, to catch a server that contradicts itself. */
  let claimedTotal: number | null = null;
  /** What the .part holds; null: nothing of this video is on disk yet (the .part is rewritten from byte 0). */
  let record = toStdout || !request.resume ? null : trustedRecord(part, request);
  /** The sha256 the storage states of the whole object, when it states one: the finished file must hash to it. */
  let stated: string | null = null;

  for (;;) {
    // A record means the .part holds this video (from an earlier run, or written by this one): continue it.
    let offset = toStdout ? hash.bytes : record ? await partSize(part) : 0;
    if (!toStdout && offset !== hash.bytes) await hashPrefix(part, offset, hash, record?.size ?? null);
    const ifRange = offset > 0 ? ifRangeOf(record) : null;
    const stall = new AbortController();
    const signal = AbortSignal.any([request.signal, stall.signal]);
    let response: StorageResponse;
    try {
      response = await fetchVideo({
        url,
        offset,
        ifRange,
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
          refuseNonHttp(fresh);
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
      const sameSize = (claimedTotal ?? record?.size ?? whole) === whole;
      if (!toStdout && whole === offset && sameSize) {
        // The .part is already whole (a run stopped between its last byte and the rename): nothing left to fetch.
        request.onStart?.(offset, offset);
        const sha256 = await digest(hash);
        request.onVerified?.({ bytes: offset, sha256 });
        await rename(part, request.path);
        killPoint('after-rename');
        removePartRecord(part);
        return { url, path: request.path, bytes: offset, sha256 };
      }
      // Our .part is not a prefix of this resource: start over.
      await truncateTo(part, 0);
      resetHash(hash);
      record = null;
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
    if (offset > 0 && response.status === 206 && record && !sameObject(record, response)) {
      // A storage host that ignores If-Range: its size or ETag still tells that the object was replaced.
      response.cancel();
      request.onRestart?.('holds an older copy of this video (the stored object changed); starting over');
      resetHash(hash);
      record = null;
      continue;
    }
    if (offset > 0 && (response.status !== 206 || rangeStart(response) !== offset)) {
      // 200 to a Range request: the server sends everything again, so the file starts over. With If-Range, that is
      // how the storage says the object changed since the .part was written.
      if (ifRange && response.status === 200 && record && !sameObject(record, response)) {
        request.onRestart?.('holds an older copy of this video (the stored object changed); starting over');
      }
      offset = 0;
      if (!toStdout) await truncateTo(part, 0);
      if (toStdout && hash.bytes > 0) {
        response.cancel();
        throw new DownloadError('the storage host does not support resuming and the stream was already partly written');
      }
      resetHash(hash);
    }
    const total = totalSize(response, offset);
    claimedTotal ??= total;
    stated = statedSha256(response) ?? (offset > 0 ? stated : null);
    hash.stream ??= await startHash(total);
    request.onStart?.(total, offset);
    let done = offset;
    let fd: number | undefined;
    try {
      if (!toStdout && offset > 0) fd = openSync(part, 'a', 0o644);
      if (!toStdout && offset === 0) {
        // Record removed, .part emptied, then the new record: a crash in between never labels old bytes as this video.
        removePartRecord(part);
        fd = openSync(part, 'w', 0o644);
        record = describePart(request.taskId, url, total, response);
        writePartRecord(part, record);
      }
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
    let hashError: unknown;
    let released = hash.bytes;
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
        try {
          // Waits only when the hash worker is behind (its queue is bounded).
          await hash.stream.update(chunk);
        } catch (error) {
          hashError = error;
          break;
        }
        hash.bytes += chunk.length;
        done += chunk.length;
        request.onProgress?.(done);
        if (hash.bytes - released >= RELEASE_EVERY) {
          released = hash.bytes;
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
    if (hashError) throw hashError;
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
    const sha256 = await digest(hash);
    if (stated !== null && sha256 !== stated) {
      if (!toStdout) await truncateTo(part, 0);
      resetHash(hash);
      record = null;
      if (toStdout) throw new DownloadError(`the video's sha256 is not the one the storage host states (${stated})`);
      failures = await retryOrThrow(
        request,
        failures,
        maxAttempts,
        `the bytes received hash to sha256 ${sha256.slice(0, 12)}…, not the ${stated.slice(0, 12)}… the storage host states`,
        'digest_mismatch',
      );
      continue;
    }
    if (!toStdout) {
      request.onVerified?.({ bytes: done, sha256 });
      await rename(part, request.path);
      killPoint('after-rename');
      removePartRecord(part);
    }
    return { url, path: request.path, bytes: done, sha256 };
  }
}

/** The record of a .part this run may continue; otherwise null, after saying why the .part is not continued. */
function trustedRecord(part: string, request: DownloadRequest): PartRecord | null {
  if (!existsSync(part)) return null;
  const record = readPartRecord(part);
  const mismatch = partMismatch(record, request.taskId, request.url);
  if (mismatch === null) return record;
  request.onRestart?.(`${mismatch}; starting over`);
  return null;
}

function describePart(task: string | null, url: string, size: number | null, response: StorageResponse): PartRecord {
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  return { task, url: withoutQuery(url), size, etag, lastModified };
}

/** The object the .part was started from: same size, ETag and Last-Modified, where both sides know them. */
function sameObject(record: PartRecord, response: StorageResponse): boolean {
  const same = (ours: string | number | null, theirs: string | number | null) =>
    ours === null || theirs === null || ours === theirs;
  return (
    same(record.size, totalSize(response, response.status === 206 ? (rangeStart(response) ?? 0) : 0)) &&
    same(record.etag, response.headers.get('etag')) &&
    same(record.lastModified, response.headers.get('last-modified'))
  );
}

/** A `file://` (or any non-HTTP) URL from the API is never fetched: it could read or write local files. */
export function refuseNonHttp(url: string): void {
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {}
  if (protocol === 'http:' || protocol === 'https:') return;
  const shown = protocol ? JSON.stringify(withoutQuery(url)) : '(unparseable)';
  throw new DownloadError(`the API returned a video URL that is not http(s): ${shown}`, { code: 'bad_video_url' });
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

async function partSize(part: string): Promise<number> {
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

/**
 * The sha256 the storage host states for `url` (a HEAD request), or null: none stated, or no answer within the
 * timeout. A Ctrl-C still ends the command.
 */
export async function storageSha256(
  url: string,
  options: Pick<DownloadRequest, 'signal' | 'userAgent' | 'fetch' | 'api'> & { timeoutMs: number },
): Promise<string | null> {
  try {
    const response = await fetchVideo({
      url,
      offset: 0,
      method: 'HEAD',
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
      userAgent: options.userAgent,
      fetch: options.fetch,
      api: options.api,
    });
    response.cancel();
    return response.ok ? statedSha256(response) : null;
  } catch {
    if (options.signal.aborted) throw options.signal.reason;
    return null;
  }
}

/** sha256 (hex) of a whole file as it is on disk now. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: HIGH_WATER_MARK })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A worker thread for a large (or unknown) size, so hashing overlaps the transfer; in line for a small one. */
async function startHash(size: number | null): Promise<Sha256Stream> {
  const hook = hashHook();
  if (hook) return workerSha256({ crash: hook === 'worker-crash' });
  return size !== null && size < WORKER_MIN ? inlineSha256() : workerSha256();
}

function resetHash(hash: HashState): void {
  hash.stream?.close();
  [hash.stream, hash.bytes] = [null, 0];
}

async function digest(hash: HashState): Promise<string> {
  const stream = hash.stream ?? (await startHash(0));
  const sha256 = await stream.digest();
  resetHash(hash);
  return sha256;
}

/** Re-hashes the bytes already on disk so the final sha256 covers the whole file after a resume. */
async function hashPrefix(path: string, size: number, hash: HashState, total: number | null): Promise<void> {
  resetHash(hash);
  hash.stream = await startHash(total ?? size);
  if (size > 0) {
    for await (const chunk of createReadStream(path, { start: 0, end: size - 1, highWaterMark: HIGH_WATER_MARK })) {
      await hash.stream.update(chunk as Buffer);
    }
  }
  hash.bytes = size;
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
