import { describe, expect, it } from 'vitest';
import { mapHttpError, mapNetworkError, unexpectedResponse } from '../../src/api/map-error.js';
import {
  ApiError,
  AuthError,
  type CliError,
  NetworkError,
  NotFoundError,
  QuotaError,
  UsageError,
  WaitTimeoutError,
} from '../../src/errors.js';
import { stripControl } from '../../src/output/sanitize.js';

const json = (value: unknown) => JSON.stringify(value);
const envelopeA = (message: string, code = '') => json({ error: { message, type: 'new_api_error', code } });
const envelopeB = (code: string, message: string) => json({ code, message, data: null });
const envelopeC = (message: string, type: string) => json({ error: { message, type } });
const ark = (code: string, message: string, param?: string, type = 'BadRequest') =>
  json({ error: { code, message, ...(param ? { param } : {}), type } });
const fetchTask = (arkBody: unknown) => envelopeB('fail_to_fetch_task', json(arkBody));

type Row = [string, number, string, new (...args: never[]) => CliError, number, Partial<CliError>];

const rows: Row[] = [
  // (A) middleware errors, gateway-api.md §7.1, §7.2, §7.8
  [
    '401 invalid key',
    401,
    envelopeA('无效的令牌 (request id: 20260330084007123456789aBcDeFgH)'),
    AuthError,
    3,
    {
      message: 'authentication failed (HTTP 401): 无效的令牌',
      code: 'auth',
      requestId: '20260330084007123456789aBcDeFgH',
      hint: 'check the key: seedance auth status',
    },
  ],
  ['401 missing key', 401, envelopeA('未提供令牌'), AuthError, 3, {}],
  [
    '401 token quota used up',
    401,
    envelopeA('[sk-abc***xyz] 该令牌额度已用尽 !token.UnlimitedQuota && token.RemainQuota = 0'),
    QuotaError,
    9,
    { code: 'quota' },
  ],
  [
    '403 IP not allowed',
    403,
    envelopeA('您的 IP 不在令牌允许访问的列表中', 'access_denied'),
    AuthError,
    3,
    {
      message: 'access denied (HTTP 403): 您的 IP 不在令牌允许访问的列表中',
      code: 'access_denied',
    },
  ],
  ['403 user banned', 403, envelopeA('用户已被封禁'), AuthError, 3, {}],
  ['403 no access to model', 403, envelopeA('This token has no access to model sd2.0'), AuthError, 3, {}],
  [
    '400 bad JSON body',
    400,
    envelopeA('Invalid request: unexpected end of JSON input'),
    UsageError,
    2,
    { code: 'usage' },
  ],
  [
    '503 no channel',
    503,
    envelopeA('No available channel for model sd2.0 under group default (distributor)', 'model_not_found'),
    ApiError,
    6,
    {
      code: 'model_not_found',
      message: 'API error (HTTP 503): No available channel for model sd2.0 under group default (distributor)',
    },
  ],
  [
    '429 model rate limit',
    429,
    envelopeA('您已达到请求数限制：1分钟内最多请求10次'),
    ApiError,
    6,
    { code: 'api_error' },
  ],
  [
    '404 unrouted path',
    404,
    json({ error: { message: 'Invalid URL (GET /v1/videos)', type: 'invalid_request_error', param: '', code: '' } }),
    UsageError,
    2,
    {
      message: 'API error (HTTP 404): Invalid URL (GET /v1/videos)',
    },
  ],
  // (B) task errors, §7.3, §7.4, §7.5, §7.6
  [
    '400 invalid_request',
    400,
    envelopeB('invalid_request', 'prompt is required'),
    UsageError,
    2,
    {
      message: 'the API rejected the request (HTTP 400): prompt is required',
      code: 'invalid_request',
    },
  ],
  ['413 body too large', 413, envelopeB('read_request_body_failed', 'http: request body too large'), UsageError, 2, {}],
  [
    '403 quota_not_enough',
    403,
    envelopeB('quota_not_enough', 'user quota is not enough'),
    QuotaError,
    9,
    {
      message: 'quota exhausted (HTTP 403): user quota is not enough',
      code: 'quota_not_enough',
    },
  ],
  [
    '403 insufficient_user_quota',
    403,
    envelopeB('insufficient_user_quota', '用户额度不足, 剩余额度: ＄0.000000'),
    QuotaError,
    9,
    {},
  ],
  [
    '403 pre_consume_token_quota_failed',
    403,
    envelopeB('pre_consume_token_quota_failed', 'token quota is not enough, token remain quota: 0, need quota: 10'),
    QuotaError,
    9,
    {},
  ],
  [
    '400 task_not_exist',
    400,
    envelopeB('task_not_exist', 'task_not_exist'),
    NotFoundError,
    7,
    {
      message: 'not found (HTTP 400): task_not_exist',
      code: 'task_not_exist',
    },
  ],
  [
    '500 do_request_failed',
    500,
    envelopeB('do_request_failed', 'dial tcp: i/o timeout'),
    ApiError,
    6,
    { hint: 'try again later' },
  ],
  [
    '429 fail_to_fetch_task rewritten',
    429,
    envelopeB('fail_to_fetch_task', '当前分组上游负载已饱和，请稍后再试'),
    ApiError,
    6,
    { code: 'fail_to_fetch_task' },
  ],
  [
    '400 fail_to_fetch_task InvalidParameter',
    400,
    fetchTask({
      error: {
        code: 'InvalidParameter',
        message: 'The parameter `duration` specified in the request is not valid',
        param: 'duration',
        type: 'BadRequest',
      },
      request_id: '0217748600071234',
    }),
    UsageError,
    2,
    {
      message:
        'the API rejected the request (HTTP 400): The parameter `duration` specified in the request is not valid (param: duration)',
      code: 'InvalidParameter',
      requestId: '0217748600071234',
    },
  ],
  [
    '400 fail_to_fetch_task moderation',
    400,
    fetchTask({
      error: {
        code: 'InputTextSensitiveContentDetected',
        message: 'The request failed because the input text may contain sensitive information.',
      },
    }),
    UsageError,
    2,
    { code: 'InputTextSensitiveContentDetected' },
  ],
  [
    '404 fail_to_fetch_task ModelNotOpen',
    404,
    fetchTask({ error: { code: 'ModelNotOpen', message: 'Your account has not activated the model.' } }),
    UsageError,
    2,
    { hint: 'check --model' },
  ],
  [
    '401 fail_to_fetch_task upstream key',
    401,
    fetchTask({ error: { code: 'AuthenticationError', message: 'The API key in the request is missing or invalid.' } }),
    ApiError,
    6,
    {},
  ],
  [
    '403 fail_to_fetch_task AccountOverdue',
    403,
    fetchTask({ error: { code: 'AccountOverdueError', message: 'Your account is overdue.' } }),
    QuotaError,
    9,
    {},
  ],
  // (C) content proxy, §7.7
  ['404 proxy task not found', 404, envelopeC('Task not found', 'invalid_request_error'), NotFoundError, 7, {}],
  [
    '400 proxy not completed',
    400,
    envelopeC('Task is not completed yet, current status: IN_PROGRESS', 'invalid_request_error'),
    WaitTimeoutError,
    5,
    { code: 'not_ready' },
  ],
  ['502 proxy upstream 403', 502, envelopeC('Upstream service returned status 403', 'server_error'), ApiError, 6, {}],
  // Ark direct, ark-api.md §6
  [
    '400 Ark InvalidParameter',
    400,
    ark(
      'InvalidParameter',
      'The parameter `model` specified in the request are not valid.. Request id: 021785072393911988bfabceb5f218095cf340564d9f290c0e21d',
      'model',
    ),
    UsageError,
    2,
    {
      message:
        'the API rejected the request (HTTP 400): The parameter `model` specified in the request are not valid.. (param: model)',
      requestId: '021785072393911988bfabceb5f218095cf340564d9f290c0e21d',
    },
  ],
  [
    '400 Ark MissingParameter',
    400,
    ark('MissingParameter', 'The request is missing a required parameter `content`.'),
    UsageError,
    2,
    {},
  ],
  [
    '400 Ark InputImageRiskDetection',
    400,
    ark('InputImageRiskDetection', 'The input image may contain risky content.'),
    UsageError,
    2,
    {},
  ],
  [
    '400 Ark SensitiveContentDetected.Violence',
    400,
    ark('SensitiveContentDetected.Violence', 'Violence detected.'),
    UsageError,
    2,
    {},
  ],
  [
    '401 Ark AuthenticationError',
    401,
    ark('AuthenticationError', 'The API key or AK/SK in the request is missing or invalid.', undefined, 'Unauthorized'),
    AuthError,
    3,
    { code: 'AuthenticationError' },
  ],
  [
    '403 Ark AccessDenied',
    403,
    ark('AccessDenied', 'You do not have access.', undefined, 'Forbidden'),
    AuthError,
    3,
    {},
  ],
  [
    '403 Ark AccountOverdueError',
    403,
    ark('AccountOverdueError', 'The account is overdue.', undefined, 'Forbidden'),
    QuotaError,
    9,
    {},
  ],
  [
    '403 Ark QuotaExceeded',
    403,
    ark('QuotaExceeded', 'Free quota used up.', undefined, 'Forbidden'),
    QuotaError,
    9,
    {},
  ],
  [
    '429 Ark QuotaExceeded',
    429,
    ark('QuotaExceeded', 'Free quota used up.', undefined, 'TooManyRequests'),
    QuotaError,
    9,
    { code: 'QuotaExceeded' },
  ],
  [
    '429 Ark RateLimitExceeded',
    429,
    ark('RateLimitExceeded.EndpointRPMExceeded', 'RPM exceeded.', undefined, 'TooManyRequests'),
    ApiError,
    6,
    {},
  ],
  [
    '404 Ark unknown task',
    404,
    ark('ResourceNotFound', 'The specified task cgt-x is not found.', undefined, 'NotFound'),
    NotFoundError,
    7,
    {},
  ],
  [
    '404 Ark InvalidEndpointOrModel',
    404,
    ark('InvalidEndpointOrModel.NotFound', 'The model or endpoint does not exist.', undefined, 'NotFound'),
    UsageError,
    2,
    { hint: 'check --model' },
  ],
  [
    '500 Ark InternalServiceError',
    500,
    ark(
      'InternalServiceError',
      'The service encountered an unexpected internal error.',
      undefined,
      'InternalServerError',
    ),
    ApiError,
    6,
    {},
  ],
  // bodies that are not JSON
  ['429 empty body', 429, '', ApiError, 6, { message: 'HTTP 429 from the API (rate limited)', code: 'rate_limited' }],
  [
    '502 HTML page',
    502,
    '<html><body><h1>502 Bad Gateway</h1></body></html>',
    ApiError,
    6,
    {
      message: 'HTTP 502 from the API',
      detail: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    },
  ],
  ['404 plain text', 404, '404 page not found', UsageError, 2, { code: 'no_route' }],
  ['401 empty body', 401, '', AuthError, 3, { message: 'authentication failed (HTTP 401)' }],
  ['402 payment required', 402, '{}', QuotaError, 9, {}],
  ['405 JSON array', 405, '[]', ApiError, 6, {}],
];

