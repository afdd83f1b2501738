import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';

const s = useSandbox();

async function create(prompt: string): Promise<string> {
  const run = await s.cli(['create', prompt]);
  expect(run.code).toBe(0);
  return run.stdout.trim();
}

describe('wait', () => {
  it('prints the video URL; stderr holds only status-change lines, nothing per poll', async () => {
    const id = await create('a fox');
    const run = await s.cli(['wait', id]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/videos\/cgt-.*\.mp4\?.*\n$/);
    const lines = run.stderr.trim().split('\n');
    expect(lines.map((l) => l.split(' ')[1])).toEqual(['queued', 'running', 'succeeded']);
    expect(run.stderr).not.toMatch(/\u001b/);
  });

  it('--json prints the final Task', async () => {
    const id = await create('a fox');
    const run = await s.cli(['wait', id, '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ id, status: 'succeeded', progress: 100 });
    expect(run.stderr).toBe('');
  });

  it('a failed task exits 4 with the reason', async () => {
    const id = await create('a fox #fail');
    const run = await s.cli(['wait', id]);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/error: task cgt-\S+ failed: .*sensitive/i);
  });

  it('a failure without a reason is asked again with show_raw', async () => {
    const id = await create('a fox #fail-no-error');
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['wait', id, '--json']);
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'OutputVideoSensitiveContentDetected' });
    expect(s.sandbox.stats.requests.slice(before).some((r) => r.search.includes('show_raw=true'))).toBe(true);
  });

  it.each([
    ['no reason', '#fail-no-error'],
    ['only the generic "task failed"', '#fail-vague'],
  ])('a failure with %s gets the real one from show_raw in wait, status and download', async (_, directive) => {
    const id = await create(`a fox ${directive}`);
    const before = s.sandbox.stats.requests.length;
    const waited = await s.cli(['wait', id]);
    expect(waited.code).toBe(4);
    expect(waited.stderr).toMatch(/failed: The request failed because the output video may contain sensitive/);
    const status = await s.cli(['status', id, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).error).toEqual({
      code: 'OutputVideoSensitiveContentDetected',
      message: expect.stringContaining('sensitive'),
    });
    expect((await s.cli(['status', id])).stdout).toMatch(/sensitive/);
    const download = await s.cli(['download', id]);
    expect(download.code).toBe(4);
    expect(download.stderr).toMatch(/failed: The request failed because the output video may contain sensitive/);
    const raw = s.sandbox.stats.requests.slice(before).filter((r) => r.search.includes('show_raw=true'));
    expect(raw.length).toBeGreaterThanOrEqual(4);
  });

  it('a failure with a real reason costs no extra query', async () => {
    const id = await create('a fox #fail');
    s.sandbox.setTaskState(id, 'failed');
    const before = s.sandbox.stats.requests.length;
    const status = await s.cli(['status', id, '--json']);
    expect(JSON.parse(status.stdout).error.code).toBe('OutputVideoSensitiveContentDetected');
    expect(s.sandbox.stats.requests.slice(before).map((r) => r.search)).toEqual(['']);
  });

  it('a succeeded task gets the details the default view lacks (seed, resolution, usage) with one more query', async () => {
    const id = await create('a fox');
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['wait', id, '--json']);
    expect(run.code).toBe(0);
    const task = JSON.parse(run.stdout);
    expect(task).toMatchObject({ status: 'succeeded', video_url: expect.stringMatching(/^http/) });
    expect(task.seed).toEqual(expect.any(Number));
    expect(task.resolution).toEqual(expect.any(String));
    expect(task.usage).toEqual(expect.objectContaining({ total_tokens: expect.any(Number) }));
    const searches = s.sandbox.stats.requests.slice(before).map((r) => r.search);
    expect(searches.at(-1)).toContain('show_usage=true');
    expect(searches.filter((q) => q.includes('show_usage=true'))).toHaveLength(1);
  });

  it('status --json shows the same Task as wait --json: the details asked of the wrapped view once', async () => {
    const id = await create('a fox');
    const waited = JSON.parse((await s.cli(['wait', id, '--json'])).stdout);
    const before = s.sandbox.stats.requests.length;
    const status = await s.cli(['status', id, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual(waited);
    for (const key of ['seed', 'resolution', 'ratio', 'duration', 'fps', 'usage']) expect(waited[key]).not.toBeNull();
    expect(s.sandbox.stats.requests.slice(before).map((r) => r.search)).toEqual(['', '?show_raw=true&show_usage=true']);
  });

  it('times out with exit 5, saying the task lives on and how to resume', async () => {
    const id = await create('a fox #stuck');
    const run = await s.cli(['wait', id, '--timeout', '1m']);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('the task is still alive');
    expect(run.stderr).toContain(`hint: resume with: seedance wait ${id}`);
  });

  it('carries on through 503 bursts on status polls', async () => {
    const id = await create('a fox');
    s.sandbox.faults.pollStatus = { status: 503, times: 6 };
    const run = await s.cli(['wait', id]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^http/);
  });

  it('--interval fixes the poll interval', async () => {
    const id = await create('a fox');
    const before = s.sandbox.stats.requests.length;
    await s.cli(['wait', id, '--interval', '1s']);
    // 20 s of render at 1 s per poll: about 20 polls (the adaptive default makes 5 or 6).
    expect(s.sandbox.stats.requests.length - before).toBeGreaterThanOrEqual(19);
  });

  it('the adaptive interval stays polite', async () => {
    const id = await create('a fox');
    const before = s.sandbox.stats.requests.length;
    await s.cli(['wait', id]);
    expect(s.sandbox.stats.requests.length - before).toBeLessThanOrEqual(7);
  });

  it('SIGINT stops watching with exit 130; the task keeps rendering', async () => {
    const id = await create('a fox #stuck');
    const signals = new EventEmitter();
    const run = await s.cli(['wait', id], {
      signals,
      onStart: (io) => {
        const sleep = io.sleep;
        let polls = 0;
        io.sleep = async (ms, signal) => {
          if (++polls === 2) signals.emit('SIGINT');
          return sleep(ms, signal);
        };
      },
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`stopped waiting; task ${id} keeps rendering`);
    expect(run.stderr).toContain(`resume with: seedance wait ${id}`);
  });

  it('SIGTERM exits 143', async () => {
    const id = await create('a fox #stuck');
    const signals = new EventEmitter();
    const run = await s.cli(['wait', id], {
      signals,
      onStart: (io) => {
        const sleep = io.sleep;
        io.sleep = async (ms, signal) => {
          signals.emit('SIGTERM');
          return sleep(ms, signal);
        };
      },
    });
    expect(run.code).toBe(143);
  });

  it('on a TTY: a spinner that ends in a ✔ line and leaves the cursor visible', async () => {
    const id = await create('a fox');
    const run = await s.cli(['wait', id], { stderrTty: true, env: { CI: undefined } });
    expect(run.code).toBe(0);
    expect(run.stderr.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')).toContain(`✔ ${id} succeeded`);
    expect(run.stderr).toContain('\u001b[?25h');
  });

  it.each([{ CI: 'true' }, { NO_COLOR: '1' }])('on a TTY with %j: no escape codes', async (env) => {
    const id = await create('a fox');
    const run = await s.cli(['wait', id], { stderrTty: true, env: { ...env, NO_COLOR: env.NO_COLOR } });
    if (env.CI) expect(run.stderr).not.toMatch(/\u001b/);
    else expect(run.stderr).not.toMatch(/\u001b\[3\dm/);
  });
});

it('a task Ark cancelled, which the gateway shows as running forever, ends the wait with exit 4', async () => {
  const id = (await s.cli(['create', 'a fox #cancel'])).stdout.trim();
  const run = await s.cli(['wait', id, '--timeout', '10m']);
  expect(run.code).toBe(4);
  expect(run.stderr).toMatch(new RegExp(`task ${id} cancelled`));
  // A single status sees running 30% in the default view, and asks the wrapped view once.
  const status = await s.cli(['status', id, '--json']);
  expect(JSON.parse(status.stdout)).toMatchObject({ id, status: 'cancelled' });
});
