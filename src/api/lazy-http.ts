import type { Http, HttpOptions, RateLimitListener } from './client.js';

/**
 * The HTTP client, loaded at the first request. ky's module builds a fetch Request as it loads (a feature test),
 * which makes Node load undici, tls and http2 (~40 ms on Node 24): a run that sends nothing (`help`, a usage error,
 * `config`) pays none of it.
 */
export function lazyHttp(options: HttpOptions): Http {
  const rateLimitListeners = new Set<RateLimitListener>();
  let loading: Promise<Http> | undefined;
  const client = () =>
    (loading ??= import('./client.js').then(({ createHttp }) => createHttp({ ...options, rateLimitListeners })));
  return {
    baseUrl: options.baseUrl,
    get: async (path, requestOptions) => (await client()).get(path, requestOptions),
    post: async (path, json, requestOptions) => (await client()).post(path, json, requestOptions),
    delete: async (path, requestOptions) => (await client()).delete(path, requestOptions),
    onRateLimit(listener) {
      rateLimitListeners.add(listener);
      return () => rateLimitListeners.delete(listener);
    },
  };
}
