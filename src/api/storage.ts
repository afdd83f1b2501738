/**
 * The video lives on a storage host (a pre-signed URL), not on the API: these requests carry the API key only when
 * the URL is on the API's own origin (the gateway's `/v1/videos/{id}/content` proxy). Plain fetch, not the API
 * client: no API error envelopes, and a body we stream. Node's fetch drops Authorization on a cross-origin redirect.
 */

export interface StorageRequest {
  url: string;
  /** Resume from this byte (Range: bytes=N-). */
  offset: number;
  signal: AbortSignal;
  userAgent: string;
  /** The proxy-aware fetch when HTTP(S)_PROXY is set (Context.proxyFetch); Node's own otherwise. */
  fetch?: typeof fetch;
  /** The API's origin and key: sent only to a URL on that exact origin. */
  api?: { origin: string; key: string };
}

export async function fetchVideo(request: StorageRequest): Promise<Response> {
  const headers: Record<string, string> = { 'user-agent': request.userAgent, accept: '*/*' };
  if (request.offset > 0) headers.range = `bytes=${request.offset}-`;
  if (request.api && new URL(request.url).origin === request.api.origin) {
    headers.authorization = `Bearer ${request.api.key}`;
  }

  const init: RequestInit = { headers, signal: request.signal, redirect: 'follow' };
  return (request.fetch ?? fetch)(request.url, init);
}

/** Total size of the resource from Content-Range (206) or Content-Length (200); null when unknown. */
export function totalSize(response: Response, offset: number): number | null {
  const range = response.headers.get('content-range');
  const match = range ? /\/(\d+)\s*$/.exec(range) : null;
  if (match) return Number(match[1]);
  const length = response.headers.get('content-length');
  if (length === null || !/^\d+$/.test(length)) return null;
  return Number(length) + (response.status === 206 ? offset : 0);
}

/** Where a 206 says its body starts. */
export function rangeStart(response: Response): number | null {
  const match = /bytes\s+(\d+)-/.exec(response.headers.get('content-range') ?? '');
  return match ? Number(match[1]) : null;
}
