import { BlockList, isIP } from 'node:net';
import type { Dispatcher } from 'undici';
import { UsageError } from '../errors.js';

type Env = Record<string, string | undefined>;

/** HTTP_PROXY / HTTPS_PROXY / NO_PROXY as found in the environment (lowercase wins, as with curl and undici). */
export interface ProxyConfig {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy: string;
  /** Which variable each value came from, for `doctor`. */
  names: { httpProxy?: string; httpsProxy?: string; noProxy?: string };
}

/** Undefined when no proxy variable is set: then nothing loads undici and requests use Node's own fetch. */
export function proxyConfig(env: Env): ProxyConfig | undefined {
  const http = pick(env, 'http_proxy', 'HTTP_PROXY');
  const https = pick(env, 'https_proxy', 'HTTPS_PROXY');
  if (!http && !https) return undefined;
  const no = pick(env, 'no_proxy', 'NO_PROXY');
  const config: ProxyConfig = { noProxy: no?.value ?? '', names: { noProxy: no?.name } };
  if (http) {
    config.httpProxy = checkProxyUrl(http.name, http.value);
    config.names.httpProxy = http.name;
  }
  if (https) {
    config.httpsProxy = checkProxyUrl(https.name, https.value);
    config.names.httpsProxy = https.name;
  }
  return config;
}

function pick(env: Env, lower: string, upper: string): { name: string; value: string } | undefined {
  for (const name of [lower, upper]) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

function checkProxyUrl(name: string, value: string): string {
  // curl accepts a bare host:port; so do we.
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${name} is not a valid proxy URL: ${redactProxyUrl(value)}`, { code: 'invalid_proxy' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${name} must be an http:// or https:// proxy URL, got ${redactProxyUrl(value)}`, {
      code: 'invalid_proxy',
    });
  }
  return text;
}

/**
 * The proxy a request to `target` goes through, or undefined when it goes direct: https uses HTTPS_PROXY, else
 * HTTP_PROXY (undici's rule); NO_PROXY as curl reads it (see noProxyMatches). The proxy fetch routes by this, and
 * `doctor` reports it, so the two cannot disagree.
 */
export function proxyFor(target: string, config: ProxyConfig): string | undefined {
  const url = new URL(target);
  const proxy = url.protocol === 'https:' ? (config.httpsProxy ?? config.httpProxy) : config.httpProxy;
  if (!proxy) return undefined;
  return noProxyMatches(url, config.noProxy) ? undefined : proxy;
}

/** The variable a proxy URL came from (for messages): HTTPS_PROXY for https when set, else HTTP_PROXY. */
export function proxyVariable(target: string, config: ProxyConfig): string | undefined {
  const https = new URL(target).protocol === 'https:' && config.httpsProxy !== undefined;
  return https ? config.names.httpsProxy : config.names.httpProxy;
}

/**
 * Whether NO_PROXY exempts `url`, as curl reads it: `*` alone matches all; else entries split on commas or spaces:
 * `example.com`, `.example.com` and `*.example.com` match that host and its subdomains; an IP address matches
 * itself and a CIDR block (`127.0.0.0/8`, `fd00::/8`) the addresses in it, host names not resolved (nor does curl);
 * `[::1]` is an IPv6 address; any entry may end in `:port`, and then matches that port only.
 */
export function noProxyMatches(url: URL, noProxy: string): boolean {
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  if (noProxy.trim() === '*') return true;
  for (const raw of noProxy.split(/[,\s]+/)) {
    const entry = parseEntry(raw.trim().toLowerCase());
    if (!entry) continue;
    if (entry.port !== undefined && entry.port !== port) continue;
    if (entry.pattern.includes('/')) {
      if (inCidr(host, entry.pattern)) return true;
    } else if (isIP(entry.pattern) || isIP(host)) {
      if (sameAddress(host, entry.pattern)) return true;
    } else {
      const domain = entry.pattern.replace(/^\*?\./, '').replace(/\.$/, '');
      if (domain && (host === domain || host.endsWith(`.${domain}`))) return true;
    }
  }
  return false;
}

function parseEntry(entry: string): { pattern: string; port?: number } | undefined {
  if (!entry) return undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return withPort(bracketed[1] as string, bracketed[2]);
  // A bare IPv6 address (with or without /prefix) has colons of its own: no port then.
  if (isIP(entry.replace(/\/\d+$/, '')) === 6) return { pattern: entry };
  const withPortMatch = /^(.*):(\d+)$/.exec(entry);
  return withPortMatch ? withPort(withPortMatch[1] as string, withPortMatch[2]) : { pattern: entry };
}

function withPort(pattern: string, port: string | undefined): { pattern: string; port?: number } {
  return port === undefined ? { pattern } : { pattern, port: Number(port) };
}

function sameAddress(a: string, b: string): boolean {
  const family = isIP(a);
  if (family === 0 || family !== isIP(b)) return a === b;
  const list = new BlockList();
  list.addAddress(b, family === 6 ? 'ipv6' : 'ipv4');
  return list.check(a, family === 6 ? 'ipv6' : 'ipv4');
}

