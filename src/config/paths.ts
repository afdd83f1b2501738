import { userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { UsageError } from '../errors.js';
import { DIR_HINT } from './writable.js';

type Env = Record<string, string | undefined>;

/** A variable set to the empty string counts as unset: `HOME=` must not make paths relative to the cwd. */
function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The XDG base directory spec: a relative path in XDG_* is invalid and ignored. */
function xdg(value: string | undefined): string | undefined {
  return value && isAbsolute(value) ? value : undefined;
}

/** HOME (USERPROFILE on Windows), else the user's home in the password database; undefined when there is none. */
export function homeDir(env: Env, platform: NodeJS.Platform = process.platform): string | undefined {
  const fromEnv = nonEmpty(platform === 'win32' ? env.USERPROFILE : env.HOME) ?? nonEmpty(env.HOME);
  if (fromEnv) return fromEnv;
  try {
    return nonEmpty(userInfo().homedir);
  } catch {
    return undefined;
  }
}

function requireHome(env: Env, platform: NodeJS.Platform, home: string | undefined): string {
  const found = home ?? homeDir(env, platform);
  if (found) return found;
  throw new UsageError('no home directory: HOME is not set and this user has none', {
    code: 'no_home',
    hint: DIR_HINT,
  });
}

/** Holds config.json. SEEDANCE_CONFIG_DIR relocates it (and the history) — every test uses that. */
export function configDir(env: Env, platform: NodeJS.Platform = process.platform, home?: string): string {
  const relocated = nonEmpty(env.SEEDANCE_CONFIG_DIR);
  if (relocated) return relocated;
  if (platform === 'win32') {
    const appData = nonEmpty(env.APPDATA) ?? join(requireHome(env, platform, home), 'AppData', 'Roaming');
    return join(appData, 'seedance', 'Config');
  }
  if (platform === 'darwin') return join(requireHome(env, platform, home), 'Library', 'Preferences', 'seedance');
  return join(xdg(env.XDG_CONFIG_HOME) ?? join(requireHome(env, platform, home), '.config'), 'seedance');
}

/** Holds history.jsonl: data, not settings, so it lives in the platform data dir unless relocated. */
export function dataDir(env: Env, platform: NodeJS.Platform = process.platform, home?: string): string {
  const relocated = nonEmpty(env.SEEDANCE_CONFIG_DIR);
  if (relocated) return relocated;
  if (platform === 'win32') {
    const localAppData = nonEmpty(env.LOCALAPPDATA) ?? join(requireHome(env, platform, home), 'AppData', 'Local');
    return join(localAppData, 'seedance', 'Data');
  }
  if (platform === 'darwin') {
    return join(requireHome(env, platform, home), 'Library', 'Application Support', 'seedance');
  }
  return join(xdg(env.XDG_DATA_HOME) ?? join(requireHome(env, platform, home), '.local', 'share'), 'seedance');
}
