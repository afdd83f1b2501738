import { PROVIDER_TABLE, type Provider } from '../api/providers.js';
import { PROVIDERS, type ProviderName, parseChoice, parseDuration, parseHttpUrl } from '../core/parse.js';
import { UsageError } from '../errors.js';
import { configValue } from './keys.js';
import type { ConfigValues } from './store.js';

export interface GlobalFlags {
  apiKey?: string;
  baseUrl?: string;
  provider?: ProviderName;
  /** milliseconds */
  requestTimeout?: number;
}

export type Source = 'flag' | 'env' | 'config' | 'default';

export interface Settings {
  provider: Provider;
  apiKey: string | undefined;
  /** e.g. "--api-key", "SEEDANCE_API_KEY", "config file" */
  apiKeySource: string | undefined;
  baseUrl: string;
  baseUrlSource: Source;
  model: string;
  requestTimeoutMs: number;
  outputDir: string | undefined;
  /** Config values that act as defaults for create options (ratio, duration, …). */
  config: ConfigValues;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** flag > environment > config file > built-in default (DESIGN §1). Pure: no I/O. */
export function resolveSettings(
  flags: GlobalFlags,
  env: Record<string, string | undefined>,
  config: ConfigValues,
): Settings {
  const providerName: ProviderName =
    flags.provider ??
    envValue(env, 'SEEDANCE_PROVIDER', (v) => parseChoice(v, 'SEEDANCE_PROVIDER', PROVIDERS)) ??
    (configString(config, 'provider') as ProviderName | undefined) ??
    'gateway';
  const provider = PROVIDER_TABLE[providerName];

  // A configured base URL belongs to the configured provider: `--provider ark` must not reuse a gateway URL.
  const configProvider = configString(config, 'provider') ?? 'gateway';
  const configBase = configProvider === providerName ? configString(config, 'base-url') : undefined;
  const [baseUrl, baseUrlSource]: [string, Source] = flags.baseUrl
    ? [flags.baseUrl, 'flag']
    : env.SEEDANCE_BASE_URL
      ? [envValue(env, 'SEEDANCE_BASE_URL', (v) => parseHttpUrl(v, 'SEEDANCE_BASE_URL')) as string, 'env']
      : configBase
        ? [configBase, 'config']
        : [provider.defaultBaseUrl, 'default'];

  checkBaseUrl(baseUrl.replace(/\/+$/, ''), provider, baseUrlSource);
  const [apiKey, apiKeySource] = resolveKey(flags, env, config, provider);
  const timeoutText = configString(config, 'request-timeout');
  return {
    provider,
    apiKey,
    apiKeySource,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    baseUrlSource,
    model:
      configProvider === providerName
        ? (configString(config, 'model') ?? provider.defaultModel)
        : provider.defaultModel,
    requestTimeoutMs:
      flags.requestTimeout ?? (timeoutText !== undefined ? parseDuration(timeoutText) : DEFAULT_TIMEOUT_MS),
    outputDir: configString(config, 'output-dir'),
    config,
  };
}

function resolveKey(
  flags: GlobalFlags,
  env: Record<string, string | undefined>,
  config: ConfigValues,
  provider: Provider,
): [string | undefined, string | undefined] {
  if (flags.apiKey) return [flags.apiKey, '--api-key'];
  if (env.SEEDANCE_API_KEY) return [env.SEEDANCE_API_KEY, 'SEEDANCE_API_KEY'];
  if (provider.name !== 'gateway' && env.ARK_API_KEY) return [env.ARK_API_KEY, 'ARK_API_KEY'];
  const stored = configString(config, 'api-key');
  if (stored) return [stored, 'config file'];
  return [undefined, undefined];
}

function envValue<T>(env: Record<string, string | undefined>, name: string, parse: (v: string) => T): T | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  try {
    return parse(value);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Through the key's `config set` parser: a hand-edited bad value is a usage error naming config.json and the key. */
function configString(config: ConfigValues, key: string): string | undefined {
  const value = configValue(config, key);
  return value === undefined ? undefined : String(value);
}

const SOURCE_NAMES: Record<Source, string> = {
  flag: '--base-url',
  env: 'SEEDANCE_BASE_URL',
  config: 'config.json: base-url',
  default: 'the default base URL',
};
const ARK_HOST = /(^|\.)(volces\.com|bytepluses\.com)$/i;

/**
 * Base URLs that cannot work, refused before anything is sent (exit 2, not a 404 read as an outage): one that
 * repeats a path segment the request adds (`…/v1` + `v1/video/generations`), and an Ark host without /api/v3.
 */
export function checkBaseUrl(baseUrl: string, provider: Provider, source: Source): void {
  const url = new URL(baseUrl);
  const base = url.pathname.replace(/\/+$/, '');
  const name = `${SOURCE_NAMES[source]} ${baseUrl}`;
  const fail = (what: string, hint: string) => {
    throw new UsageError(`${name} ${what}`, { code: 'bad_base_url', hint });
  };
  const doubled = /((?:\/[^/]+){1,2})\1(?=\/|$)/.exec(`${base}/${provider.createPath}`)?.[1];
  if (doubled !== undefined) {
    fail(
      `makes the request path repeat ${doubled} (${url.origin}${base}/${provider.createPath})`,
      `the tool appends /${provider.createPath} to the base URL: give only what comes before it (${provider.name}'s default: ${provider.defaultBaseUrl})`,
    );
  }
  if (ARK_HOST.test(url.hostname)) {
    if (provider.name === 'gateway')
      fail('is an Ark host', 'add --provider ark (or byteplus), or set SEEDANCE_PROVIDER');
    if (!/\/api\/v3$/.test(base)) fail('lacks /api/v3, where Ark serves its API', `use ${url.origin}/api/v3`);
  }
}
