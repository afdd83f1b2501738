import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';
import { AuthError, type CliError, fsReason, UsageError } from '../errors.js';

export const DIR_HINT = 'set SEEDANCE_CONFIG_DIR to a writable directory (it holds config.json and history.jsonl)';

/**
 * Why `dir` cannot hold our files, or undefined when it can; creates nothing (doctor asks). A missing directory is
 * fine when it can be created, but never a missing home directory: creating someone's home is not ours to do.
 */
export function dirProblem(dir: string, home: string | undefined): string | undefined {
  if (home && !existsSync(home) && inside(dir, home)) return `the home directory ${home} does not exist`;
  let existing = dir;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    if (!statSync(existing).isDirectory()) return `${existing} is not a directory (ENOTDIR)`;
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch (error) {
    return existing === dir ? fsReason(error) : `${existing}: ${fsReason(error)}`;
  }
  return undefined;
}

/** Why the file `path` (history.jsonl) cannot be appended to, or undefined; creates nothing. */
export function fileProblem(path: string, home: string | undefined): string | undefined {
  const problem = dirProblem(dirname(path), home);
  if (problem !== undefined || !existsSync(path)) return problem;
  try {
    if (statSync(path).isDirectory()) return `${path} is a directory (EISDIR)`;
    accessSync(path, constants.W_OK);
  } catch (error) {
    return `${path}: ${fsReason(error)}`;
  }
  return undefined;
}

/** mkdir -p (0700) for `dir`, or the error that names it, why, and the fix: exit 2, or 3 for the key store. */
export function ensureDir(dir: string, home: string | undefined, what: string, keyStore = false): void {
  let problem = dirProblem(dir, home);
  if (problem === undefined) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      problem = fsReason(error);
    }
  }
  if (problem !== undefined) throw unwritable(`cannot write ${what} in ${dir}: ${problem}`, keyStore);
}

export function unwritable(message: string, keyStore = false): CliError {
  const options = { code: 'config_dir_unwritable', hint: DIR_HINT };
  return keyStore ? new AuthError(message, options) : new UsageError(message, options);
}

function inside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
