import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { KEY, startTestSandbox, useSandbox } from '../helpers/sandbox.js';
import { spawnCli } from '../helpers/spawn-cli.js';

const s = useSandbox({ renderMs: 20_000 });

interface Line {
  job: string | null;
  line: number;
  id: string | null;
  status: string;
  file: string | null;
  error: { code: string; message: string; exit_code: number } | null;
}

function jobsFile(dir: string, jobs: unknown[], name = 'jobs.jsonl'): string {
  const path = join(dir, name);
  writeFileSync(path, `${jobs.map((job) => (typeof job === 'string' ? job : JSON.stringify(job))).join('\n')}\n`);
  return path;
}

function lines(stdout: string): Line[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function named(count: number, prefix = 'job') {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i + 1}`,
    prompt: `${prefix} ${i + 1}: a paper boat`,
  }));
}

afterEach(() => {
  s.sandbox.faults.rateLimitRps = 0;
  s.sandbox.faults.createStatus = null;
  s.sandbox.faults.dropCreateAfterAccept = false;
});

describe('batch', () => {
  it('30 jobs at concurrency 5 under 10 req/s: all created once, downloaded, verified', async () => {
    s.sandbox.faults.rateLimitRps = 10;
    const dir = tempDir();
    jobsFile(dir, named(30));
    const creates = s.sandbox.stats.creates;
    const requests = s.sandbox.stats.requests.length;
    const run = await s.cli(['batch', 'jobs.jsonl', '--concurrency', '5', '--download', '--output-dir', 'out'], {
      cwd: dir,
    });
    expect(run.stderr).toMatch(/30 jobs: 30 succeeded, 0 failed, 0 skipped in /);
    expect(run.code).toBe(0);
    expect(s.sandbox.stats.creates - creates).toBe(30);
    const results = lines(run.stdout);
    expect(results).toHaveLength(30);
    expect(new Set(results.map((r) => r.job))).toEqual(new Set(named(30).map((j) => j.id)));
    for (const result of results) {
      expect(result).toMatchObject({ status: 'succeeded', error: null, file: `out/${result.job}.mp4` });
      expect(sha256(join(dir, result.file as string))).toBe(s.sandbox.videoDigest(result.id as string).sha256);
    }
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(
      named(30)
        .map((j) => `${j.id}.mp4`)
        .sort(),
    );
    const sent = s.sandbox.stats.requests.slice(requests);
    expect(sent.filter((r) => r.status === 429).length).toBeLessThanOrEqual(Math.ceil(sent.length / 10));
  });

  it('creation is paced: the limit costs time, never a job, and is met once instead of hammered', async () => {
    s.sandbox.faults.rateLimitRps = 10;
    const dir = tempDir();
    jobsFile(dir, named(30, 'paced'));
    const creates = s.sandbox.stats.creates;
    const requests = s.sandbox.stats.requests.length;
    const run = await s.cli(['batch', 'jobs.jsonl', '--concurrency', '5'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(s.sandbox.stats.creates - creates).toBe(30);
    expect(lines(run.stdout).map((r) => r.status)).toEqual(Array(30).fill('queued'));
    expect(run.stderr).toMatch(/rate limited by the API: pausing 1\.0s, then \d+\.\d req\/s/);
    const limited = s.sandbox.stats.requests.slice(requests).filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    // Counted by the virtual instant they came at: the HTTP client's own retries wait real time, during which this
    // suite's virtual clock may stand still, so they all land in the same virtual second and are refused together.
    expect(new Set(limited.map((r) => r.at)).size).toBeLessThanOrEqual(3);
  });

  it('429s beyond the HTTP client retries requeue the job instead of failing it', async () => {
    s.sandbox.faults.createStatus = { status: 429, times: 7 };
    const dir = tempDir();
    jobsFile(dir, named(3, 'busy'));
    const creates = s.sandbox.stats.creates;
    const run = await s.cli(['batch', 'jobs.jsonl', '--concurrency', '1'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(s.sandbox.stats.creates - creates).toBe(3);
    const state = readFileSync(join(dir, 'jobs.state.jsonl'), 'utf8');
    expect(state).toContain('"type":"rejected"');
    expect(state.match(/"type":"created"/g)).toHaveLength(3);
  });

  it('a create whose answer never came is not sent again, unless --recreate-unknown', async () => {
    const dir = tempDir();
    jobsFile(dir, [{ id: 'lost', prompt: 'a lost answer' }]);
    const creates = s.sandbox.stats.creates;
    s.sandbox.faults.dropCreateAfterAccept = true;
    const first = await s.cli(['batch', 'jobs.jsonl'], { cwd: dir });
    s.sandbox.faults.dropCreateAfterAccept = false;
    expect(first.code).toBe(6);
    expect(lines(first.stdout)).toEqual([expect.objectContaining({ job: 'lost', status: 'unknown', id: null })]);
    expect(s.sandbox.stats.creates - creates).toBe(1);

    const again = await s.cli(['batch', 'jobs.jsonl'], { cwd: dir });
    expect(again.code).toBe(6);
    expect(lines(again.stdout)[0]).toMatchObject({ status: 'unknown', error: { code: 'outcome_unknown' } });
    expect(again.stderr).toContain('seedance list');
    expect(s.sandbox.stats.creates - creates).toBe(1);

    const forced = await s.cli(['batch', 'jobs.jsonl', '--recreate-unknown'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(lines(forced.stdout)[0]).toMatchObject({ job: 'lost', status: 'queued' });
    expect(s.sandbox.stats.creates - creates).toBe(2);
  });

  it('a refused key stops the batch: exit 3, nothing created, the rest left for a rerun', async () => {
    const dir = tempDir();
    jobsFile(dir, named(6, 'nokey'));
    const run = await s.cli(['batch', 'jobs.jsonl', '--concurrency', '2'], {
      cwd: dir,
      env: { SEEDANCE_API_KEY: 'bad-key' },
    });
    expect(run.code).toBe(3);
    const results = lines(run.stdout);
    expect(results.length).toBeGreaterThanOrEqual(1);
    expect(results.length).toBeLessThanOrEqual(2);
    expect(results[0]).toMatchObject({ status: 'error', error: { exit_code: 3 } });
    expect(run.stderr).toMatch(/stopped creating tasks/);
    expect(run.stderr).toMatch(/6 jobs: 0 succeeded, \d failed, 0 skipped, \d not finished/);
  });

  it('on a terminal: one overall bar and a bar per running job, results above them, no spinner', async () => {
    const dir = tempDir();
    jobsFile(dir, named(3, 'tty'));
    const run = await s.cli(['batch', 'jobs.jsonl', '--wait'], { cwd: dir, stderrTty: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/batch \d\/3 done · \d running/);
    expect(run.stderr).toMatch(/tty-\d (starting|queued|running|waiting to create|creating)/);
    expect(run.stderr).toMatch(/✔(\u001b\[39m)? \[3\/3\] tty-\d \(cgt-[^)]+\): succeeded/);
    expect(run.stderr).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(lines(run.stdout)).toHaveLength(3);
  });

  it('a run interrupted halfway and rerun creates no task twice', async () => {
    const dir = tempDir();
    const config = tempDir();
    jobsFile(dir, named(12, 'clip'));
    const creates = s.sandbox.stats.creates;
    const signals = new EventEmitter();
    const args = ['batch', 'jobs.jsonl', '--concurrency', '3', '--download', '--output-dir', 'out'];
    const first = await s.cli(args, {
      cwd: dir,
      signals,
      env: { SEEDANCE_CONFIG_DIR: config },
      onStart: (io) => {
        let seen = 0;
        io.stdout.on('data', (chunk: Buffer) => {
          seen += chunk.toString().split('\n').filter(Boolean).length;
          if (seen >= 4 && seen - chunk.toString().split('\n').filter(Boolean).length < 4) signals.emit('SIGINT');
        });
      },
    });
    expect(first.code).toBe(130);
    expect(first.stderr).toContain('rerun the same command to resume');
    const done = lines(first.stdout);
    expect(done.length).toBeGreaterThanOrEqual(4);
    expect(done.length).toBeLessThan(12);
    const createdFirst = s.sandbox.stats.creates - creates;
    expect(createdFirst).toBeLessThan(12);

    const second = await s.cli(args, { cwd: dir, env: { SEEDANCE_CONFIG_DIR: config } });
    expect(second.code).toBe(0);
    expect(s.sandbox.stats.creates - creates).toBe(12);
    const all = lines(second.stdout);
    expect(all).toHaveLength(12);
    expect(all.every((r) => r.status === 'succeeded')).toBe(true);
    expect(new Set(all.map((r) => r.id)).size).toBe(12);
    // The jobs finished before the interrupt are reported with the same task and file.
    for (const before of done) expect(all).toContainEqual(before);
    expect(second.stderr).toMatch(/12 jobs: 12 succeeded, 0 failed, 0 skipped \(\d+ from an earlier run\)/);
    expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.mp4'))).toHaveLength(12);
  });

  it('invalid lines: reported with their line numbers, exit 2, nothing sent', async () => {
    const dir = tempDir();
    jobsFile(dir, [
      { id: 'ok', prompt: 'fine' },
      '{"prompt": "broken"',
      { prompt: 'too long', duration: 40 },
      { prompt: 'x', colour: 'red' },
      { id: 'ok', prompt: 'same id' },
      { prompt: 'bad ratio', ratio: '5:4' },
      { duration: 5 },
    ]);
    const requests = s.sandbox.stats.requests.length;
    const run = await s.cli(['batch', 'jobs.jsonl'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/jobs\.jsonl:2: not valid JSON/);
    expect(run.stderr).toMatch(/jobs\.jsonl:3: duration must be between 2 and 30/);
    expect(run.stderr).toMatch(/jobs\.jsonl:4: unknown key "colour"/);
    expect(run.stderr).toMatch(/jobs\.jsonl:5: id "ok" is already used on line 1/);
    expect(run.stderr).toMatch(/jobs\.jsonl:6: .*5:4/);
    expect(run.stderr).toMatch(/jobs\.jsonl:7: a job needs a "prompt"/);
    expect(run.stderr).toMatch(/6 invalid lines in jobs\.jsonl; nothing was sent/);
    expect(s.sandbox.stats.requests.length).toBe(requests);
    expect(existsSync(join(dir, 'jobs.state.jsonl'))).toBe(false);
  });

  it('--download: a named job whose file already exists is refused before its task is created', async () => {
    const dir = tempDir();
    jobsFile(dir, [
      { id: 'fox', prompt: 'a fox' },
      { id: 'cat', prompt: 'a cat' },
    ]);
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'fox.mp4'), 'mine');
    const requests = s.sandbox.stats.requests.length;
    const run = await s.cli(['batch', 'jobs.jsonl', '--download', '--output-dir', 'out'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/jobs\.jsonl:1: .*out\/fox\.mp4 already exists \(use --force or another --output-dir\)/);
    expect(s.sandbox.stats.requests.length).toBe(requests);
    expect(readFileSync(join(dir, 'out', 'fox.mp4'), 'utf8')).toBe('mine');
  });

  it('--skip-invalid runs the valid lines and reports the others', async () => {
    const dir = tempDir();
    jobsFile(dir, [
      { id: 'a', prompt: 'one', ratio: '16:9' },
      { prompt: 'two', ratio: '5:4' },
      { id: 'c', prompt: 'three' },
    ]);
    const creates = s.sandbox.stats.creates;
    const run = await s.cli(['batch', 'jobs.jsonl', '--skip-invalid'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(s.sandbox.stats.creates - creates).toBe(2);
    const results = lines(run.stdout);
    expect(results[0]).toMatchObject({ job: null, line: 2, status: 'invalid', error: { code: 'invalid_job' } });
    expect(results.slice(1).map((r) => [r.job, r.status])).toEqual(
      expect.arrayContaining([
        ['a', 'queued'],
        ['c', 'queued'],
      ]),
    );
    expect(run.stderr).toMatch(/3 jobs: 2 succeeded, 0 failed, 1 skipped/);
  });
});

/** Waits for a condition on the in-process sandbox (what the child has done), checking every few ms. */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('batch killed by SIGKILL (spawned, built dist/)', () => {
  it('the rerun resumes: no task created twice, exactly one file per job', async () => {
    // The sandbox's clock stands still while the child runs, so every created task stays queued until the test
    // says otherwise: the kill lands while all workers are polling, never in the middle of a create.
    let frozenAt: number | null = Date.now();
    let offset = 0;
    const sandbox = await startTestSandbox({ renderMs: 300, now: () => (frozenAt ?? Date.now()) + offset });
    try {
      const dir = tempDir();
      const env = { SEEDANCE_BASE_URL: sandbox.url, SEEDANCE_API_KEY: KEY, SEEDANCE_CONFIG_DIR: tempDir() };
      jobsFile(dir, named(6, 'kill'));
      const args = [
        'batch',
        'jobs.jsonl',
        '--concurrency',
        '3',
        '--download',
        '--output-dir',
        'out',
        '--interval',
        '1s',
      ];
      const polled = () =>
        new Set(sandbox.stats.requests.filter((r) => r.method === 'GET').map((r) => r.path.split('/').at(-1)));
      const child = spawnCli(args, { env, cwd: dir });

      await until(() => polled().size === 3, 'three tasks created and polled');
      for (const id of [...polled()].slice(0, 2)) sandbox.setTaskState(id as string, 'succeeded');
      await child.waitFor(/\[2\/6\]/);
      await until(() => polled().size === 5, 'two more tasks created and polled');
      expect(sandbox.stats.creates).toBe(5);
      child.child.kill('SIGKILL');
      expect((await child.exit).signal).toBe('SIGKILL');
      const before = lines(child.stdout());
      expect(before).toHaveLength(2);

      frozenAt = null;
      offset = 1000;
      const rerun = await runCli(args, { env, cwd: dir });
      expect(rerun.code).toBe(0);
      expect(sandbox.stats.creates).toBe(6);
      const results = lines(rerun.stdout);
      expect(results).toHaveLength(6);
      for (const early of before) expect(results).toContainEqual(early);
      expect(readdirSync(join(dir, 'out')).sort()).toEqual(named(6, 'kill').map((j) => `${j.id}.mp4`));
      for (const result of results) {
        expect(result.status).toBe('succeeded');
        expect(sha256(join(dir, result.file as string))).toBe(sandbox.videoDigest(result.id as string).sha256);
      }
    } finally {
      await sandbox.close();
    }
  });
});
