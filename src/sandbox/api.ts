import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleArk } from './ark-routes.js';
import type { SandboxContext } from './context.js';
import { arkEnvelope, arkErrorForStatus, arkRequestId, envelopeA, gatewayRequestId, invalidUrl } from './errors.js';
import { handleGateway } from './gateway-routes.js';
import { type Exchange, sendJson, sleep } from './http.js';

export type RouteName =
  | 'create'
  | 'generation'
  | 'video'
  | 'video-content'
  | 'ark-create'
  | 'ark-list'
  | 'ark-get'
  | 'ark-delete';

export interface Route {
  name: RouteName;
  id: string;
}

const ROUTES: Array<[method: string, pattern: RegExp, name: RouteName]> = [
  ['POST', /^\/v1\/video\/generations$/, 'create'],
  ['GET', /^\/v1\/video\/generations\/([^/]+)$/, 'generation'],
  ['GET', /^\/v1\/videos\/([^/]+)$/, 'video'],
  ['GET', /^\/v1\/videos\/([^/]+)\/content$/, 'video-content'],
  ['POST', /^\/api\/v3\/contents\/generations\/tasks$/, 'ark-create'],
  ['GET', /^\/api\/v3\/contents\/generations\/tasks$/, 'ark-list'],
  ['GET', /^\/api\/v3\/contents\/generations\/tasks\/([^/]+)$/, 'ark-get'],
  ['DELETE', /^\/api\/v3\/contents\/generations\/tasks\/([^/]+)$/, 'ark-delete'],
];

function findRoute(method: string, path: string): Route | null {
  for (const [routeMethod, pattern, name] of ROUTES) {
    const match = pattern.exec(path);
    if (match && routeMethod === method) return { name, id: safeDecode(match[1] ?? '') };
  }
  return null;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The API listener: the gateway's /v1 routes and Ark's /api/v3 routes on one origin. */
export function createApiHandler(ctx: SandboxContext) {
  return (req: IncomingMessage, res: ServerResponse) => {
    ctx.stats.received += 1;
    ctx.stats.inFlight += 1;
    serveApi(ctx, req, res)
      .catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      })
      .finally(() => {
        ctx.stats.inFlight -= 1;
      });
  };
}

async function serveApi(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const ark = url.pathname.startsWith('/api/v3/');
  const method = req.method ?? 'GET';
  const authorization = req.headers.authorization !== undefined;
  const requestId = ark ? arkRequestId(ctx.now()) : gatewayRequestId(ctx.now());
  res.setHeader(ark ? 'X-Request-Id' : 'X-Oneapi-Request-Id', requestId);
  const record = (status: number) => {
    ctx.stats.requests.push({ method, path: url.pathname, search: url.search, status, authorization, at: ctx.now() });
  };
  const ex: Exchange = { ctx, req, res, url, requestId, ark, record };
  if (ctx.faults.slowMs > 0) await sleep(ctx.faults.slowMs);

  const route = findRoute(method, url.pathname);
  if (!route) {
    // gin's NoRoute runs before any auth middleware.
    if (!ark) return sendJson(ex, 404, invalidUrl(method, url.pathname));
    const message = `The requested resource ${method} ${url.pathname} is not found.`;
    return sendJson(ex, 404, arkEnvelope({ status: 404, code: 'NotFound', message }, requestId));
  }
  if (!authorize(ex)) return;
  if (!ctx.rateLimiter.allow(ctx.now(), ctx.faults.rateLimitRps)) {
    const body = ark
      ? arkEnvelope(arkErrorForStatus(429), requestId)
      : envelopeA(`您已达到请求数限制：1分钟内最多请求${ctx.faults.rateLimitRps}次`, requestId);
    return sendJson(ex, 429, body, { 'Retry-After': 1 });
  }
  if (ark) await handleArk(ex, route);
  else await handleGateway(ex, route);
}

/** new-api takes the key with or without a `Bearer ` prefix and ignores a leading `sk-`; Ark wants `Bearer`. */
function authorize(ex: Exchange): boolean {
  const header = ex.req.headers.authorization ?? '';
  const prefixed = /^bearer\s+(.*)$/i.exec(header);
  const token = (prefixed ? prefixed[1]! : ex.ark ? '' : header).trim();
  const bare = (key: string) => key.replace(/^sk-/, '');
  const expected = ex.ctx.key;
  const valid = token !== '' && (expected === undefined ? bare(token) !== 'bad-key' : bare(token) === bare(expected));
  if (valid) return true;
  if (ex.ark) {
    const message = 'The API key or AK/SK in the request is missing or invalid.';
    sendJson(ex, 401, arkEnvelope({ status: 401, code: 'AuthenticationError', message }, ex.requestId));
  } else {
    sendJson(ex, 401, envelopeA(token === '' ? '未提供令牌' : '无效的令牌', ex.requestId));
  }
  return false;
}
