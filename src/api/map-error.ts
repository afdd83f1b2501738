import {
  ApiError,
  AuthError,
  CliError,
  type CliErrorOptions,
  NetworkError,
  NotFoundError,
  QuotaError,
  UsageError,
  WaitTimeoutError,
} from '../errors.js';
import { oneLine } from '../output/sanitize.js';
import { type ProxyFailureInfo, proxyOfError, TUNNEL_CLOSED } from './proxy.js';

/** What the HTTP layer knows about a non-2xx answer; a fetch `Response`'s headers fit `headers`. */
export interface HttpFailure {
  status: number;
  bodyText: string;
  headers?: { get(name: string): string | null };
  url?: string;
}

const AUTH_HINT = 'check the key: seedance auth status';
const MAX_DETAIL = 500;

interface ServerError {
  message: string;
  code?: string;
  param?: string;
  requestId?: string;
  /** The gateway's `fail_to_fetch_task`: the message was Ark's own error body, now unwrapped. */
  fromUpstream: boolean;
}

/**
 * Maps a non-2xx answer to the CliError a command should fail with (DESIGN §7). Reads the gateway's three
 * envelopes (gateway-api.md §7) and Ark's (ark-api.md §6). `what` names the object for a not-found message
 * ("task cgt-…").
 */
export function mapHttpError(failure: HttpFailure, context: { what?: string; method?: string } = {}): CliError {
  const { status } = failure;
  const server = parseErrorBody(failure.bodyText);
  const { text, requestId } = splitRequestId(oneLine(server?.message ?? ''));
  const code = server?.code;
  const options: CliErrorOptions = {
    status,
    requestId: requestId ?? server?.requestId ?? headerRequestId(failure.headers),
    detail: oneLine(failure.bodyText, MAX_DETAIL) || undefined,
    serverDate: failure.headers?.get('date') ?? undefined,
  };
  if (code !== undefined) options.code = code;
  const said = (label: string) => {
    const param = server?.param ? ` (param: ${oneLine(server.param, 80)})` : '';
    return `${label} (HTTP ${status})${text ? `: ${text}${param}` : ''}`;
  };

  // A 404 that is not about a task is a wrong base URL or provider: the user's to fix, not "retry later" (exit 2).
  if (server === null && status === 404) {
    return new UsageError('HTTP 404 from the API', { ...options, code: 'no_route', hint: routeHint(failure.url) });
  }
  if (server === null && status !== 401 && status !== 403) {
    return new ApiError(`HTTP ${status} from the API${status === 429 ? ' (rate limited)' : ''}`, {
      ...options,
      code: status === 429 ? 'rate_limited' : 'api_error',
      hint: status === 429 ? 'rate limited: try again later' : undefined,
    });
  }
  if (isQuota(status, code, text)) {
    return new QuotaError(said('quota exhausted'), {
      ...options,
      hint: 'top up the balance, or raise the quota of the key',
    });
  }
  if (code === 'task_not_exist') return notFound(said, context.what, options);
  if (code !== undefined && /^(InvalidEndpoint|ModelNotOpen)/.test(code)) {
    return new UsageError(said('the model cannot be used'), { ...options, hint: 'check --model' });
  }
  if (status === 401 || status === 403) {
    // With fail_to_fetch_task our key was already accepted: it is the gateway's own Ark credentials that failed.
    if (server?.fromUpstream) {
      return new ApiError(said('API error'), {
        ...options,
        hint: 'the gateway could not authenticate upstream: contact the API provider',
      });
    }
    return new AuthError(said(status === 401 ? 'authentication failed' : 'access denied'), {
      ...options,
      hint: AUTH_HINT,
    });
  }
  if (status === 404) {
    // The gateway answers an unknown task with 400 task_not_exist; its 404 "Invalid URL (…)" is a wrong route, and
    // so is any other 404 to a create (no task id in it to be unknown; a missing model has its own codes above).
    if (/^invalid url\b/i.test(text) || context.method === 'POST') {
      return new UsageError(said('API error'), { ...options, hint: routeHint(failure.url) });
    }
    return notFound(said, context.what, options);
  }
  if (status === 400 && /not completed yet/i.test(text)) {
    return new WaitTimeoutError(`the task is not finished yet (HTTP 400): ${text}`, {
      ...options,
      code: code ?? 'not_ready',
      hint: 'wait for it: seedance wait <task-id>',
    });
  }
  if (status === 400 || status === 413 || status === 422) {
    return new UsageError(said('the API rejected the request'), options);
  }
  return new ApiError(said('API error'), {
    ...options,
    hint:
      code === 'model_not_found'
        ? 'no channel serves this model right now: check --model, or retry later'
        : status === 429 || status >= 500
          ? 'try again later'
          : undefined,
  });
}

