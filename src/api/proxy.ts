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
 * The proxy a request to `target` goes through, or undefined when it goes direct. Mirrors undici's
 * EnvHttpProxyAgent (which does the routing) so `doctor` can say what will happen: https uses HTTPS_PROXY, else
 * HTTP_PROXY; NO_PROXY entries match the host or its subdomains (`example.com`, `.example.com`, `*.example.com`),
 * optionally with `:port`; `*` matches all.
 */
export function proxyFor(target: string, config: ProxyConfig): string | undefined {
  const url = new URL(target);
  const proxy = url.protocol === 'https:' ? (config.httpsProxy ?? config.httpProxy) : config.httpProxy;
  if (!proxy) return undefined;
  return bypassed(url, config.noProxy) ? undefined : proxy;
}

function bypassed(url: URL, noProxy: string): boolean {
  if (noProxy.trim() === '*') return true;
  const hostname = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  for (const entry of noProxy.split(/[,\s]/)) {
    if (!entry) continue;
    const match = /^(.+):(\d+)$/.exec(entry);
    const host = (match?.[1] ?? entry).replace(/^\*?\./, '').toLowerCase();
    if (match && Number(match[2]) !== port) continue;
    if (hostname === host || hostname.endsWith(`.${host}`)) return true;
  }
  return false;
}

/** `http://user:secret@proxy:3128` → `http://user:***@proxy:3128`: proxy URLs often carry a password. */
export function redactProxyUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?([^/@\s]*)@/i, (_all, scheme = '', userinfo: string) => {
    const user = userinfo.includes(':') ? userinfo.slice(0, userinfo.indexOf(':')) : userinfo;
    return `${scheme}${user}:***@`;
  });
}

/**
 * A fetch that honours the proxy variables, for the API client and the storage download alike. It uses undici's own
 * fetch with its EnvHttpProxyAgent: Node's built-in fetch ignores the variables, and a dispatcher from another
 * undici version is not guaranteed to work with it (reported on Node 24: "invalid onRequestStart method").
 * undici loads on the first request only.
 */
export function createProxyFetch(config: ProxyConfig): typeof fetch {
  let loaded: Promise<{ fetch: typeof import('undici').fetch; dispatcher: Dispatcher }> | undefined;
  const load = async () => {
    // The default export: the bundle (esbuild) exposes a CommonJS module's exports only as its default.
    const { default: undici } = await import('undici');
    const dispatcher = new undici.EnvHttpProxyAgent({
      // Given explicitly ('' = none): undici would otherwise read process.env, not the environment we were given.
      httpProxy: config.httpProxy ?? '',
      // undici's rule: without HTTPS_PROXY, https goes through HTTP_PROXY too (proxyFor mirrors it).
      httpsProxy: config.httpsProxy ?? '',
      noProxy: config.noProxy,
      // Plain http goes as an absolute-URI request, not a CONNECT tunnel: many proxies allow CONNECT to 443 only.
      proxyTunnel: false,
    });
    return { fetch: undici.fetch, dispatcher };
  };
  const proxied = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    loaded ??= load();
    const { fetch: undiciFetch, dispatcher } = await loaded;
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
    const response = await undiciFetch(url, { ...request, ...(init as object), dispatcher } as Parameters<
      typeof undiciFetch
    >[1]);
    return response as unknown as Response;
  };
  return proxied as typeof fetch;
}
