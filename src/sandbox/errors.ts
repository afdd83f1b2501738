import { randomBytes } from 'node:crypto';

/** An error as Ark states it; `message` is the text before the `Request id:` suffix. */
export interface ArkError {
  status: number;
  code: string;
  message: string;
  param?: string;
}

const REASON_WORDS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function utcStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** new-api's `X-Oneapi-Request-Id`: time, nanoseconds, 8 random characters. */
export function gatewayRequestId(ms: number): string {
  const nanos = pad(Math.floor(Math.random() * 1e9), 9);
  return `${utcStamp(ms)}${nanos}${randomBytes(6).toString('base64url').slice(0, 8)}`;
}

/** Ark's request id: `02`, the time in ms, then hex. */
export function arkRequestId(ms: number): string {
  return `02${ms}${randomBytes(18).toString('hex')}`;
}

/** Envelope A: new-api middleware errors (auth, model, rate limit); the message carries the request id. */
export function envelopeA(message: string, requestId: string, code = ''): object {
  return { error: { message: `${message} (request id: ${requestId})`, type: 'new_api_error', code } };
}

/** gin's NoRoute answer for any unrouted /v1 path or wrong method. */
export function invalidUrl(method: string, path: string): object {
  return { error: { message: `Invalid URL (${method} ${path})`, type: 'invalid_request_error', param: '', code: '' } };
}

/** Envelope B: task errors, `{code, message, data:null}`, no request id. */
export function envelopeB(code: string, message: string): object {
  return { code, message, data: null };
}

/** Envelope C: the content proxy. */
export function envelopeC(message: string, type: 'invalid_request_error' | 'server_error'): object {
  return { error: { message, type } };
}

/** Ark's own error envelope, as served on /api/v3. */
export function arkEnvelope(error: ArkError, requestId: string): { error: Record<string, string> } {
  return {
    error: {
      code: error.code,
      message: `${error.message} Request id: ${requestId}`,
      param: error.param ?? '',
      type: REASON_WORDS[error.status] ?? 'Error',
    },
  };
}

/** An Ark refusal relayed by the gateway: envelope B whose message is Ark's body as a JSON string (§7.5). */
export function upstreamEnvelope(error: ArkError, ms: number): object {
  const requestId = arkRequestId(ms);
  const body = { ...arkEnvelope(error, requestId), request_id: requestId };
  return envelopeB('fail_to_fetch_task', JSON.stringify(body));
}

/** What Ark says for a bare HTTP status (used by the status faults). */
export function arkErrorForStatus(status: number): ArkError {
  switch (status) {
    case 429:
      return {
        status,
        code: 'RateLimitExceeded.EndpointRPMExceeded',
        message: 'The request has exceeded the RPM rate limit of the endpoint. Please retry later.',
      };
    case 500:
      return { status, code: 'InternalServiceError', message: 'The service encountered an unexpected internal error.' };
    case 503:
      return {
        status,
        code: 'ServerOverloaded',
        message: 'The service is currently unable to handle additional requests.',
      };
    default:
      return { status, code: REASON_WORDS[status] ?? 'Error', message: `The request failed with status ${status}.` };
  }
}

/** An Ark refusal by its code (a create fault with `code`), e.g. 429 `QuotaExceeded` when the free quota is used up. */
export function arkErrorForCode(status: number, code: string): ArkError {
  const message =
    code === 'QuotaExceeded'
      ? 'The request failed because you have exceeded your free quota. Please top up or enable the paid service.'
      : `The request failed with status ${status} (${code}).`;
  return { status, code, message };
}

/** What TOS/S3 answers for a refused signed URL. */
export function storageErrorXml(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId><HostId>sandbox-storage</HostId></Error>\n`;
}