function inCidr(host: string, cidr: string): boolean {
  const [network = '', bits = ''] = cidr.split('/');
  const family = isIP(network);
  const prefix = Number(bits);
  const max = family === 6 ? 128 : 32;
  if (family === 0 || isIP(host) !== family || !/^\d+$/.test(bits) || prefix > max) return false;
  const list = new BlockList();
  const type = family === 6 ? 'ipv6' : 'ipv4';
  list.addSubnet(network, prefix, type);
  return list.check(host, type);
}

/** `http://user:secret@proxy:3128` → `http://user:***@proxy:3128`: proxy URLs often carry a password. */
export function redactProxyUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?([^/@\s]*)@/i, (_all, scheme = '', userinfo: string) => {
    const user = userinfo.includes(':') ? userinfo.slice(0, userinfo.indexOf(':')) : userinfo;
    return `${scheme}${user}:***@`;
  });
}

/** What a request that failed on its way through a proxy carries, for the error message (map-error). */
export interface ProxyFailureInfo {
  /** The proxy URL, password redacted. */
  proxy: string;
  /** The variable it came from (HTTPS_PROXY, http_proxy …). */
  variable?: string;
}

/** The proxy a failed request went through, when it went through one. */
export function proxyOfError(error: unknown): ProxyFailureInfo | undefined {
  const info = (error as { seedanceProxy?: ProxyFailureInfo } | null)?.seedanceProxy;
  return info && typeof info.proxy === 'string' ? info : undefined;
}

/** The code a proxy gets when it closes the connection before answering CONNECT (see guardTunnel). */
export const TUNNEL_CLOSED = 'SEEDANCE_PROXY_TUNNEL_CLOSED';

/**
 * A fetch that honours the proxy variables, for the API client and the storage download alike. Each request goes
 * through the proxy proxyFor names (undici's ProxyAgent) or directly (an Agent): our NO_PROXY reading, not undici's,
 * which knows no CIDR blocks. It uses undici's own fetch: Node's built-in fetch ignores the variables, and a
 * dispatcher from another undici version is not guaranteed to work with it (reported on Node 24: "invalid
 * onRequestStart method"). undici loads on the first request only.
 */
export function createProxyFetch(config: ProxyConfig): typeof fetch {
  type Undici = typeof import('undici');
  let loaded: Promise<Undici> | undefined;
  const dispatchers = new Map<string, Dispatcher>();
  const dispatcherFor = (undici: Undici, proxy: string | undefined): Dispatcher => {
    const key = proxy ?? '';
    let dispatcher = dispatchers.get(key);
    if (!dispatcher) {
      dispatcher = proxy
        ? new undici.ProxyAgent({
            uri: proxy,
            // Plain http goes as an absolute-URI request, not a CONNECT tunnel: many proxies allow CONNECT to 443 only.
            proxyTunnel: false,
            clientFactory: (origin, options) => guardTunnel(new undici.Pool(origin, options)),
          })
        : new undici.Agent();
      dispatchers.set(key, dispatcher);
    }
    return dispatcher;
  };
  const proxied = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    // The default export: the bundle (esbuild) exposes a CommonJS module's exports only as its default.
    loaded ??= import('undici').then((module) => module.default);
    const undici = await loaded;
    // ky hands over a Request of Node's built-in undici, which undici's fetch does not recognise as one.
    const request: Record<string, unknown> =
      input instanceof Request
        ? {
            method: input.method,
            headers: [...input.headers],
            body: input.body,
            signal: input.signal,
            redirect: input.redirect,
            duplex: 'half',
          }
        : {};
    const url = input instanceof Request ? input.url : String(input);
    const proxy = proxyFor(url, config);
    try {
      const response = await undici.fetch(url, {
        ...request,
        ...(init as object),
        dispatcher: dispatcherFor(undici, proxy),
      } as Parameters<Undici['fetch']>[1]);
      return response as unknown as Response;
    } catch (error) {
      // Only fetch's own network failure: an abort reason (Ctrl-C, timeout) is passed on untouched.
      if (proxy && error instanceof TypeError) {
        const info: ProxyFailureInfo = { proxy: redactProxyUrl(proxy), variable: proxyVariable(url, config) };
        Object.defineProperty(error, 'seedanceProxy', { value: info });
      }
      throw error;
    }
  };
  return proxied as typeof fetch;
}

/**
 * undici retries a CONNECT at once, without limit, when the proxy closes the socket before answering (its
 * UND_ERR_SOCKET counts as recoverable): a dropping proxy got hundreds of CONNECTs a second. Renamed, the failure
 * ends the request, and ky's retry (with its backoff and budget) decides what happens next.
 */
function guardTunnel<T extends Dispatcher>(pool: T): T {
  const connect = pool.connect.bind(pool) as (options: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData>;
  const guarded = async (options: Dispatcher.ConnectOptions) => {
    try {
      return await connect(options);
    } catch (error) {
      if ((error as { code?: unknown })?.code !== 'UND_ERR_SOCKET') throw error;
      throw Object.assign(new Error('the proxy closed the connection before answering CONNECT', { cause: error }), {
        code: TUNNEL_CLOSED,
      });
    }
  };
  return Object.assign(pool, { connect: guarded });
}
