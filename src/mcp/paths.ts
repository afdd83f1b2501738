import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';

/** Sent to the API as they are (the API fetches them); anything else is a local file. */
const REMOTE = /^(https?|asset):\/\/\S|^data:/i;

/** The real path, so a symlink inside an allowed folder cannot point outside it. */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(real(dir), real(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** A media source as the library takes it: URLs unchanged, a local path absolute and checked against `allowed`. */
export function checkMedia(source: string, field: string, cwd: string, allowed: readonly string[]): string {
  if (REMOTE.test(source)) return source;
  const path = /^file:\/\//i.test(source) ? fileURLToPath(source) : resolve(cwd, source);
  if (!allowed.some((dir) => isInside(path, dir))) {
    throw new UsageError(`${field} ${source}: outside the folders this server may read`, {
      hint: `allowed: ${allowed.join(', ')}; start the server with --allow-dir <dir>, or pass an https:// URL`,
    });
  }
  return path;
}