const QUOTA_CODES = new Set(['quota_not_enough', 'insufficient_user_quota', 'pre_consume_token_quota_failed']);
// Pre-refactor new-api reports a used-up token quota as a 401 with this text (gateway-api.md §7.1).
const QUOTA_TEXT =
  /额度已用尽|额度不足|余额不足|quota is not enough|quota (?:exhausted|exceeded)|insufficient (?:user )?(?:quota|balance)/i;

function isQuota(status: number, code: string | undefined, text: string): boolean {
  if (code !== undefined && (QUOTA_CODES.has(code) || code.startsWith('AccountOverdue'))) return true;
  // Ark's free quota used up, sent as a 429 (ark-api.md §6): not a rate limit that waiting would lift.
  if (code === 'QuotaExceeded') return true;
  if (status === 402) return true;
  return (status === 401 || status === 403) && QUOTA_TEXT.test(text);
}

function notFound(said: (label: string) => string, what: string | undefined, options: CliErrorOptions): CliError {
  return new NotFoundError(said(what ? `${oneLine(what, 200)} not found` : 'not found'), {
    ...options,
    hint: 'check the id (a task is visible only to the account that created it, for about 7 days)',
  });
}

function routeHint(url: string | undefined): string {
  const where = url ? ` (${oneLine(url, 200)})` : '';
  return `the API has no such route${where}: check --base-url and --provider`;
}

function parseErrorBody(bodyText: string): ServerError | null {
  const body = parseJson(bodyText);
  if (!isRecord(body)) return null;
  const outer = readEnvelope(body);
  // Envelope B's fail_to_fetch_task carries Ark's error body as a JSON string (gateway-api.md §7.5).
  const inner = parseJson(outer.message.trim());
  if (isRecord(inner)) {
    const upstream = readEnvelope(inner);
    if (upstream.message || upstream.code) {
      return { ...upstream, requestId: upstream.requestId ?? outer.requestId, fromUpstream: true };
    }
  }
  return { ...outer, fromUpstream: false };
}

/** Envelopes A and C and Ark's `{error:{message,code,param,type}}`, or B's `{code,message,data}`. */
function readEnvelope(body: Record<string, unknown>): ServerError {
  const source = isRecord(body.error) ? body.error : body;
  const message = typeof body.error === 'string' ? body.error : nonEmpty(source.message);
  const result: ServerError = { message: message ?? '', fromUpstream: false };
  const code = codeOf(source.code);
  const param = nonEmpty(source.param);
  const requestId = nonEmpty(body.request_id) ?? nonEmpty(source.request_id);
  if (code !== undefined) result.code = code;
  if (param !== undefined) result.param = param;
  if (requestId !== undefined) result.requestId = requestId;
  return result;
}

// new-api appends " (request id: X)", Ark ". Request id: X".
const REQUEST_ID_SUFFIX = /\s*\(?\brequest[ _-]?id:\s*([\w.-]+)\)?\s*$/i;

function splitRequestId(message: string): { text: string; requestId?: string } {
  const match = REQUEST_ID_SUFFIX.exec(message);
  if (!match?.[1]) return { text: message };
  return { text: message.slice(0, match.index).trim(), requestId: match[1] };
}

function headerRequestId(headers: HttpFailure['headers']): string | undefined {
  if (!headers) return undefined;
  const id = headers.get('X-Oneapi-Request-Id') ?? headers.get('X-Request-Id') ?? headers.get('x-request-id');
  return id ? oneLine(id, 200) : undefined;
}

