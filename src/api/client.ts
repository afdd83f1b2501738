import ky, { HTTPError, type KyInstance, type Options } from 'ky';
import { ApiError, CliError, NetworkError } from '../errors.js';
import { mapHttpError, mapNetworkError, systemCode, unexpectedResponse } from './map-error.js';
import { TUNNEL_CLOSED } from './proxy.js';
import { classifyRefusal, type Refusal } from './refusal.js';

export interface HttpOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  userAgent: string;
  /** --verbose: one line per request/response, the key already redacted. */
  trace?: (line: string) => void;
  /** First retry delay; doubles each attempt (ky's backoff). Tests shorten it. */
  retryBaseMs?: number;
  retryLimit?: number;
  /** undici dispatcher (proxy support); passed through to fetch by ky. */
  dispatcher?: Options['dispatcher'];
  fetch?: typeof fetch;
  /** Where onRateLimit keeps its listeners, when a caller holds them (src/api/lazy-http.ts). */
  rateLimitListeners?: Set<RateLimitListener>;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON (an object or array); a 2xx body that is not JSON is an error before we get here. */
  body: unknown;
}

export interface RequestOptions {
  searchParams?: Record<string, string | string[]>;
  signal?: AbortSignal;
  /** Names the object in a not-found message ("task cgt-…"). */
  what?: string;
  /**
   * A POST body already serialised (the UTF-8 of `JSON.stringify(json)`), sent as a one-chunk stream: a Request made
   * from a string or a Buffer copies it, and the clone ky keeps for retries copies it again (a byte stream's tee).
   */
  serialized?: Uint8Array;
  /**
   * The most this call may take, retries and their waits included (a wait's --timeout): a retry that cannot fit is
   * not made, and an attempt still running when the time is up is aborted.
   */
  budgetMs?: number;
}

/** The one HTTP client of seedance: every API call goes through here. */
export interface Http {
  readonly baseUrl: string;
  get(path: string, options?: RequestOptions): Promise<HttpResponse>;
  /** For a create: retried only when the server surely did not act on it (429, connection refused). */
  post(path: string, json: unknown, options?: RequestOptions): Promise<HttpResponse>;
  delete(path: string, options?: RequestOptions): Promise<HttpResponse>;
  /** Rate-limit feedback (`batch` paces all its workers with it); returns the unsubscribe. */
  onRateLimit?(listener: RateLimitListener): () => void;
}

/**
 * A 429 or a 5xx: told at once, before the client's own retry waits, with the request's method and the answer's
 * body (which tells a rate limit from a concurrency limit or a used-up quota).
 */
export type RateLimitListener = (info: {
  status: number;
  retryAfterMs?: number;
  method: string;
  /** Told at once, before the body is read (a listener may date the refusal when it came). */
  body: Promise<string>;
}) => void;

const MAX_RETRY_AFTER_MS = 60_000;
const BACKOFF_LIMIT_MS = 10_000;

export function createHttp(options: HttpOptions): Http {
  const rateLimitListeners = options.rateLimitListeners ?? new Set<RateLimitListener>();
  const base = baseInstance(options).extend({ hooks: { afterResponse: [rateLimitHook(rateLimitListeners)] } });
  const delay = (attempt: number) => Math.min(BACKOFF_LIMIT_MS, (options.retryBaseMs ?? 500) * 2 ** (attempt - 1));
  const retry = {
    limit: options.retryLimit ?? 4,
    maxRetryAfter: MAX_RETRY_AFTER_MS,
    backoffLimit: BACKOFF_LIMIT_MS,
    delay,
  };
  // Retry settings live here only: ky concatenates arrays given at two levels (STYLE.md).
  const reads = base.extend({
    retry: {
      ...retry,
      methods: ['get', 'delete'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      retryOnTimeout: true,
      shouldRetry: readRule,
    },
  });
  const creates = base.extend({
    retry: {
      ...retry,
      methods: ['post'],
      statusCodes: [429],
      afterStatusCodes: [429],
      // A POST that reached the server may have created a (paid) task: retry only what surely did not.
      shouldRetry: async ({ error }) => {
        if (error instanceof HTTPError) {
          // Only a task ending frees a slot under a concurrency limit: a create retried seconds later meets it again.
          const kind = await refusalKind(error);
          return kind === 'quota' || kind === 'concurrency' ? false : undefined;
        }
        // Refused, or a proxy that closed before opening the tunnel: nothing reached the API.
        const code = systemCode(error);
        return code === 'ECONNREFUSED' || code === TUNNEL_CLOSED;
      },
    },
  });

  const run = async (
    instance: KyInstance,
    path: string,
    init: Options,
    allowEmpty = false,
    budgetMs?: number,
  ): Promise<HttpResponse> => {
    const budget = budgetMs === undefined ? undefined : withBudget(init, budgetMs, delay, options.baseUrl);
    let response: Response;
    try {
      response = await instance(path, budget?.init ?? init);
    } catch (error) {
      throw await toCliError(error, options, init.context?.what as string | undefined);
    } finally {
      budget?.dispose();
    }
    const text = await response.text();
    const body = allowEmpty && text.trim() === '' ? {} : parseBody(text, response.status);
    return { status: response.status, headers: response.headers, text, body };
  };

  return {
    baseUrl: options.baseUrl,
    get: (path, o = {}) => run(reads, path, readInit('get', o), false, o.budgetMs),
    delete: (path, o = {}) => run(reads, path, readInit('delete', o), true, o.budgetMs),
    post: (path, json, o = {}) =>
      run(
        creates,
        path,
        o.serialized === undefined
          ? { method: 'post', json, signal: o.signal }
          : {
              method: 'post',
              body: oneChunk(o.serialized),
              headers: { 'content-type': 'application/json' },
              signal: o.signal,
            },
      ),
    onRateLimit(listener) {
      rateLimitListeners.add(listener);
      return () => rateLimitListeners.delete(listener);
    },
  };
}

function oneChunk(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

type RetryState = { error: Error; retryCount: number };

async function readRule({ error }: RetryState): Promise<false | undefined> {
  return error instanceof HTTPError && (await refusalKind(error)) === 'quota' ? false : undefined;
}

/**
 * A read bounded by `budgetMs`: its retries (ky's, with their backoff and Retry-After) are made only when they fit in
 * the time left, and an abort at the end of it stops an attempt or a retry wait still running. The abort's reason is
 * a CliError (exit 6), which the wait reports as a timeout.
 */
function withBudget(init: Options, budgetMs: number, delay: (attempt: number) => number, baseUrl: string) {
  const started = Date.now();
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new NetworkError(`no answer from ${baseUrl}`, { code: 'deadline' })),
    Math.max(0, budgetMs),
  );
  const fits = (ms: number) => Date.now() - started + ms < budgetMs;
  const shouldRetry = async (state: RetryState): Promise<boolean | undefined> => {
    const verdict = await readRule(state);
    if (verdict === false) return false;
    const retryAfter =
      state.error instanceof HTTPError ? parseRetryAfter(state.error.response.headers.get('retry-after')) : undefined;
    return fits(retryAfter ?? delay(state.retryCount)) ? undefined : false;
  };
  const signal = init.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
  return {
    init: { ...init, signal, retry: { shouldRetry } } as Options,
    dispose: () => clearTimeout(timer),
  };
}

