import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { send } from './node-fetch.js';

/**
 * The video lives on a storage host (a pre-signed URL), not on the API: these requests carry the API key only when
 * the URL is on the API's own origin (the gateway's `/v1/videos/{id}/content` proxy). Not the API client: no API
 * error envelopes, and a body we stream. Without a proxy the body is node:http's own stream, piped to the file
 * without web-stream conversions (measured in `npm run bench`).
 */
export interface StorageRequest {
  url: string;
  /** Resume from this byte (Range: bytes=N-). */
  offset: number;
  /** With a Range: the .part's ETag or Last-Modified, so a replaced object answers 200 with all of itself. */
  ifRange?: string | null;
  signal: AbortSignal;
  userAgent: string;
  /** The proxy-aware fetch when HTTP(S)_PROXY is set (Context.proxyFetch); node:http(s) otherwise. */
  fetch?: typeof fetch;
  /** The API's origin and key: sent only to a URL on that exact origin. */
  api?: { origin: string; key: string };
  /** HEAD: the headers alone (the sha256 the storage states of a file already on disk). */
  method?: 'GET' | 'HEAD';
}

export interface StorageResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  body: Readable;
  /** Drops the body (and its connection). */
  cancel(): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
const HIGH_WATER_MARK = 1024 * 1024;

export async function fetchVideo(request: StorageRequest): Promise<StorageResponse> {
  if (request.fetch) {
    // undici's fetch (behind a proxy) drops Authorization on a cross-origin redirect itself.
    const headers = headersFor(request, request.url);
    const response = await request.fetch(request.url, {
      method: request.method ?? 'GET',
      headers,
      signal: request.signal,
      redirect: 'follow',
    });
    const body = response.body
      ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>, { highWaterMark: HIGH_WATER_MARK })
      : Readable.from([]);
    return { status: response.status, ok: response.ok, headers: response.headers, body, cancel: () => body.destroy() };
  }
  let url = request.url;
  for (let hop = 0; ; hop++) {
    // Rebuilt at every hop: the key goes to the API's origin only, never across a redirect elsewhere.
    const res = await send(url, request.method ?? 'GET', headersFor(request, url), undefined, request.signal);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (REDIRECTS.has(status) && location && hop < MAX_REDIRECTS) {
      res.destroy();
      url = new URL(location, url).href;
      continue;
    }
    return {
      status,
      ok: status >= 200 && status < 300,
      headers: {
        get: (name) => {
          const value = res.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        },
      },
      body: res,
      cancel: () => res.destroy(),
    };
  }
}

function headersFor(request: StorageRequest, url: string): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': request.userAgent, accept: '*/*' };
  if (request.offset > 0) headers.range = `bytes=${request.offset}-`;
  if (request.offset > 0 && request.ifRange) headers['if-range'] = request.ifRange;
  if (request.api && new URL(url).origin === request.api.origin) {
    headers.authorization = `Bearer ${request.api.key}`;
  }
  return headers;
}

/** Total size of the resource from Content-Range (206) or Content-Length (200); null when unknown. */
export function totalSize(response: Pick<StorageResponse, 'headers' | 'status'>, offset: number): number | null {
  const range = response.headers.get('content-range');
  const match = range ? /\/(\d+)\s*$/.exec(range) : null;
  if (match) return Number(match[1]);
  const length = response.headers.get('content-length');
  if (length === null || !/^\d+$/.test(length)) return null;
  return Number(length) + (response.status === 206 ? offset : 0);
}

/** Where a 206 says its body starts. */
export function rangeStart(response: Pick<StorageResponse, 'headers'>): number | null {
  const match = /bytes\s+(\d+)-/.exec(response.headers.get('content-range') ?? '');
  return match ? Number(match[1]) : null;
}

/**
 * The sha256 (hex) of the whole object when the storage states one: `Repr-Digest: sha-256=:…:` (RFC 9530), the older
 * `Digest: sha-256=…` (RFC 3230), or S3's `x-amz-checksum-sha256` on a full-object 200 (not a composite of parts).
 */
export function statedSha256(response: Pick<StorageResponse, 'headers' | 'status'>): string | null {
  const digest = response.headers.get('repr-digest') ?? response.headers.get('digest');
  const field = digest ? /(?:^|,)\s*sha-256=:?([A-Za-z0-9+/]+={0,2}):?\s*(?:,|$)/i.exec(digest)?.[1] : undefined;
  const amz =
    response.status === 200 && !/composite/i.test(response.headers.get('x-amz-checksum-type') ?? '')
      ? response.headers.get('x-amz-checksum-sha256')
      : null;
  const value = field ?? amz?.trim();
  if (!value || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === 32 ? bytes.toString('hex') : null;
}
