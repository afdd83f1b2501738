import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

/**
 * A `fetch` for ky on node:http(s). Node 20's global fetch compiles undici's llhttp WebAssembly on first use:
 * ~100 ms and ~30 MB per process, more than the rest of a `status` call (measured in `npm run bench`).
 * Redirects follow the Fetch standard: 303 (and 301/302 after a POST) become a GET without body, and
 * Authorization is dropped when the origin changes.
 */
export async function nodeFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request ? input : new Request(input, init);
  let body = request.body ? await bodyBytes(request.body) : undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) headers[name] = value;
  let url = request.url;
  let method = request.method;
  for (let hop = 0; ; hop++) {
    const res = await send(url, method, headers, body, request.signal);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (REDIRECTS.has(status) && location && request.redirect !== 'manual') {
      res.resume();
      if (request.redirect === 'error' || hop >= MAX_REDIRECTS) {
        throw new TypeError('fetch failed', { cause: new Error(`redirect to ${location} not followed`) });
      }
      const next = new URL(location, url);
      if (next.origin !== new URL(url).origin) {
        delete headers.authorization;
        delete headers.cookie;
      }
      if ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        delete headers['content-type'];
        delete headers['content-length'];
      }
      url = next.href;
      continue;
    }
    return toResponse(res, method);
  }
}

function toResponse(res: IncomingMessage, method: string): Response {
  const headers = new Headers();
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    headers.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
  }
  const status = res.statusCode ?? 0;
  const noBody = method === 'HEAD' || status === 204 || status === 304;
  if (noBody) res.resume();
  return new Response(noBody ? null : (Readable.toWeb(res) as ReadableStream), {
    status,
    statusText: res.statusMessage ?? '',
    headers,
  });
}

/** One request; the response stays a Node stream (the video download pipes it to a file as is). */
export async function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  signal: AbortSignal | undefined,
): Promise<IncomingMessage> {
  if (signal?.aborted) throw signal.reason;
  // node:https brings tls and crypto (~9 ms): only for https URLs. getBuiltinModule, not import(): no module namespace
  // to build and no round through the ESM loader.
  const { request: open } = url.startsWith('https:')
    ? process.getBuiltinModule('node:https')
    : process.getBuiltinModule('node:http');
  return new Promise((resolve, reject) => {
    const request = open(url, { method, headers, signal });
    request.once('response', resolve);
    // fetch's shape: TypeError('fetch failed') with the system error as cause (map-error reads cause.code).
    request.once('error', (error) =>
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: opensslCode(error) })),
    );
    request.end(body);
  });
}

/**
 * node:https reports a failed TLS handshake as EPROTO; undici and Node's TLS layer name the OpenSSL reason
 * (ERR_SSL_WRONG_VERSION_NUMBER…), which is what map-error and doctor explain.
 */
function opensslCode(error: NodeJS.ErrnoException): NodeJS.ErrnoException {
  const reason = error.code === 'EPROTO' ? /SSL routines:[^:]*:([^:]+)/.exec(error.message)?.[1] : undefined;
  if (reason) error.code = `ERR_SSL_${reason.toUpperCase().replace(/\W+/g, '_')}`;
  return error;
}

/** The request body as one Buffer, without a copy when it arrives in one chunk (a create with an embedded image). */
async function bodyBytes(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  const [only] = chunks;
  if (chunks.length === 1 && only) return Buffer.from(only.buffer, only.byteOffset, only.byteLength);
  return Buffer.concat(chunks);
}
