import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = Record<string, string | undefined>;

/** Holds config.json. SEEDANCE_CONFIG_DIR relocates it (and the history) — every test uses that. */
export function configDir(env: Env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.SEEDANCE_CONFIG_DIR) return env.SEEDANCE_CONFIG_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'seedance', 'Config');
  if (platform === 'darwin') return join(home, 'Library', 'Preferences', 'seedance');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'seedance');
}

/** Holds history.jsonl: data, not settings, so it lives in the platform data dir unless relocated. */
export function dataDir(env: Env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.SEEDANCE_CONFIG_DIR) return env.SEEDANCE_CONFIG_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'seedance', 'Data');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'seedance');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'seedance');
}