describe('mapHttpError', () => {
  it.each(rows)('%s', (_name, status, bodyText, type, exitCode, expected) => {
    const error = mapHttpError({ status, bodyText });
    expect(error).toBeInstanceOf(type);
    expect(error.exitCode).toBe(exitCode);
    expect(error.status).toBe(status);
    expect(error).toMatchObject(expected);
    expect(error.message).not.toMatch(/request id/i);
  });

  it('names the missing object and hints at --base-url for a wrong route', () => {
    const missing = mapHttpError(
      { status: 400, bodyText: envelopeB('task_not_exist', 'task_not_exist') },
      { what: 'task cgt-1' },
    );
    expect(missing.message).toBe('task cgt-1 not found (HTTP 400): task_not_exist');
    const route = mapHttpError({ status: 404, bodyText: '', url: 'https://example.com/v2/x' });
    expect(route.hint).toContain('--base-url');
    expect(route.hint).toContain('https://example.com/v2/x');
    // A create has no task id to be unknown: its 404 (other than a missing model) is a wrong route too.
    const ark404 = ark('ResourceNotFound', 'The specified resource is not found.', undefined, 'NotFound');
    const create = mapHttpError({ status: 404, bodyText: ark404, url: 'https://h/api/v3/x' }, { method: 'POST' });
    // A wrong base URL is the user's to fix (exit 2), not an outage to retry later (issue 12 §3).
    expect(create.exitCode).toBe(2);
    expect(create.hint).toContain('--base-url');
    expect(mapHttpError({ status: 404, bodyText: ark404 }, { method: 'GET', what: 'task cgt-1' }).exitCode).toBe(7);
  });

  it('takes the request id from the headers when the message has none', () => {
    const headers = new Headers({ 'X-Oneapi-Request-Id': '202603300840071234abcd' });
    expect(mapHttpError({ status: 500, bodyText: '', headers }).requestId).toBe('202603300840071234abcd');
    const arkHeaders = new Headers({ 'x-request-id': 'ark-1' });
    expect(mapHttpError({ status: 500, bodyText: '{}', headers: arkHeaders }).requestId).toBe('ark-1');
    const both = new Headers({ 'X-Oneapi-Request-Id': 'header' });
    expect(
      mapHttpError({ status: 401, bodyText: envelopeA('无效的令牌 (request id: body)'), headers: both }).requestId,
    ).toBe('body');
  });

  it('strips escape sequences and newlines from the server text', () => {
    const error = mapHttpError({
      status: 400,
      bodyText: envelopeB('invalid_request', 'bad\u001b[2J\u001b]0;pwned\u0007 thing\r\nhere\u0000'),
    });
    expect(error.message).toBe('the API rejected the request (HTTP 400): bad thing here');
    expect(error.detail).not.toMatch(/\u001b/);
  });

  it('caps a very long server message', () => {
    const error = mapHttpError({ status: 500, bodyText: envelopeB('x', 'y'.repeat(5000)) });
    expect(error.message.length).toBeLessThan(600);
    expect(error.message.endsWith('…')).toBe(true);
  });
});

