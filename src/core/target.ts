import { randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { escapeId } from '../api/task-id.js';
import { DownloadError, fsReason, UsageError } from '../errors.js';
import { barrier } from './test-hook.js';

/** `-o <path>`, `-o <dir>/` → `<dir>/<id>.mp4`, default `./<id>.mp4` (or the configured output dir), `-o -` → stdout. */
export function resolveTarget(
  output: string | undefined,
  name: string,
  outputDir: string | undefined,
  cwd: string,
): string {
  if (output === '-') return '-';
  if (output === undefined || output === '') return inside(resolve(cwd, outputDir ?? '.'), name);
  if (output.endsWith('/') || output.endsWith('\\') || isDirectory(resolve(cwd, output)))
    return inside(resolve(cwd, output), name);
  return resolve(cwd, output);
}

/**
 * `<dir>/<name>.mp4`, never anywhere else. Task ids are checked when they arrive (api/task-id.ts); this holds even
 * for a name that was not: a separator, a drive letter or a NUL cannot move the file out of `dir`.
 */
function inside(dir: string, name: string): string {
  const path = resolve(dir, `${name}.mp4`);
  if (name === '' || name.includes('\0') || dirname(path) !== dir || basename(path) !== `${name}.mp4`) {
    throw new DownloadError(`cannot save as ${escapeId(name)}.mp4: the name would leave ${dir}`, {
      code: 'unsafe_file_name',
      hint: 'choose the file with -o <path>',
    });
  }
  return path;
}

/**
 * Before a render that ends in a download: the video's directory must be one we can create and write to, and, with
 * `checkFile`, the file itself free. Throws the UsageError the download would have thrown.
 */
export function checkTarget(path: string, { checkFile }: { checkFile: boolean }): void {
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new UsageError(`cannot write to ${dir}: ${fsReason(error)}`, {
      code: 'target_unwritable',
      hint: 'choose another -o path',
    });
  }
  if (checkFile && existsSync(path)) {
    throw new UsageError(`${path} already exists`, {
      code: 'target_exists',
      hint: 'use --force to overwrite, or -o to choose another path',
    });
  }
}

/** `<stem>.last-frame.png` beside the video. */
export function lastFramePath(videoPath: string): string {
  return `${videoPath.replace(/\.[^./\\]+$/, '')}.last-frame.png`;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Test hooks: who takes the lock, who is alive, and a moment between finding a stale lock and taking it over. */
export interface LockOptions {
  pid?: number;
  alive?: (pid: number) => boolean;
  onStale?: () => void;
}

/** An empty lock is one an older seedance is still writing its pid into, unless it has been empty this long. */
const EMPTY_LOCK_GRACE_MS = 10_000;

/**
 * One process per target: `<path>.lock`, holding the pid. It appears with the pid already in it (a temporary file
 * hard-linked to the lock's name, which fails if the name is taken), so nobody ever reads a lock half made. A lock
 * whose holder is dead is taken over in one atomic step too: renamed aside (only one of several racing processes
 * can), checked to be the dead one's, and put back if it was a lock just taken by someone else.
 */
export function lockTarget(path: string, options: LockOptions = {}): () => void {
  const pid = options.pid ?? process.pid;
  const isAlive = options.alive ?? alive;
  const lock = `${path}.lock`;
  try {
    makeParents(dirname(path));
  } catch (error) {
    throw new UsageError(`cannot create ${dirname(path)}: ${fsReason(error)}`, {
      code: 'target_unwritable',
    });
  }
  for (let attempt = 0; attempt < 4; attempt++) {
    if (createLock(lock, pid)) return () => releaseLock(lock, pid);
    const holder = readLock(lock);
    if (holder === null) continue;
    if (holder.pid === pid)
      throw new UsageError(`${path} is already being downloaded by this process`, { code: 'target_busy' });
    const writing = holder.pid === null && Date.now() - holder.mtimeMs < EMPTY_LOCK_GRACE_MS;
    if (writing || (holder.pid !== null && isAlive(holder.pid))) {
      throw new UsageError(`another seedance process (pid ${holder.pid ?? '?'}) is downloading to ${path}`, {
        code: 'target_busy',
        hint: 'wait for it to finish, or choose another -o path',
      });
    }
    options.onStale?.();
    barrier('lock-stale');
    takeOver(lock, holder, pid);
  }
  throw new UsageError(`cannot lock ${path}`, { code: 'target_busy' });
}

function createLock(lock: string, pid: number): boolean {
  const temporary = `${lock}.${pid}.${randomBytes(6).toString('hex')}`;
  try {
    writeFileSync(temporary, String(pid), { flag: 'wx', mode: 0o644 });
  } catch (error) {
    throw unwritable(lock, error);
  }
  try {
    linkSync(temporary, lock);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // A file system without hard links: exclusive create, the pid in the same single write.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS')
      return createPlain(lock, pid);
    throw unwritable(lock, error);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function createPlain(lock: string, pid: number): boolean {
  try {
    writeFileSync(lock, String(pid), { flag: 'wx', mode: 0o644 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw unwritable(lock, error);
  }
}

function unwritable(lock: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EROFS' || code === 'ENOTDIR' || code === 'EPERM') {
    return new UsageError(`cannot write to ${dirname(lock)}: ${fsReason(error)}`, { code: 'target_unwritable' });
  }
  return error as Error;
}

/** The lock's holder (null pid: empty or unreadable content), or null when there is no lock any more. */
function readLock(lock: string): Holder | null {
  try {
    const { ino, mtimeMs } = statSync(lock);
    const pid = Number(readFileSync(lock, 'utf8').trim());
    return { pid: Number.isInteger(pid) && pid > 0 ? pid : null, ino, mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

type Holder = { pid: number | null; ino: number; mtimeMs: number };

/**
 * Moves the stale lock out of the way; a lock taken meanwhile by another process is put back. The one moved is the
 * stale one when its inode, time and pid are (an inode alone may be reused by the very next lock).
 */
function takeOver(lock: string, stale: Holder, pid: number): void {
  const aside = `${lock}.stale.${pid}.${randomBytes(6).toString('hex')}`;
  try {
    renameSync(lock, aside);
  } catch (error) {
    // Another process took it over first: the next attempt sees its lock.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    const moved = readLock(aside);
    if (moved && moved.ino === stale.ino && moved.mtimeMs === stale.mtimeMs && moved.pid === stale.pid) return;
    try {
      linkSync(aside, lock);
    } catch {
      // A third process has taken the name in the meantime: it holds the lock, the one moved aside is lost to its
      // owner, who finds it gone when releasing (releaseLock checks the pid).
    }
  } finally {
    rmSync(aside, { force: true });
  }
}

/** Removes the lock only while it is still ours. */
function releaseLock(lock: string, pid: number): void {
  try {
    if (readFileSync(lock, 'utf8').trim() === String(pid)) unlinkSync(lock);
  } catch {}
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A process killed in a container without an init that reaps it stays a zombie: it exists but holds nothing.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

export function fileExists(path: string): boolean {
  return existsSync(path);
}

/** The path as the user thinks of it: relative to the working directory when inside it. */
export function displayPath(path: string, cwd: string): string {
  if (path === '-') return path;
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdirSync loops forever on some special file systems (a path
 * under /proc), and a user's `-o` may point anywhere.
 */
function makeParents(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeParents(parent);
  mkdirSync(dir);
}