/** Network-level failures: fetch's `TypeError: fetch failed` (with `cause.code`), ky's TimeoutError, aborts. */
export function mapNetworkError(error: unknown, baseUrl: string): CliError {
  if (error instanceof CliError) return error;
  const name = isRecord(error) ? error.name : undefined;
  if (name === 'TimeoutError') return new NetworkError('request timed out', { code: 'timeout', cause: error });
  if (name === 'AbortError') return new NetworkError('request aborted', { code: 'aborted', cause: error });
  const code = systemCode(error);
  const base = oneLine(baseUrl, 200);
  const proxy = proxyOfError(error);
  if (proxy) return proxyError(error, code, proxy, baseUrl);
  switch (code) {
    case 'ECONNREFUSED':
      return new NetworkError(`cannot connect to ${base} (connection refused)`, {
        code,
        cause: error,
        hint: 'check --base-url, and that the server is running',
      });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new NetworkError(`cannot resolve host ${hostOf(baseUrl)}`, {
        code,
        cause: error,
        hint: 'check --base-url and the network (or HTTPS_PROXY)',
      });
    case 'ERR_INVALID_URL':
      return new UsageError(`invalid base URL: ${base}`, { code: 'invalid_base_url', cause: error });
    case undefined: {
      const message = error instanceof Error ? oneLine(error.message, 200) : '';
      return new NetworkError(`connection to ${base} failed${message ? `: ${message}` : ''}`, {
        code: 'network_error',
        cause: error,
      });
    }
    default:
      return new NetworkError(`connection to ${base} failed: ${code}`, { code, cause: error });
  }
}

/**
 * A request that failed on its way through a proxy: at the network level that is the proxy failing (a proxy that
 * cannot reach the API answers with an HTTP status instead), so the message names the proxy and the hint its
 * variables, not --base-url.
 */
function proxyError(error: unknown, code: string | undefined, proxy: ProxyFailureInfo, baseUrl: string): NetworkError {
  const via = `the proxy ${oneLine(proxy.proxy, 200)}${proxy.variable ? ` (${proxy.variable})` : ''}`;
  const hint = 'check HTTP_PROXY / HTTPS_PROXY, or bypass the proxy for this host with NO_PROXY';
  const target = hostPortOf(baseUrl);
  const refused = /Proxy response \((\d+)\)/.exec(causeMessages(error));
  if (code === 'UND_ERR_ABORTED' && refused) {
    const status = Number(refused[1]);
    return new NetworkError(`${via} refused the tunnel to ${target} (HTTP ${status} to CONNECT)`, {
      code: 'proxy_refused',
      status,
      cause: error,
      hint:
        status === 407
          ? 'the proxy wants credentials: put them in the proxy URL (http://user:password@host:port)'
          : hint,
    });
  }
  const message =
    code === TUNNEL_CLOSED
      ? `${via} closed the connection before opening the tunnel to ${target}`
      : code === 'ECONNREFUSED'
        ? `cannot connect to ${via} (connection refused)`
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? `cannot resolve the host of ${via}`
          : `connection to ${oneLine(baseUrl, 200)} through ${via} failed${code ? `: ${code}` : ''}`;
  return new NetworkError(message, {
    code: code === TUNNEL_CLOSED ? 'proxy_closed' : (code ?? 'network_error'),
    cause: error,
    hint,
  });
}

function causeMessages(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && isRecord(current); depth++) {
    if (typeof current.message === 'string') messages.push(current.message);
    current = current.cause;
  }
  return messages.join(' | ');
}

function hostPortOf(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  } catch {
    return oneLine(baseUrl, 200);
  }
}

/** The first `code` along the cause chain; Node's dual-stack connect gives an AggregateError of attempts. */
export function systemCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && isRecord(current); depth++) {
    if (typeof current.code === 'string' && current.code) return current.code;
    const first = Array.isArray(current.errors) ? current.errors[0] : undefined;
    if (isRecord(first) && typeof first.code === 'string' && first.code) return first.code;
    current = current.cause;
  }
  return undefined;
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname;
  } catch {
    return oneLine(baseUrl, 200);
  }
}

/** A 2xx whose body is not what the API documents (HTML from a proxy, truncated JSON, an empty body). */
export function unexpectedResponse(bodyText: string, status: number): ApiError {
  const kind =
    bodyText.trim() === '' ? 'empty body' : parseJson(bodyText) === undefined ? 'not JSON' : 'unexpected JSON';
  return new ApiError(`unexpected response from the API (HTTP ${status}: ${kind})`, {
    code: 'unexpected_response',
    status,
    detail: oneLine(bodyText, 200) || undefined,
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function codeOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  const code = nonEmpty(value);
  return code === undefined ? undefined : oneLine(code, 100);
}