/** What a refused answer says (src/api/refusal.ts): a used-up quota (ark-api.md §6) is never worth a retry. */
async function refusalKind(error: HTTPError): Promise<Refusal['kind'] | undefined> {
  if (error.response.status !== 429) return undefined;
  const answer = { status: 429, method: error.request.method, body: await bodyOf(error.response) };
  return classifyRefusal(answer)?.kind;
}

const bodyOf = (response: Response) =>
  response
    .clone()
    .text()
    .catch(() => '');

// ---- rate-limit feedback (for `batch`) ----
function rateLimitHook(listeners: Set<RateLimitListener>) {
  return (request: Request, _options: unknown, response: Response): void => {
    if (listeners.size === 0) return;
    if (response.status !== 429 && response.status < 500) return;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const info = { status: response.status, retryAfterMs, method: request.method, body: bodyOf(response) };
    for (const listener of listeners) listener(info);
  };
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
// ---- end of rate-limit feedback ----

function readInit(method: 'get' | 'delete', o: RequestOptions): Options {
  return { method, searchParams: toSearchParams(o.searchParams), signal: o.signal, context: { what: o.what } };
}

function baseInstance(options: HttpOptions): KyInstance {
  const trace = options.trace;
  const started = new WeakMap<Request, number>();
  return ky.create({
    prefixUrl: options.baseUrl,
    timeout: options.timeoutMs,
    headers: {
      authorization: `Bearer ${options.apiKey}`,
      'user-agent': options.userAgent,
      accept: 'application/json',
    },
    fetch: options.fetch,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    hooks: trace
      ? {
          beforeRequest: [
            (request) => {
              started.set(request, Date.now());
              trace(`> ${request.method} ${request.url}`);
              for (const [name, value] of request.headers) trace(`> ${name}: ${redactHeader(name, value)}`);
            },
          ],
          beforeRetry: [({ error, retryCount }) => trace(`! retry ${retryCount} after: ${describe(error)}`)],
          afterResponse: [
            (request, _options, response) => {
              const ms = Date.now() - (started.get(request) ?? Date.now());
              const id = response.headers.get('x-oneapi-request-id') ?? response.headers.get('x-request-id');
              trace(`< ${response.status} ${response.statusText} (${ms} ms)${id ? ` request-id ${id}` : ''}`);
            },
          ],
        }
      : {},
  });
}

function redactHeader(name: string, value: string): string {
  return name.toLowerCase() === 'authorization' ? 'Bearer [REDACTED]' : value;
}

function describe(error: unknown): string {
  if (error instanceof HTTPError) return `HTTP ${error.response.status}`;
  return systemCode(error) ?? (error as Error)?.name ?? 'error';
}

function toSearchParams(params: RequestOptions['searchParams']): URLSearchParams | undefined {
  if (!params) return undefined;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, item);
  }
  return search;
}

function parseBody(text: string, status: number): unknown {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null) return body;
  } catch {}
  throw unexpectedResponse(text, status);
}

async function toCliError(error: unknown, options: HttpOptions, what?: string): Promise<CliError> {
  if (error instanceof CliError) return error; // our own abort reason (SIGINT)
  if (error instanceof HTTPError) {
    const bodyText = await error.response.text().catch(() => '');
    return mapHttpError(
      { status: error.response.status, bodyText, headers: error.response.headers, url: error.request.url },
      { what, method: error.request.method },
    );
  }
  if ((error as Error)?.name === 'TimeoutError') {
    return new NetworkError(
      `no response from ${options.baseUrl} within ${options.timeoutMs / 1000}s (--request-timeout)`,
      {
        code: 'timeout',
        hint: 'retry later, or raise the limit with --request-timeout 60s',
      },
    );
  }
  return mapNetworkError(error, options.baseUrl);
}
