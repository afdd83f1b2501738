import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRun } from '../helpers/audit.js';
import { type CliRun, type RunOptions, runCli, tempDir } from '../helpers/run-cli.js';
import { KEY, useSandbox } from '../helpers/sandbox.js';
import { BIN, spawnCli } from '../helpers/spawn-cli.js';

// The config and history directories are the user's environment: one that cannot be written is a usage error
// (exit 2; 3 for the key store) naming the path, the reason and the fix, and no create is sent that cannot be
// journaled. Mode 500 stops no write by root: besides it (run as nobody when the tests run as root), unwritable
// places are made of regular files where a directory is needed (ENOTDIR, EISDIR) and of a missing home.
const s = useSandbox();

// Should the CLI ever read the process's HOME instead of the one it is given, it must not write in the real one.
const realHome = process.env.HOME;
beforeAll(() => {
  process.env.HOME = tempDir('seedance-home-');
});
afterAll(() => {
  process.env.HOME = realHome;
});
const FIX = 'hint: set SEEDANCE_CONFIG_DIR to a writable directory';
const root = process.getuid?.() === 0;
const NOBODY = 65534;

/** A config dir of mode 500 owned by whoever runs the CLI (as root: nobody, below). */
function unwritableDir(): string {
  const parent = tempDir();
  chmodSync(parent, 0o755);
  const dir = join(parent, 'config');
  mkdirSync(dir);
  if (root) chownSync(dir, NOBODY, NOBODY);
  chmodSync(dir, 0o500);
  return dir;
}

/**
 * Mode 500 stops no write by root, so as root the built CLI runs as nobody (the permission check is the kernel's,
 * not ours); otherwise in process, as the user running the tests.
 */
async function asUnprivileged(args: string[], configDir: string, stdin?: string): Promise<CliRun> {
  const env = { SEEDANCE_CONFIG_DIR: configDir, SEEDANCE_BASE_URL: s.sandbox.url, SEEDANCE_API_KEY: KEY };
  if (!root) return s.cli(args, { env, stdin });
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dirname(configDir),
    env: { PATH: process.env.PATH, HOME: dirname(configDir), ...env },
    uid: NOBODY,
    gid: NOBODY,
  });
  child.stdin.end(stdin ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const code = await new Promise<number>((resolve) => child.on('close', (exit) => resolve(exit ?? -1)));
  auditRun(stdout, stderr, configDir);
  return { code, stdout, stderr };
}

/** A regular file where the config dir should be. */
function fileAsDir(): string {
  const path = join(tempDir(), 'not-a-dir');
  writeFileSync(path, '');
  return path;
}

/** A config dir whose history.jsonl is a directory: config readable, journal not writable. */
function journalIsDir(): string {
  const dir = tempDir();
  chmodSync(dir, 0o700);
  mkdirSync(join(dir, 'history.jsonl'));
  return dir;
}

/** HOME pointing at a directory that does not exist, nothing relocated. */
function missingHome(): Record<string, string | undefined> {
  return { HOME: join(tempDir(), 'gone'), SEEDANCE_CONFIG_DIR: undefined, XDG_CONFIG_HOME: undefined };
}

async function createSendsNothing(env: RunOptions['env'], cwd?: string) {
  const requests = s.sandbox.stats.requests.length;
  const creates = s.sandbox.stats.creates;
  const run = await s.cli(['create', 'a fox'], { env, cwd });
  expect(s.sandbox.stats.creates).toBe(creates);
  expect(s.sandbox.stats.requests.length).toBe(requests);
  expect(run.stdout).toBe('');
  return run;
}