describe('mapNetworkError', () => {
  const base = 'https://api.example.com';
  const fetchFailed = (code: string) =>
    Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

  it.each([
    [fetchFailed('ECONNREFUSED'), 'cannot connect to https://api.example.com (connection refused)', 'ECONNREFUSED'],
    [fetchFailed('ENOTFOUND'), 'cannot resolve host api.example.com', 'ENOTFOUND'],
    [fetchFailed('ECONNRESET'), 'connection to https://api.example.com failed: ECONNRESET', 'ECONNRESET'],
    [fetchFailed('UND_ERR_SOCKET'), 'connection to https://api.example.com failed: UND_ERR_SOCKET', 'UND_ERR_SOCKET'],
    [fetchFailed('ETIMEDOUT'), 'connection to https://api.example.com failed: ETIMEDOUT', 'ETIMEDOUT'],
    [
      Object.assign(new TypeError('fetch failed'), {
        cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
      }),
      'cannot connect to https://api.example.com (connection refused)',
      'ECONNREFUSED',
    ],
    [
      Object.assign(new Error('Request timed out: GET https://api.example.com'), { name: 'TimeoutError' }),
      'request timed out',
      'timeout',
    ],
    [new DOMException('This operation was aborted', 'AbortError'), 'request aborted', 'aborted'],
    [new TypeError('fetch failed'), 'connection to https://api.example.com failed: fetch failed', 'network_error'],
    ['weird', 'connection to https://api.example.com failed', 'network_error'],
  ])('%s', (error, message, code) => {
    const mapped = mapNetworkError(error, base);
    expect(mapped).toBeInstanceOf(NetworkError);
    expect(mapped).toBeInstanceOf(ApiError);
    expect(mapped.exitCode).toBe(6);
    expect(mapped).toMatchObject({ message, code });
    expect(mapped.cause).toBe(error);
  });

  it('reports an invalid base URL as a usage error', () => {
    const error = Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' });
    expect(mapNetworkError(error, 'not a url')).toMatchObject({ exitCode: 2, message: 'invalid base URL: not a url' });
  });

  it('passes a CliError through', () => {
    const error = new NotFoundError('gone');
    expect(mapNetworkError(error, base)).toBe(error);
  });
});

