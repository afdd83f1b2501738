import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { escapeId } from '../api/task-id.js';
import { DownloadError, fsReason, UsageError } from '../errors.js';

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

/**
 * One download per target: `<path>.lock` created exclusively. A second process refuses instead of interleaving
 * bytes into the same .part; a lock left by a dead process is taken over.
 */
export function lockTarget(path: string): () => void {
  const lock = `${path}.lock`;
  try {
    makeParents(dirname(path));
  } catch (error) {
    throw new UsageError(`cannot create ${dirname(path)}: ${fsReason(error)}`, {
      code: 'target_unwritable',
    });
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lock);
        } catch {}
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'EROFS' || code === 'ENOTDIR' || code === 'EPERM') {
        throw new UsageError(`cannot write to ${dirname(path)}: ${fsReason(error)}`, { code: 'target_unwritable' });
      }
      if (code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lock, 'utf8').trim());
      if (pid > 0 && pid !== process.pid && alive(pid)) {
        throw new UsageError(`another seedance process (pid ${pid}) is downloading to ${path}`, {
          code: 'target_busy',
          hint: 'wait for it to finish, or choose another -o path',
        });
      }
      if (pid === process.pid)
        throw new UsageError(`${path} is already being downloaded by this process`, { code: 'target_busy' });
      unlinkSync(lock);
    }
  }
  throw new UsageError(`cannot lock ${path}`);
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
