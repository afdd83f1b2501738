/**
 * The video lives on a storage host (a pre-signed URL), not on the API: these requests never carry the API key.
 * Plain fetch, not the API client: no Authorization header, no API error envelopes, and a body we stream.
 */
export interface StorageRequest {
  url: string;
  /** Resume from this byte (Range: bytes=N-). */
  offset: number;
  signal: AbortSignal;
  userAgent: string;
  /** The proxy-aware fetch when HTTP(S)_PROXY is set (Context.proxyFetch); Node's own otherwise. */
  fetch?: typeof fetch;
}

export async function fetchVideo(request: StorageRequest): Promise<Response> {
  const headers: Record<string, string> = { 'user-agent': request.userAgent, accept: '*/*' };
  if (request.offset > 0) headers.range = `bytes=${request.offset}-`;
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