describe('unexpectedResponse', () => {
  it.each([
    ['<html>hi</html>', 'unexpected response from the API (HTTP 200: not JSON)'],
    ['', 'unexpected response from the API (HTTP 200: empty body)'],
    ['{"ok":true}', 'unexpected response from the API (HTTP 200: unexpected JSON)'],
  ])('%j', (body, message) => {
    const error = unexpectedResponse(body, 200);
    expect(error).toMatchObject({ message, exitCode: 6, code: 'unexpected_response', status: 200 });
  });

  it('keeps the first 200 clean characters as detail', () => {
    const error = unexpectedResponse(`\u001b[31m${'a'.repeat(300)}`, 200);
    expect(error.detail).toBe(`${'a'.repeat(199)}…`);
  });
});

describe('stripControl', () => {
  it.each([
    ['clear\u001b[2Jscreen', 'clearscreen'],
    ['\u001b[1;31mred\u001b[0m', 'red'],
    ['title\u001b]0;evil\u0007end', 'titleend'],
    ['osc\u001b]8;;http://x\u001b\\link', 'osclink'],
    ['c1\u009b31mx', 'c1x'],
    ['a\tb\nc\r\nd', 'a b c  d'],
    ['bell\u0007null\u0000del\u007f', 'bellnulldel'],
    ['bidi\u202eevil', 'bidievil'],
    ['中文 ok', '中文 ok'],
  ])('%j → %j', (input, expected) => {
    expect(stripControl(input)).toBe(expected);
  });
});