describe('a journal that cannot be written: the create is never sent', () => {
  it('history.jsonl is a directory: exit 2 naming it, EISDIR, the fix; no request', async () => {
    const dir = journalIsDir();
    const run = await createSendsNothing({ SEEDANCE_CONFIG_DIR: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: cannot write the history ${join(dir, 'history.jsonl')}: EISDIR`);
    expect(run.stderr).toContain(FIX);
    expect(run.stderr).not.toMatch(/internal error|this is a bug/);
  });

  it('XDG_DATA_HOME under a regular file (config fine): exit 2 with ENOTDIR; no request', async () => {
    const file = fileAsDir();
    const env = { SEEDANCE_CONFIG_DIR: undefined, XDG_CONFIG_HOME: tempDir(), XDG_DATA_HOME: file };
    const run = await createSendsNothing(env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `cannot write the history in ${join(file, 'seedance')}: ${file} is not a directory (ENOTDIR)`,
    );
    expect(run.stderr).toContain(FIX);
  });

  it('a config dir of mode 500: create, config set and auth login fail with EACCES; nothing is sent', async () => {
    const dir = unwritableDir();
    const requests = s.sandbox.stats.requests.length;
    const create = await asUnprivileged(['create', 'a fox'], dir);
    expect(create).toMatchObject({ code: 2, stdout: '' });
    expect(create.stderr).toContain(`error: cannot write the history in ${dir}: EACCES (permission denied)`);
    expect(create.stderr).toContain(FIX);
    expect(s.sandbox.stats.requests.length).toBe(requests);
    const set = await asUnprivileged(['config', 'set', 'ratio', '16:9'], dir);
    expect(set.code).toBe(2);
    expect(set.stderr).toContain(`error: cannot write the config file in ${dir}: EACCES (permission denied)`);
    const login = await asUnprivileged(['auth', 'login', '--with-key'], dir, `${KEY}\n`);
    expect(login.code).toBe(3);
    expect(login.stderr).toContain(FIX);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('HOME pointing at a missing directory: exit 2, the home is not created; no request', async () => {
    const env = missingHome();
    const run = await createSendsNothing(env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`the home directory ${env?.HOME} does not exist`);
    expect(run.stderr).toContain(FIX);
    expect(existsSync(env?.HOME as string)).toBe(false);
  });
});

describe('config set and auth login in a config dir that cannot be written', () => {
  it.each([
    [
      'the config dir is a regular file',
      (): Record<string, string | undefined> => ({ SEEDANCE_CONFIG_DIR: fileAsDir() }),
      'is not a directory (ENOTDIR)',
    ],
    ['HOME is missing', missingHome, 'does not exist'],
  ])('%s: config set exits 2, auth login exits 3, each with the path, reason and fix', async (_, envOf, reason) => {
    const env = envOf();
    const set = await runCli(['config', 'set', 'ratio', '16:9'], { env });
    expect(set.code).toBe(2);
    expect(set.stderr).toMatch(/^error: cannot write the config file in \/\S+: /);
    expect(set.stderr).toContain(reason);
    expect(set.stderr).toContain(FIX);
    const login = await runCli(['auth', 'login', '--with-key'], { env, stdin: `${KEY}\n` });
    expect(login.code).toBe(3);
    expect(login.stderr).toContain(reason);
    expect(login.stderr).toContain(FIX);
    if (env.HOME) expect(existsSync(env.HOME)).toBe(false);
  });
});

describe('doctor', () => {
  const doctor = (env: RunOptions['env']) => s.cli(['doctor', '--json'], { env });
  const check = (stdout: string, name: string) =>
    JSON.parse(stdout).checks.find((c: { name: string }) => c.name === name);

  it('fails the history check when the journal cannot be written', async () => {
    const run = await doctor({ SEEDANCE_CONFIG_DIR: journalIsDir() });
    expect(run.code).toBe(2);
    expect(check(run.stdout, 'history')).toMatchObject({ status: 'failed' });
    expect(check(run.stdout, 'history').detail).toMatch(
      /history\.jsonl is a directory \(EISDIR\).*SEEDANCE_CONFIG_DIR/,
    );
  });

  it('fails the config and history checks when the config dir is a file, or HOME is missing', async () => {
    for (const env of [{ SEEDANCE_CONFIG_DIR: fileAsDir() }, missingHome()]) {
      const run = await doctor(env);
      expect(run.code).toBe(2);
      expect(check(run.stdout, 'config')).toMatchObject({ status: 'failed' });
      expect(check(run.stdout, 'config').detail).toMatch(/^cannot write \/\S+config\.json: .*SEEDANCE_CONFIG_DIR/);
      expect(check(run.stdout, 'history')).toMatchObject({ status: 'failed' });
    }
  });

  it('passes both with a writable config dir', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o700);
    const run = await doctor({ SEEDANCE_CONFIG_DIR: dir });
    expect(check(run.stdout, 'history')).toMatchObject({ status: 'ok', detail: join(dir, 'history.jsonl') });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('an empty HOME or XDG_* counts as unset', () => {
  // Spawned: in a real process `HOME=` empties what os.homedir() answers, which is how the journal ended up under
  // `./.local/share` of whatever directory seedance was run in.
  it('HOME= does not put the config or the journal under the working directory', async () => {
    const cwd = tempDir();
    const env = { HOME: '', XDG_CONFIG_HOME: '', XDG_DATA_HOME: '' };
    // Read-only commands: nothing is written to the real home.
    const path = spawnCli(['config', 'path'], { env, cwd });
    expect((await path.exit).code).toBe(0);
    expect(path.stdout().trim()).toMatch(/^\/.+\/\.config\/seedance\/config\.json$/);
    const doctor = spawnCli(['doctor', '--json'], { env, cwd });
    await doctor.exit;
    const history = JSON.parse(doctor.stdout()).checks.find((c: { name: string }) => c.name === 'history');
    expect(history.detail).toMatch(/^\/.+\/\.local\/share\/seedance\/history\.jsonl$/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
