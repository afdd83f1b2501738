import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { ConfigValue } from './keys.js';

export type ConfigValues = Record<string, ConfigValue>;

export interface ConfigFile {
  path: string;
  values: ConfigValues;
  /** Set when the file is readable by group or others. */
  looseMode?: number;
}

export function configPath(dir: string): string {
  return join(dir, 'config.json');
}

/**
 * Reads config.json without loading conf: importing conf costs ~120 ms (STYLE.md), and most commands only read.
 * Writes go through conf (atomic write, file mode).
 */
export function readConfigFile(dir: string): ConfigFile {
  const path = configPath(dir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, values: {} };
    throw new UsageError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let values: unknown;
  try {
    values = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the config file ${path} is not valid JSON: ${(error as Error).message}`, {
      code: 'config_invalid',
      hint: `fix or delete ${path} (seedance config path shows it)`,
    });
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new UsageError(`the config file ${path} must hold a JSON object`, { code: 'config_invalid' });
  }
  const mode = statSync(path).mode & 0o777;
  return { path, values: values as ConfigValues, looseMode: (mode & 0o077) !== 0 ? mode : undefined };
}

async function openConf(dir: string) {
  // conf creates missing directories 0755: create ours 0700 first, so the key's folder is private too.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { default: Conf } = await import('conf');
  return new Conf<ConfigValues>({ cwd: dir, configName: 'config', configFileMode: 0o600 });
}

export async function setConfigValue(dir: string, key: string, value: ConfigValue): Promise<string> {
  readConfigFile(dir); // refuses to overwrite a corrupt file silently
  const conf = await openConf(dir);
  // conf treats dots as nesting; our keys have none, but never let a user key reach into objects.
  conf.set(key.replaceAll('.', '\\.'), value);
  return conf.path;
}

export async function unsetConfigValue(dir: string, key: string): Promise<boolean> {
  const { values } = readConfigFile(dir);
  if (!(key in values)) return false;
  const conf = await openConf(dir);
  conf.delete(key.replaceAll('.', '\\.'));
  return true;
}
