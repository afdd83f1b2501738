import { describe, expect, it } from 'vitest';
import type { Task, TaskStatus } from '../../src/api/task.js';
import { nextPollDelay, PollTimeoutError, pollTask } from '../../src/core/poll.js';
import { ApiError, AuthError, WaitTimeoutError } from '../../src/errors.js';

function task(status: TaskStatus): Task {
  return {
    id: 't',
    model: null,
    status,
    progress: null,
    video_url: null,
    last_frame_url: null,
    error: null,
    created_at: null,
    updated_at: null,
    completed_at: null,
    seed: null,
    resolution: null,
    ratio: null,
    duration: null,
    fps: null,
    usage: null,
    cost: null,
  };
}

function fakeTime() {
  let time = 0;
  const slept: number[] = [];
  return {
    now: () => time,
    sleep: async (ms: number) => {
      slept.push(ms);
      time += ms;
    },
    slept,
  };
}

describe('nextPollDelay', () => {
  it('starts at 2s and grows to 10s', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => nextPollDelay(n))).toEqual([
      2000, 3000, 4500, 6750, 10_000, 10_000, 10_000,
    ]);
  });
  it('a fixed interval stays fixed', () => expect(nextPollDelay(7, 500)).toBe(500));
});

describe('pollTask', () => {
  it('polls until a terminal status', async () => {
    const statuses: TaskStatus[] = ['queued', 'running', 'running', 'succeeded'];
    const time = fakeTime();
    const seen: string[] = [];
    const result = await pollTask(async () => task(statuses.shift() as TaskStatus), {
      timeoutMs: 0,
      ...time,
      onTask: (t) => seen.push(t.status),
    });
    expect(result.status).toBe('succeeded');
    expect(seen).toEqual(['queued', 'running', 'running', 'succeeded']);
    expect(time.slept).toEqual([2000, 3000, 4500]);
  });

  it('carries on through transient API errors', async () => {
    const answers: Array<Task | Error> = [
      new ApiError('HTTP 503'),
      task('running'),
      new ApiError('reset'),
      task('failed'),
    ];
    const transient: string[] = [];
    const result = await pollTask(
      async () => {
        const next = answers.shift();
        if (next instanceof Error) throw next;
        return next as Task;
      },
      { timeoutMs: 0, ...fakeTime(), onTransientError: (e) => transient.push(e.message) },
    );
    expect(result.status).toBe('failed');
    expect(transient).toEqual(['HTTP 503', 'reset']);
  });

  it('ends at once on an auth error', async () => {
    await expect(
      pollTask(
        async () => {
          throw new AuthError('no');
        },
        { timeoutMs: 0, ...fakeTime() },
      ),
    ).rejects.toBeInstanceOf(AuthError);
  });

  it('times out without overshooting the limit', async () => {
    const time = fakeTime();
    await expect(pollTask(async () => task('running'), { timeoutMs: 5000, ...time })).rejects.toBeInstanceOf(
      WaitTimeoutError,
    );
    expect(time.slept.reduce((a, b) => a + b, 0)).toBe(5000);
  });
});

describe('pollTask: the timeout bounds the whole wait', () => {
  it('hands each poll the time left as its budget (none when waiting forever)', async () => {
    const time = fakeTime();
    const budgets: Array<number | undefined> = [];
    const statuses: TaskStatus[] = ['queued', 'running', 'succeeded'];
    await pollTask(
      async (_signal, budgetMs) => {
        budgets.push(budgetMs);
        return task(statuses.shift() as TaskStatus);
      },
      { timeoutMs: 10_000, ...time },
    );
    expect(budgets).toEqual([10_000, 8000, 5000]);
    const forever: Array<number | undefined> = [];
    await pollTask(
      async (_signal, budgetMs) => {
        forever.push(budgetMs);
        return task('succeeded');
      },
      { timeoutMs: 0, ...time },
    );
    expect(forever).toEqual([undefined]);
  });

  it('never reached: the last API error, worded as such (exit 6), not a timeout', async () => {
    const time = fakeTime();
    const error = await pollTask(
      async () => {
        throw new ApiError('cannot connect to http://x (connection refused)', { hint: 'check --base-url' });
      },
      { timeoutMs: 5000, ...time },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('could not reach the API in 5s: cannot connect to http://x (connection refused)');
    expect(error.hint).toBe('check --base-url');
  });

  it('seen alive, then unreachable: a timeout (exit 5) that says how old the news is', async () => {
    const time = fakeTime();
    let polls = 0;
    const error = await pollTask(
      async () => {
        if (++polls === 1) return task('running');
        throw new ApiError('no answer from http://x');
      },
      { timeoutMs: 5000, ...time },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error.message).toBe('still not finished after 5s');
    expect(error.since).toMatchObject({ lastSeenAgoMs: 5000, error: { message: 'no answer from http://x' } });
  });
});
