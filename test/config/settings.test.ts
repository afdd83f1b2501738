import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/config/settings.js';

describe('resolveSettings precedence: flag > env > config > default', () => {
  it('defaults to the gateway', () => {
    const s = resolveSettings({}, {}, {});
    expect(s.provider.name).toBe('gateway');
    expect(s.baseUrl).toBe('https://api-cs-al.naci-tech.com');
    expect(s.model).toBe('sd2.0');
    expect(s.requestTimeoutMs).toBe(30_000);
    expect(s.apiKey).toBeUndefined();
  });

  it('key: flag > SEEDANCE_API_KEY > config', () => {
    expect(resolveSettings({ apiKey: 'f' }, { SEEDANCE_API_KEY: 'e' }, { 'api-key': 'c' })).toMatchObject({
      apiKey: 'f',
      apiKeySource: '--api-key',
    });
    expect(resolveSettings({}, { SEEDANCE_API_KEY: 'e' }, { 'api-key': 'c' })).toMatchObject({
      apiKey: 'e',
      apiKeySource: 'SEEDANCE_API_KEY',
    });
    expect(resolveSettings({}, {}, { 'api-key': 'c' })).toMatchObject({ apiKey: 'c', apiKeySource: 'config file' });
  });

  it('ARK_API_KEY counts only for ark and byteplus, after SEEDANCE_API_KEY', () => {
    expect(resolveSettings({}, { ARK_API_KEY: 'a' }, {}).apiKey).toBeUndefined();
    expect(resolveSettings({ provider: 'ark' }, { ARK_API_KEY: 'a' }, {}).apiKey).toBe('a');
    expect(resolveSettings({ provider: 'ark' }, { ARK_API_KEY: 'a', SEEDANCE_API_KEY: 's' }, {}).apiKey).toBe('s');
  });

  it('base URL: flag > env > config > provider default', () => {
    const config = { 'base-url': 'https://config.example' };
    expect(
      resolveSettings({ baseUrl: 'https://flag.example/' }, { SEEDANCE_BASE_URL: 'https://env.example' }, config)
        .baseUrl,
    ).toBe('https://flag.example');
    expect(resolveSettings({}, { SEEDANCE_BASE_URL: 'https://env.example' }, config).baseUrl).toBe(
      'https://env.example',
    );
    expect(resolveSettings({}, {}, config).baseUrl).toBe('https://config.example');
  });

  it('a configured base URL and model belong to the configured provider', () => {
    const s = resolveSettings({ provider: 'ark' }, {}, { 'base-url': 'https://gw.example', model: 'sd2.0' });
    expect(s.baseUrl).toBe('https://ark.cn-beijing.volces.com/api/v3');
    expect(s.model).toBe('doubao-seedance-2-0-260128');
  });

  it('provider: flag > env > config', () => {
    expect(resolveSettings({ provider: 'byteplus' }, { SEEDANCE_PROVIDER: 'ark' }, {}).provider.name).toBe('byteplus');
    expect(resolveSettings({}, { SEEDANCE_PROVIDER: 'ark' }, { provider: 'byteplus' }).provider.name).toBe('ark');
    expect(resolveSettings({}, {}, { provider: 'byteplus' }).model).toBe('dreamina-seedance-2-0-260128');
  });

  it('refuses a bad SEEDANCE_PROVIDER with a usage error', () => {
    expect(() => resolveSettings({}, { SEEDANCE_PROVIDER: 'nope' }, {})).toThrow(/SEEDANCE_PROVIDER must be one of/);
  });

  it('request timeout from the config file', () => {
    expect(resolveSettings({}, {}, { 'request-timeout': '45s' }).requestTimeoutMs).toBe(45_000);
    expect(resolveSettings({ requestTimeout: 1000 }, {}, { 'request-timeout': '45s' }).requestTimeoutMs).toBe(1000);
  });
});
