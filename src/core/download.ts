import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Writable } from 'node:stream';
import { fetchVideo, type StorageResponse, statedSha256, totalSize } from '../api/storage.js';
import { type CliError, DownloadError } from '../errors.js';
import { pump } from './download-pump.js';
import { classify } from './download-response.js';
import { fileSink, type Sink, streamSink } from './download-sink.js';
import {
  ifRangeOf,
  type PartRecord,
  partMismatch,
  readPartRecord,
  removePartRecord,
  withoutQuery,
} from './part-record.js';
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

// Large chunks: fewer syscalls on big videos (measured in `npm run bench`).
const HIGH_WATER_MARK = 256 * 1024;
// Below this size a worker thread's start costs more than hashing on the main thread saves.
const WORKER_MIN = 8 * 2 ** 20;
const RESTARTING = 'holds an older copy of this video (the stored object changed); starting over';

/**
 * Streams a video to `<path>.part` (or a stream), verifies the byte count and sha256, then renames: never a truncated
 * file under `path`. Each attempt: a request from what the sink holds, the response classified, the body pumped.
 */
export async function downloadVideo(request: DownloadRequest): Promise<DownloadResult> {
  refuseNonHttp(request.url);
  const toStdout = request.path === '-';
  const part = `${request.path}.part`;
  const sink = toStdout ? streamSink(request.stdout as Writable) : fileSink(part);
  const hash: HashState = { stream: null, bytes: 0 };
  try {
    return await download(request, sink, part, hash);
  } finally {
    hash.stream?.close();
  }
}

/** The sha256 of the bytes this run holds so far (on disk, or written to the stream); null: none yet. */
interface HashState {
  stream: Sha256Stream | null;
  bytes: number;
}

