import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fsReason, UsageError } from '../errors.js';
import type { ConfigValue } from './keys.js';
import { DIR_HINT, dirProblem, ensureDir, unwritable } from './writable.js';

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
    throw new UsageError(`cannot read the config file ${path}: ${fsReason(error)}`, {
      code: 'config_unreadable',
      hint: DIR_HINT,
    });
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

/**
 * A change to config.json through conf, or the error naming the path, the reason and the fix: exit 2, 3 for the
 * key (the key store). `home`: the home directory `dir` may lie in; it is never created.
 */
async function changeConf(dir: string, key: string, home: string | undefined, change: (conf: Conf) => void) {
  const keyStore = key === 'api-key';
  // conf creates missing directories 0755: create ours 0700 first, so the key's folder is private too.
  ensureDir(dir, home, 'the config file', keyStore);
  readConfigFile(dir); // refuses to overwrite a corrupt file silently
  const { default: Conf } = await import('conf');
  try {
    const conf = new Conf<ConfigValues>({ cwd: dir, configName: 'config', configFileMode: 0o600 });
    change(conf);
    return conf.path;
  } catch (error) {
    if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    throw unwritable(`cannot write the config file ${configPath(dir)}: ${fsReason(error)}`, keyStore);
  }
}

type Conf = import('conf').default<ConfigValues>;

/** Fails as a change of `key` would, without writing: `auth login` checks its store before it tries the key. */
export function checkConfigWritable(dir: string, key: string, home?: string): void {
  const problem = dirProblem(dir, home);
  if (problem !== undefined) throw unwritable(`cannot write the config file in ${dir}: ${problem}`, key === 'api-key');
}

export async function setConfigValue(dir: string, key: string, value: ConfigValue, home?: string): Promise<string> {
  // conf treats dots as nesting; our keys have none, but never let a user key reach into objects.
  return changeConf(dir, key, home, (conf) => conf.set(key.replaceAll('.', '\\.'), value));
}

export async function unsetConfigValue(dir: string, key: string, home?: string): Promise<boolean> {
  const { values } = readConfigFile(dir);
  if (!(key in values)) return false;
  await changeConf(dir, key, home, (conf) => conf.delete(key.replaceAll('.', '\\.')));
  return true;
}
