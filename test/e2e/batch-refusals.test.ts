import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run-cli.js';
import { useSandbox } from '../helpers/sandbox.js';

const s = useSandbox({ renderMs: 20_000 });

function jobs(dir: string, count: number, prefix: string): void {
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({ id: `${prefix}-${i + 1}`, prompt: `${prefix} ${i + 1}` }),
  );
  writeFileSync(join(dir, 'jobs.jsonl'), `${lines.join('\n')}\n`);
}

const results = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { job: string; status: string; error: { exit_code: number } | null });

const events = (stderr: string) =>
  stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown> & { event: string });

afterEach(() => {
  s.sandbox.faults.createStatus = null;
  s.sandbox.faults.pollStatus = null;
  s.sandbox.faults.concurrencyLimit = 0;
});

describe('batch under refusals', () => {
  it('a 429 QuotaExceeded stops the creates: exit 9, the tasks already created are finished, none requeued', async () => {
    s.sandbox.faults.createStatus = { status: 429, times: -1, code: 'QuotaExceeded', afterCreates: 2 };
    const dir = tempDir();
    jobs(dir, 5, 'quota');
    const creates = s.sandbox.stats.creates;
    const requests = s.sandbox.stats.requests.length;
    const run = await s.cli(['batch', 'jobs.jsonl', '--concurrency', '2', '--wait'], { cwd: dir });
    expect(run.code).toBe(9);
    expect(s.sandbox.stats.creates - creates).toBe(2);
    const out = results(run.stdout);
    expect(out.filter((r) => r.status === 'succeeded')).toHaveLength(2);
    // The two workers may both have sent their next create before the first refusal came back; no more.
    const quota = out.filter((r) => r.error?.exit_code === 9).length;
    expect(quota).toBeGreaterThanOrEqual(1);
    expect(quota).toBeLessThanOrEqual(2);
    expect(run.stderr).toMatch(/stopped creating tasks: quota exhausted/);
    expect(run.stderr).toMatch(
      new RegExp(`5 jobs: 2 succeeded, ${quota} failed, 0 skipped, ${3 - quota} not finished`),
    );
    // Refused once per create sent, never retried: a used-up quota does not come back in a second.
    const refused = s.sandbox.stats.requests.slice(requests).filter((r) => r.status === 429);
    expect(refused).toHaveLength(quota);
  });

  // The gateway's `Concurrency limit reached (2)` with limit/current; Ark's cap on queued tasks in its own 429, with no
  // limit/current beside the message. Either way: fewer tasks at once, not retried as a rate limit, said once.
  it.each([
    { name: 'a concurrency limit', tag: 'conc', ark: false, current: 2 },
    { name: "Ark's cap on queued tasks, in Ark's own 429", tag: 'arkq', ark: true, current: null },
  ])('$name: at most that many tasks at once, every job created once, said once', async ({ tag, ark, current }) => {
    s.sandbox.faults.concurrencyLimit = 2;
    const dir = tempDir();
    jobs(dir, 6, tag);
    const creates = s.sandbox.stats.creates;
    const requests = s.sandbox.stats.requests.length;
    const env = ark ? { SEEDANCE_PROVIDER: 'ark', SEEDANCE_BASE_URL: `${s.sandbox.url}/api/v3` } : {};
    const run = await s.cli(['batch', 'jobs.jsonl', '--concurrency', '4', '--wait', '--events'], { cwd: dir, env });
    expect(run.code).toBe(0);
    expect(s.sandbox.stats.creates - creates).toBe(6);
    expect(results(run.stdout).map((r) => r.status)).toEqual(Array(6).fill('succeeded'));
    const refused = s.sandbox.stats.requests.slice(requests).filter((r) => r.status === 429);
    // The 3rd and 4th creates meet the limit, then the batch keeps to 2 tasks at once.
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(2);
    const held = events(run.stderr).filter((e) => e.event === 'held');
    expect(held).toEqual([expect.objectContaining({ reason: 'concurrency', limit: 2, current, tasks: 2 })]);
    expect(run.stderr).not.toMatch(/rate limited/);
  });

  it('a burst of 503s to status reads: retried read by read, never reported as a rate limit, said once', async () => {
    s.sandbox.faults.pollStatus = { status: 503, times: 12, retryAfterSec: 0 };
    const dir = tempDir();
    jobs(dir, 4, 'poll503');
    const run = await s.cli(['batch', 'jobs.jsonl', '--concurrency', '4', '--wait', '--events'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(results(run.stdout).map((r) => r.status)).toEqual(Array(4).fill('succeeded'));
    expect(run.stderr).not.toMatch(/rate limit/);
    const held = events(run.stderr).filter((e) => e.event === 'held');
    expect(held).toEqual([expect.objectContaining({ reason: 'busy', on: 'poll', status: 503 })]);
  });

  it('--events: each job lifecycle with its job id and line (created, queued/running, succeeded, downloaded)', async () => {
    const dir = tempDir();
    jobs(dir, 2, 'ev');
    const run = await s.cli(['batch', 'jobs.jsonl', '--download', '--output-dir', 'out', '--events'], { cwd: dir });
    expect(run.code).toBe(0);
    const all = events(run.stderr);
    for (const [index, job] of ['ev-1', 'ev-2'].entries()) {
      const mine = all.filter((e) => e.job === job);
      expect(mine.map((e) => e.event)).toEqual([
        'created',
        ...mine.slice(1, -3).map(() => expect.stringMatching(/^(queued|running)$/)),
        'succeeded',
        'downloading',
        'downloaded',
      ]);
      expect(mine.map((e) => e.event)).toContain('running');
      const id = mine[0]?.id;
      expect(id).toMatch(/^cgt-/);
      // Every line about the job names it, its line in the jobs file and its task, the downloads too.
      for (const event of mine) expect(event).toMatchObject({ job, line: index + 1, id });
      expect(mine.at(-1)).toMatchObject({
        path: join('out', `${job}.mp4`),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    }
  });
});
