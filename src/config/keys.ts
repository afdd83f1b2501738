import { parseMaxCost } from '../core/create-params.js';
import { PARAMS, type Param } from '../core/params/table.js';
import { PROVIDERS, parseBoolean, parseChoice, parseDuration, parseHttpUrl } from '../core/parse.js';
import { UsageError } from '../errors.js';

export type ConfigValue = string | number | boolean;

interface KeySpec {
  description: string;
  parse(text: string): ConfigValue;
  secret?: boolean;
}

const text = (description: string): KeySpec => ({ description, parse: (value) => value });

/** Every key `seedance config set` accepts, validated like the matching flag. */
export const CONFIG_KEYS: Record<string, KeySpec> = {
  'api-key': { description: 'API key (prefer `seedance auth login`)', parse: (v) => v.trim(), secret: true },
  'base-url': { description: 'API base URL', parse: (v) => parseHttpUrl(v, 'base-url') },
  provider: { description: 'gateway, ark or byteplus', parse: (v) => parseChoice(v, 'provider', PROVIDERS) },
  model: text('model id or alias (see seedance models)'),
  'output-dir': text('directory for downloaded videos'),
  'request-timeout': {
    description: 'per-request timeout (e.g. 30s)',
    parse: (v) => {
      parseDuration(v);
      return v;
    },
  },
  sidecar: { description: 'download --sidecar by default', parse: (v) => parseBoolean(v, 'sidecar') },
  gallery: { description: 'refresh gallery.html beside every download', parse: (v) => parseBoolean(v, 'gallery') },
  'max-cost': { description: 'refuse a create whose estimate is above this amount', parse: parseMaxCost },
  // Every create parameter's default, from the parameter table.
  ...Object.fromEntries(
    (PARAMS as readonly Param[]).map((row) => [
      row.key,
      { description: row.config, parse: (v: string) => (row.store ?? row.parse)(v) as ConfigValue },
    ]),
  ),
};

export function parseConfigValue(key: string, value: string): ConfigValue {
  const spec = CONFIG_KEYS[key];
  if (!spec) throw new Error(`unknown config key "${key}" (known: ${Object.keys(CONFIG_KEYS).join(', ')})`);
  return spec.parse(value);
}

export function isSecretKey(key: string): boolean {
  return CONFIG_KEYS[key]?.secret === true;
}

/**
 * A value read from config.json, through the parser `config set` uses: the file may have been edited by hand, and
 * a bad value ends the command (exit 2) naming the file and the key before anything is sent.
 */
export function configValue(values: Record<string, unknown>, key: string): ConfigValue | undefined {
  const value = values[key];
  if (value === undefined || value === null) return undefined;
  const spec = CONFIG_KEYS[key];
  if (!spec) return value as ConfigValue;
  try {
    return spec.parse(typeof value === 'string' ? value : JSON.stringify(value));
  } catch (error) {
    const message = (error as Error).message;
    throw new UsageError(`config.json: ${message.includes(key) ? '' : `${key}: `}${message}`, {
      code: 'config_invalid',
      hint: `fix it with: seedance config set ${key} <value> (or seedance config unset ${key})`,
    });
  }
}
