import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { CONFIG_KEYS } from './keys.js';
import { configPath, readConfigFile } from './store.js';

/** What `doctor` needs to know about the config file, read without changing anything. */
export interface ConfigFacts {
  path: string;
  exists: boolean;
  /** The file is not valid JSON (or not an object), or cannot be read. */
  error?: string;
  keys: number;
  /** `key: message` for each value `config set` would refuse; keys it does not know. */
  invalid: string[];
  unknown: string[];
  /** Permission bits (0o777), undefined when the file or the directory is missing. */
  fileMode?: number;
  dirMode?: number;
}

export function inspectConfig(dir: string): ConfigFacts {
  const path = configPath(dir);
  const facts: ConfigFacts = { path, exists: false, keys: 0, invalid: [], unknown: [] };
  facts.dirMode = modeOf(dirname(path));
  facts.fileMode = modeOf(path);
  if (facts.fileMode === undefined) return facts;
  facts.exists = true;
  let values: Record<string, unknown>;
  try {
    values = readConfigFile(dir).values;
  } catch (error) {
    facts.error = (error as Error).message;
    return facts;
  }
  facts.keys = Object.keys(values).length;
  for (const [key, value] of Object.entries(values)) {
    const spec = CONFIG_KEYS[key];
    if (!spec) {
      facts.unknown.push(key);
      continue;
    }
    try {
      spec.parse(String(value));
    } catch (error) {
      facts.invalid.push(`${key}: ${(error as Error).message}`);
    }
  }
  return facts;
}

function modeOf(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o777;
  } catch {
    return undefined;
  }
}
