import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * True the first time it is asked for `name` in this config dir, false ever after: one-time hints leave a marker
 * file (`.<name>`) beside config.json. A dir that cannot be written just means the hint shows again next time.
 */
export function firstTime(dir: string, name: string): boolean {
  const marker = join(dir, `.${name}`);
  if (existsSync(marker)) return false;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(marker, '', { mode: 0o600 });
  } catch {}
  return true;
}