async function download(request: DownloadRequest, sink: Sink, part: string, hash: HashState): Promise<DownloadResult> {
  const maxAttempts = request.maxAttempts ?? 6;
  let url = request.url;
  let refreshed = false;
  let failures = 0;
  const retry = async (message: string, code?: string) => {
    failures = await retryOrThrow(request, failures, maxAttempts, message, code);
  };
  /** The size an earlier response of this run claimed, to catch a server that contradicts itself. */
  let claimedTotal: number | null = null;
  /** What the .part holds; null: nothing of this video is on disk yet (the .part is rewritten from byte 0). */
  let record = !sink.file || !request.resume ? null : trustedRecord(part, request);
  /** The sha256 the storage states of the whole object, when it states one: the finished file must hash to it. */
  let stated: string | null = null;

  for (;;) {
    // A record means the .part holds this video (from an earlier run, or written by this one): continue it.
    let offset = !sink.file ? hash.bytes : record ? await sink.size() : 0;
    if (sink.file && offset !== hash.bytes) await hashPrefix(part, offset, hash, record?.size ?? null);
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
      await retry(`cannot reach the storage host: ${describe(error)}`);
      continue;
    }
    const verdict = classify(response, { offset, record, ifRange, claimedTotal, file: sink.file });
    if (verdict.kind !== 'write' && verdict.kind !== 'restart') response.cancel();
    // A file can start over; a stream cannot take back what it already wrote (the video would come out twice).
    const startsOver = verdict.kind === 'not-a-prefix' || verdict.kind === 'replaced' || verdict.kind === 'restart';
    if (startsOver && !sink.file && hash.bytes > 0) {
      response.cancel();
      throw new DownloadError('the video cannot be resumed and the stream was already partly written', {
        hint: 'download to a file instead (-o <file>): a file resumes or starts over safely',
      });
    }
    switch (verdict.kind) {
      case 'expired': {
        const fresh = refreshed || !request.refreshUrl ? null : await request.refreshUrl();
        refreshed = true;
        if (fresh) {
          refuseNonHttp(fresh);
          url = fresh;
          continue;
        }
        throw new DownloadError(`the video URL answered HTTP ${response.status}: it has expired or is not accessible`, {
          code: 'url_expired',
          hint: 'video URLs live about 24 hours after the task ends; if the task is older, create it again',
        });
      }
      case 'complete':
        // The .part is already whole (a run stopped between its last byte and the rename): nothing left to fetch.
        request.onStart?.(offset, offset);
        return finish(request, part, url, offset, await digest(hash));
      case 'not-a-prefix':
        // Our .part is not a prefix of this resource: start over.
        await sink.truncate();
        resetHash(hash);
        record = null;
        continue;
      case 'retry':
        await retry(verdict.message);
        continue;
      case 'replaced':
        request.onRestart?.(RESTARTING);
        resetHash(hash);
        record = null;
        continue;
      case 'restart':
        // 200 to a Range request: the server sends everything again, so the file starts over. With If-Range, that is
        // how the storage says the object changed since the .part was written.
        if (verdict.changed) request.onRestart?.(RESTARTING);
        offset = 0;
        await sink.truncate();
        resetHash(hash);
        break;
    }
    const total = totalSize(response, offset);
    claimedTotal ??= total;
    stated = statedSha256(response) ?? (offset > 0 ? stated : null);
    hash.stream ??= await startHash(total);
    request.onStart?.(total, offset);
    try {
      if (offset === 0 && sink.file) record = describePart(request.taskId, url, total, response);
      sink.open(offset, record);
    } catch (error) {
      response.cancel();
      throw diskError(error, sink.label);
    }
    const pumped = await pump(response.body as AsyncIterable<Buffer>, sink, hash.stream, {
      signal,
      stall,
      stallMs: request.stallMs,
      onChunk: (bytes) => request.onProgress?.(offset + bytes),
    }).finally(() => sink.close());
    hash.bytes += pumped.bytes;
    const done = offset + pumped.bytes;
    if (request.signal.aborted) throw request.signal.reason;
    if (pumped.hashError) throw pumped.hashError;
    const writeError = sink.error ?? (isDiskError(pumped.failure) ? pumped.failure : undefined);
    if (writeError) throw diskError(writeError, sink.label);
    if (pumped.failure) {
      await retry(`connection lost after ${done} bytes (${describe(pumped.failure)})`);
      continue;
    }
    if (total !== null && done !== total) {
      if (done > total) await sink.truncate();
      await retry(`received ${done} of ${total} bytes`, 'size_mismatch');
      continue;
    }
    const sha256 = await digest(hash);
    if (stated !== null && sha256 !== stated) {
      await sink.truncate();
      record = null;
      if (!sink.file) throw new DownloadError(`the video's sha256 is not the one the storage host states (${stated})`);
      await retry(
        `the bytes received hash to sha256 ${sha256.slice(0, 12)}…, not the ${stated.slice(0, 12)}… the storage host states`,
        'digest_mismatch',
      );
      continue;
    }
    return sink.file ? finish(request, part, url, done, sha256) : { url, path: request.path, bytes: done, sha256 };
  }
}

/** The whole video is in the .part and verified: recorded, then renamed into place. */
async function finish(
  request: DownloadRequest,
  part: string,
  url: string,
  bytes: number,
  sha256: string,
): Promise<DownloadResult> {
  request.onVerified?.({ bytes, sha256 });
  await rename(part, request.path);
  killPoint('after-rename');
  removePartRecord(part);
  return { url, path: request.path, bytes, sha256 };
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

/**
 * A worker thread for a large (or unknown) size, so hashing overlaps the transfer; in line for a small one, or on a
 * single core, where a second thread can only take turns with the first.
 */
async function startHash(size: number | null): Promise<Sha256Stream> {
  const hook = hashHook();
  if (hook) return workerSha256({ crash: hook === 'worker-crash' });
  const small = size !== null && size < WORKER_MIN;
  return small || availableParallelism() < 2 ? inlineSha256() : workerSha256();
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
