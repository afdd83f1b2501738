import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { tempDir } from '../helpers/run-cli.js';
import { KEY, startTestSandbox } from '../helpers/sandbox.js';
import { spawnCli } from '../helpers/spawn-cli.js';

// Real processes, killed for real: the sandbox runs on the wall clock here.
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ renderMs: 300, videoBytes: 256 * 1024 });
});
afterAll(() => sandbox.close());
afterEach(() => {
  sandbox.faults.hideDigest = false;
});

function env(config: string, extra: Record<string, string> = {}) {
  return { SEEDANCE_BASE_URL: sandbox.url, SEEDANCE_API_KEY: KEY, SEEDANCE_CONFIG_DIR: config, ...extra };
}

function jobs(dir: string, count: number, prefix: string, name = 'jobs.jsonl'): void {
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({ id: `${prefix}-${i + 1}`, prompt: `${prefix} ${i + 1}` }),
  );
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
}

const records = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; job?: string; id?: string; sha256?: string });

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

it('killed between the rename to <job>.mp4 and the state recording the save: the rerun knows its own file', async () => {
  // A storage host that states no sha256: the file is known by what the run recorded before the rename.
  sandbox.faults.hideDigest = true;
  const dir = tempDir();
  const config = tempDir();
  jobs(dir, 1, 'clip');
  const creates = sandbox.stats.creates;
  const args = ['batch', 'jobs.jsonl', '--download', '--output-dir', 'out', '--interval', '1s'];
  const killed = spawnCli(args, { cwd: dir, env: env(config, { SEEDANCE_TEST_KILL_AT: 'after-rename' }) });
  expect((await killed.exit).signal).toBe('SIGKILL');
  const video = join(dir, 'out', 'clip-1.mp4');
  expect(existsSync(video)).toBe(true);
  expect(existsSync(`${video}.lock`)).toBe(true);
  const state = join(dir, 'jobs.state.jsonl');
  expect(records(state).some((r) => r.type === 'saved')).toBe(false);
  const endedBefore = records(state).filter((r) => r.type === 'ended').length;

  const rerun = spawnCli(args, { cwd: dir, env: env(config) });
  const { code } = await rerun.exit;
  expect(rerun.stderr()).not.toMatch(/already exists/);
  expect(code).toBe(0);
  const [result] = rerun
    .stdout()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  expect(result).toMatchObject({ job: 'clip-1', status: 'succeeded', file: 'out/clip-1.mp4', error: null });
  expect(sandbox.stats.creates - creates).toBe(1);
  const digest = sandbox.videoDigest(result.id).sha256;
  expect(sha256(video)).toBe(digest);
  expect(records(state).filter((r) => r.type === 'saved')).toEqual([expect.objectContaining({ sha256: digest })]);
  // The dead run's lock was taken over and released; the task's end was not recorded a second time.
  expect(existsSync(`${video}.lock`)).toBe(false);
  expect(records(state).filter((r) => r.type === 'ended')).toHaveLength(endedBefore);

  // A run with nothing left to do leaves the state file as it is.
  const size = readFileSync(state).length;
  const third = spawnCli(args, { cwd: dir, env: env(config) });
  expect((await third.exit).code).toBe(0);
  expect(readFileSync(state).length).toBe(size);
});

it('the same jobs file through a symlink shares its state and lock: two runs at once create each job once', async () => {
  const dir = tempDir();
  const config = tempDir();
  jobs(dir, 20, 'link');
  symlinkSync(join(dir, 'jobs.jsonl'), join(dir, 'alias.jsonl'));
  const creates = sandbox.stats.creates;
  const first = spawnCli(['batch', 'jobs.jsonl', '--concurrency', '4'], { cwd: dir, env: env(config) });
  const second = spawnCli(['batch', 'alias.jsonl', '--concurrency', '4'], { cwd: dir, env: env(config) });
  const codes = [(await first.exit).code, (await second.exit).code];
  expect(sandbox.stats.creates - creates).toBe(20);
  // Either the second found the first at work (state busy, exit 2), or it came after and reported every job.
  for (const [code, run] of [
    [codes[0], first],
    [codes[1], second],
  ] as const) {
    if (code !== 0) {
      expect(code).toBe(2);
      expect(run.stderr()).toMatch(/another seedance batch is using the state file/);
    }
  }
  expect(existsSync(join(dir, 'alias.state.jsonl'))).toBe(false);
  const created = records(join(dir, 'jobs.state.jsonl')).filter((r) => r.type === 'created');
  expect(new Set(created.map((r) => r.job)).size).toBe(20);
  expect(created).toHaveLength(20);
});

it('two batches started together on one file, both finding a dead run’s lock and taking it over at once: each job created once', async () => {
  const dir = tempDir();
  const config = tempDir();
  const met = tempDir();
  jobs(dir, 24, 'race');
  // A run that died holding the state file's lock: its pid is gone (above any system's pid_max, 2^22 on Linux).
  const dead = 2 ** 22 + 1;
  writeFileSync(join(dir, 'jobs.state.jsonl.lock'), String(dead));
  const creates = sandbox.stats.creates;
  // Both processes wait, having found the stale lock, until the other has found it too: then both take it over.
  const raceEnv = env(config, { SEEDANCE_TEST_BARRIER: `lock-stale:2:${met}` });
  const args = ['batch', 'jobs.jsonl', '--concurrency', '24', '--download', '--output-dir', 'out', '--interval', '1s'];
  const runs = [spawnCli(args, { cwd: dir, env: raceEnv }), spawnCli(args, { cwd: dir, env: raceEnv })];
  const codes = await Promise.all(runs.map(async (run) => (await run.exit).code));
  expect(readdirSync(met)).toHaveLength(2);
  // One took the lock and ran every job; the other found it taken.
  expect([...codes].sort()).toEqual([0, 2]);
  const loser = runs[codes.indexOf(2)] as (typeof runs)[number];
  expect(loser.stderr()).toMatch(/another seedance batch is using the state file/);
  expect(loser.stdout()).toBe('');
  expect(sandbox.stats.creates - creates).toBe(24);
  const created = records(join(dir, 'jobs.state.jsonl')).filter((r) => r.type === 'created');
  expect(created).toHaveLength(24);
  expect(new Set(created.map((r) => r.job)).size).toBe(24);
  const winner = runs[codes.indexOf(0)] as (typeof runs)[number];
  const results = winner
    .stdout()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { job: string; id: string; file: string });
  expect(results).toHaveLength(24);
  for (const result of results) expect(sha256(join(dir, result.file))).toBe(sandbox.videoDigest(result.id).sha256);
  expect(existsSync(join(dir, 'jobs.state.jsonl.lock'))).toBe(false);
});