describe('mapNetworkError through a proxy', () => {
  const viaProxy = (cause: object) => {
    const error = new TypeError('fetch failed', { cause });
    Object.defineProperty(error, 'seedanceProxy', { value: { proxy: 'http://u:***@p:3128', variable: 'HTTPS_PROXY' } });
    return error;
  };

  it('a 407 to CONNECT asks for the credentials in the proxy URL', () => {
    const aborted = Object.assign(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), {
      code: 'UND_ERR_ABORTED',
    });
    expect(mapNetworkError(viaProxy(aborted), 'https://api.example.com')).toMatchObject({
      exitCode: 6,
      status: 407,
      message:
        'the proxy http://u:***@p:3128 (HTTPS_PROXY) refused the tunnel to api.example.com:443 (HTTP 407 to CONNECT)',
      hint: 'the proxy wants credentials: put them in the proxy URL (http://user:password@host:port)',
    });
  });

  it('a proxy host that does not resolve is named, not the API host', () => {
    const mapped = mapNetworkError(viaProxy(Object.assign(new Error('x'), { code: 'ENOTFOUND' })), 'https://a.b');
    expect(mapped.message).toBe('cannot resolve the host of the proxy http://u:***@p:3128 (HTTPS_PROXY)');
    expect(mapped.hint).toMatch(/NO_PROXY/);
  });
});
