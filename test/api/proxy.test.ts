import { describe, expect, it } from 'vitest';
import { isLoopbackHost, plainHttpWarning } from '../../src/api/plain-http.js';
import { noProxyMatches, proxyConfig, proxyFor, redactProxyUrl } from '../../src/api/proxy.js';

describe('proxyConfig', () => {
  it('is undefined without HTTP_PROXY or HTTPS_PROXY, whatever NO_PROXY says', () => {
    expect(proxyConfig({})).toBeUndefined();
    expect(proxyConfig({ NO_PROXY: 'localhost', HTTP_PROXY: '' })).toBeUndefined();
  });

  it('prefers the lowercase variables, as curl and undici do', () => {
    const config = proxyConfig({ http_proxy: 'http://low:1', HTTP_PROXY: 'http://up:2', NO_PROXY: 'a', no_proxy: 'b' });
    expect(config).toMatchObject({ httpProxy: 'http://low:1', noProxy: 'b' });
    expect(config?.names).toEqual({ httpProxy: 'http_proxy', noProxy: 'no_proxy' });
  });

  it('accepts host:port without a scheme', () => {
    expect(proxyConfig({ HTTPS_PROXY: 'proxy.corp:3128' })?.httpsProxy).toBe('http://proxy.corp:3128');
  });

  it.each(['http://[::1', 'socks5://proxy:1080'])('refuses %s with a usage error naming the variable', (value) => {
    expect(() => proxyConfig({ HTTPS_PROXY: value })).toThrow(/^HTTPS_PROXY /);
  });
});

describe('proxyFor (which proxy a request goes through)', () => {
  const config = (env: Record<string, string>) => proxyConfig(env) ?? { noProxy: '', names: {} };
  it.each([
    ['http://api.example.com', { HTTP_PROXY: 'http://p:1' }, 'http://p:1'],
    ['https://api.example.com', { HTTP_PROXY: 'http://p:1' }, 'http://p:1'],
    ['https://api.example.com', { HTTP_PROXY: 'http://p:1', HTTPS_PROXY: 'http://s:2' }, 'http://s:2'],
    ['http://api.example.com', { HTTPS_PROXY: 'http://s:2' }, undefined],
    ['https://api.example.com', { HTTPS_PROXY: 'http://s:2', NO_PROXY: 'example.com' }, undefined],
    ['https://api.example.com', { HTTPS_PROXY: 'http://s:2', NO_PROXY: '.example.com' }, undefined],
    ['https://api.example.com', { HTTPS_PROXY: 'http://s:2', NO_PROXY: '*.example.com' }, undefined],
    ['https://api.example.com', { HTTPS_PROXY: 'http://s:2', NO_PROXY: 'other.com, *' }, 'http://s:2'],
    ['https://api.example.com', { HTTPS_PROXY: 'http://s:2', NO_PROXY: '*' }, undefined],
    ['https://notexample.com', { HTTPS_PROXY: 'http://s:2', NO_PROXY: 'example.com' }, 'http://s:2'],
    ['https://api.example.com', { HTTPS_PROXY: 'http://s:2', NO_PROXY: 'api.example.com:443' }, undefined],
    ['https://api.example.com:8443', { HTTPS_PROXY: 'http://s:2', NO_PROXY: 'api.example.com:443' }, 'http://s:2'],
    ['http://127.0.0.1:8080', { HTTP_PROXY: 'http://p:1', NO_PROXY: 'localhost,127.0.0.1' }, undefined],
  ])('%s with %j → %s', (url, env, expected) => {
    expect(proxyFor(url, config(env))).toBe(expected);
  });
});

describe('noProxyMatches (as curl reads NO_PROXY)', () => {
  it.each([
    ['http://127.0.0.1:8080', '127.0.0.0/8', true],
    ['http://127.9.8.7', '127.0.0.0/8', true],
    ['http://128.0.0.1', '127.0.0.0/8', false],
    ['http://10.1.2.3', '192.168.0.0/16, 10.0.0.0/8', true],
    ['http://10.1.2.3', '10.1.2.3', true],
    ['http://10.1.2.3', '10.1.2.4', false],
    ['http://10.1.2.3', '10.1.2.3/33', false],
    ['http://10.1.2.3:8080', '10.0.0.0/8:8080', true],
    ['http://10.1.2.3:8081', '10.0.0.0/8:8080', false],
    ['http://[::1]:8080', '::1', true],
    ['http://[::1]:8080', '[::1]:8080', true],
    ['http://[::1]:8080', '[::1]:9090', false],
    ['http://[fd00::5]', 'fd00::/8', true],
    ['http://[fe80::5]', 'fd00::/8', false],
    ['http://127.0.0.1', '::1/128', false],
    ['http://localhost', '127.0.0.0/8', false],
    ['http://api.example.com', 'example.com', true],
    ['http://example.com', '.example.com', true],
    ['http://api.example.com', '*.example.com', true],
    ['http://API.Example.COM', 'example.com', true],
    ['http://api.example.com.', 'example.com', true],
    ['http://notexample.com', 'example.com', false],
    ['http://127.0.0.1', '.0.0.1', false],
    ['http://anything', '*', true],
    ['http://anything', 'a.com, *', false],
    ['https://api.example.com', 'api.example.com:443', true],
    ['https://api.example.com', 'api.example.com:80', false],
    ['http://api.example.com', 'a.com  b.com\texample.com', true],
    ['http://api.example.com', '', false],
    ['http://api.example.com', ' , ,', false],
  ])('%s with NO_PROXY=%j → %s', (url, noProxy, expected) => {
    expect(noProxyMatches(new URL(url), noProxy)).toBe(expected);
  });
});

describe('redactProxyUrl', () => {
  it.each([
    ['http://alice:s3cret@proxy:3128', 'http://alice:***@proxy:3128'],
    ['http://token@proxy:3128', 'http://token:***@proxy:3128'],
    ['alice:s3cret@proxy:3128', 'alice:***@proxy:3128'],
    ['http://proxy:3128/', 'http://proxy:3128/'],
  ])('%s → %s', (url, expected) => {
    expect(redactProxyUrl(url)).toBe(expected);
  });
});

describe('plain http', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['[::1]', true],
    ['127.0.0.1.example.com', false],
    ['10.0.0.1', false],
    ['api.example.com', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it('warns for http to another host only', () => {
    expect(plainHttpWarning('http://api.example.com:8080')).toBe(
      'http://api.example.com:8080 is plain http: the API key travels unencrypted',
    );
    expect(plainHttpWarning('https://api.example.com')).toBeUndefined();
    expect(plainHttpWarning('http://127.0.0.2:8080')).toBeUndefined();
  });
});
