import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from './context.js';
import { arkRequestId, storageErrorXml } from './errors.js';
import { sendVideo } from './video-body.js';
import { videoKey, videoSha256 } from './video-bytes.js';
import { clipFor } from './video-clips.js';

const ASSET_PATH = /^\/(videos|frames)\/(cgt-[A-Za-z0-9-]+)\.(mp4|png)$/;

type Range = { start: number; end: number } | 'unsatisfiable' | null;

/** `bytes=N-`, `bytes=N-M`, `bytes=-S`; anything else (several ranges included) is ignored like many servers do. */
export function parseRange(header: string | undefined, size: number): Range {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}

/**
 * The storage origin, a separate listener like Ark's TOS bucket: pre-signed URLs, no Authorization needed. A
 * client that forwards its API key here leaks it to another origin, so every such header is counted.
 */
export function createStorageHandler(ctx: SandboxContext) {
  return (req: IncomingMessage, res: ServerResponse) => {
    serveStorage(ctx, req, res).catch(() => res.destroy());
  };
}

async function serveStorage(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://storage');
  const authorization = req.headers.authorization !== undefined;
  const range = req.headers.range ?? null;
  const record = (status: number) => {
    ctx.stats.storageRequests.push({ path: url.pathname, range, authorization, status });
    if (authorization) ctx.stats.storageAuthorizationHeaders += 1;
  };
  const refuse = (status: number, code: string, message: string) => {
    record(status);
    const xml = storageErrorXml(code, message, arkRequestId(ctx.now()));
    res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(xml) });
    res.end(req.method === 'HEAD' ? undefined : xml);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return refuse(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }
  const match = ASSET_PATH.exec(url.pathname);
  const kind = match?.[1];
  const taskId = match?.[2] ?? '';
  if (!match || (kind === 'videos') !== (match[3] === 'mp4')) {
    return refuse(404, 'NoSuchKey', 'The specified key does not exist.');
  }
  const signature = ctx.signer.check(url.pathname, url.searchParams.get('expires'), url.searchParams.get('sig'));
  if (signature === 'expired') return refuse(403, 'AccessDenied', 'Request has expired');
  if (signature === 'bad-signature') {
    return refuse(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    );
  }
  const found = ctx.store.read(taskId);
  if (found?.snap.status !== 'succeeded') return refuse(404, 'NoSuchKey', 'The specified key does not exist.');
  const headOnly = req.method === 'HEAD';
  if (kind === 'frames') {
    const png = clipFor(found.task.request.ratio).lastFrame;
    record(200);
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length });
    res.end(headOnly ? undefined : png);
    return;
  }
  const size = ctx.videoBytes;
  const revision = ctx.faults.videoRevision;
  const validators = {
    ETag: revision > 0 ? `"${taskId}-${size}-r${revision}"` : `"${taskId}-${size}"`,
    // Whole seconds, as HTTP dates have: a replaced object is one second newer per revision.
    'Last-Modified': new Date(Math.floor(found.snap.updatedMs / 1000) * 1000 + revision * 1000).toUTCString(),
  };
  const asked =
    ctx.faults.ignoreRange || !rangeStillValid(req.headers['if-range'] as string | undefined, validators)
      ? undefined
      : range;
  const wanted = parseRange(asked ?? undefined, size);
  if (wanted === 'unsatisfiable') {
    record(416);
    res.writeHead(416, { 'Content-Range': `bytes */${size}`, 'Content-Length': 0 });
    res.end();
    return;
  }
  const slice = {
    key: videoKey(taskId, revision),
    ratio: found.task.request.ratio,
    size,
    start: wanted?.start ?? 0,
    end: wanted?.end ?? size - 1,
  };
  const headers: Record<string, string | number> = {
    'Content-Type': 'video/mp4',
    'Accept-Ranges': 'bytes',
    ...validators,
  };
  if (wanted) headers['Content-Range'] = `bytes ${slice.start}-${slice.end}/${size}`;
  // The whole object's sha256 (RFC 9530), on HEAD only: hashing a 1 GiB video would delay the first byte of a GET.
  if (headOnly && !ctx.faults.hideDigest)
    headers['Repr-Digest'] = `sha-256=:${Buffer.from(videoSha256(slice), 'hex').toString('base64')}:`;
  record(wanted ? 206 : 200);
  await sendVideo(res, wanted ? 206 : 200, headers, slice, ctx.faults, headOnly);
}

/**
 * RFC 9110 §13.1.5: a Range is honoured only when If-Range names the current representation (a strong ETag, or
 * exactly its Last-Modified date); otherwise the whole object is sent with 200.
 */
function rangeStillValid(ifRange: string | undefined, current: { ETag: string; 'Last-Modified': string }): boolean {
  if (ifRange === undefined) return true;
  const value = ifRange.trim();
  if (value.startsWith('"')) return value === current.ETag;
  if (value.startsWith('W/')) return false;
  return value === current['Last-Modified'];
}
