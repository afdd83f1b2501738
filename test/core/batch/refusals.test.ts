import { describe, expect, it } from 'vitest';
import { classifyRefusal, type RefusedAnswer } from '../../../src/api/refusal.js';
import { type Feedback, rateLimitNotice, routeAccepted, routeRefusal } from '../../../src/core/batch/feedback.js';
import { Holdback, type HoldNotice } from '../../../src/core/batch/holdback.js';
import { Pacer } from '../../../src/core/batch/pacer.js';
import { TaskSlots } from '../../../src/core/batch/slots.js';

/**
 * The batch's pace against a simulated server, on a virtual clock: the pacer's pump is the only sleeper, requests are
 * answered at once. Every refused answer goes through routeRefusal, as the HTTP client's feedback does in `batch`.
 */
function simulation(options: { concurrency?: number; initialRate?: number } = {}) {
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw signal.reason;
      clock.t += ms;
    },
  };
  const notices: Array<HoldNotice & { at: number }> = [];
  const holdback = new Holdback((notice) => notices.push({ ...notice, at: clock.t }));
  const onLimited = rateLimitNotice(holdback);
  const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, initialRate: options.initialRate ?? 20, onLimited });
  const slots = new TaskSlots(options.concurrency ?? 8, clock.now);
  const feedback: Feedback = { pacer, slots, holdback, now: clock.now, concurrency: options.concurrency ?? 8 };
  return { clock, pacer, slots, holdback, feedback, notices };
}

/** A server with a sliding one-second request limit (refused requests do not count), like the sandbox's. */
function limitedServer(rps: number) {
  const admitted: number[] = [];
  return (t: number): boolean => {
    while (admitted.length > 0 && (admitted[0] as number) <= t - 1000) admitted.shift();
    if (admitted.length >= rps) return false;
    admitted.push(t);
    return true;
  };
}

const RATE_429 = (retryAfterMs = 1000): RefusedAnswer => ({
  status: 429,
  method: 'POST',
  retryAfterMs,
  body: '{"error":{"code":"RateLimitExceeded.EndpointRPMExceeded","message":"The request has exceeded the RPM rate limit"}}',
});

const perSecond = (times: number[], from: number, to: number) =>
  (times.filter((t) => t >= from && t < to).length * 1000) / (to - from);

describe('batch refusals', () => {
  it('tells the kinds apart: rate, concurrency (limit, current), busy per request kind, quota', () => {
    expect(classifyRefusal(RATE_429())).toEqual({ kind: 'rate', retryAfterMs: 1000 });
    const concurrency = '{"error":{"message":"Concurrency limit reached (3)","code":"x"},"limit":3,"current":3}';
    expect(classifyRefusal({ status: 429, method: 'POST', body: concurrency })).toEqual({
      kind: 'concurrency',
      limit: 3,
      current: 3,
      retryAfterMs: undefined,
    });
    expect(
      classifyRefusal({ status: 429, method: 'POST', body: '{"message":"Concurrency limit reached (5)"}' }),
    ).toMatchObject({ kind: 'concurrency', limit: 5, current: null });
    // Ark's cap on queued tasks, in Ark's envelope (the sandbox's Ark routes), and relayed by the gateway.
    const ark = {
      error: {
        code: 'QueuedTaskLimitExceeded',
        message:
          'The number of queued tasks of your account has reached the limit (120). Please retry after some of them have started running. Request id: 0217',
        param: '',
        type: 'TooManyRequests',
      },
    };
    for (const body of [
      JSON.stringify(ark),
      JSON.stringify({ code: 'fail_to_fetch_task', message: JSON.stringify(ark) }),
    ])
      expect(classifyRefusal({ status: 429, method: 'POST', body })).toEqual({
        kind: 'concurrency',
        limit: 120,
        current: null,
        retryAfterMs: undefined,
      });
    expect(classifyRefusal({ status: 503, method: 'GET', retryAfterMs: 1000, body: '' })).toEqual({
      kind: 'busy',
      on: 'poll',
      retryAfterMs: 1000,
    });
    const saturated = '{"code":"fail_to_fetch_task","message":"当前分组上游负载已饱和，请稍后再试","data":null}';
    expect(classifyRefusal({ status: 429, method: 'POST', body: saturated })).toMatchObject({
      kind: 'busy',
      on: 'create',
    });
    const quota = '{"code":"fail_to_fetch_task","message":"{\\"error\\":{\\"code\\":\\"QuotaExceeded\\"}}"}';
    expect(classifyRefusal({ status: 429, method: 'POST', body: quota })).toEqual({ kind: 'quota' });
    expect(classifyRefusal({ status: 400, method: 'POST', body: '' })).toBeNull();
  });

  it('a burst of rate-limit 429s, then a clean API: back to the earlier pace within 2× the Retry-After', async () => {
    const { clock, pacer, feedback, notices } = simulation();
    const limit = limitedServer(10);
    let burst = 0;
    const accepted: number[] = [];
    const refused: number[] = [];
    const worker = async () => {
      while (clock.t < 40_000) {
        await pacer.acquire({ kind: 'create' });
        // From 10 s on, the next 20 requests are refused whatever the pace (the server busy for a while).
        if (clock.t >= 10_000 && burst < 20) {
          burst += 1;
          refused.push(clock.t);
          routeRefusal(RATE_429(1000), feedback);
        } else if (limit(clock.t)) {
          accepted.push(clock.t);
          routeAccepted(feedback);
        } else {
          refused.push(clock.t);
          routeRefusal(RATE_429(1000), feedback);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const before = perSecond(accepted, 5000, 10_000);
    expect(before).toBeGreaterThanOrEqual(8);
    const last = refused.filter((t) => t >= 10_000).at(-1) as number;
    // Back within 2 × 1 s after the last refusal: the next five seconds go at the earlier pace.
    expect(perSecond(accepted, last + 2000, last + 7000)).toBeGreaterThanOrEqual(before * 0.9);
    // Said once when it started, once when it was over: not per refused request.
    const during = notices.filter((n) => n.at >= 10_000 && n.at <= last + 2000).map((n) => n.reason);
    expect(during).toEqual(['rate', null]);
  });

  it('a sustained rate limit: paced just under it, met rarely, never sunk to a crawl', async () => {
    const { clock, pacer, feedback } = simulation();
    const limit = limitedServer(20);
    const accepted: number[] = [];
    let refusals = 0;
    const worker = async () => {
      while (clock.t < 30_000) {
        await pacer.acquire({ kind: 'create' });
        if (limit(clock.t)) accepted.push(clock.t);
        else {
          refusals += 1;
          routeRefusal(RATE_429(1000), feedback);
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(perSecond(accepted, 5000, 30_000)).toBeGreaterThanOrEqual(20 / 1.2);
    expect(refusals).toBeLessThanOrEqual(5);
  });

  it('503s to status reads: each read is retried on its own, the create pace and the tasks in flight stay', async () => {
    const { clock, pacer, slots, feedback, notices } = simulation();
    const creates: number[] = [];
    const worker = async () => {
      while (clock.t < 10_000) {
        await pacer.acquire({ kind: 'create' });
        creates.push(clock.t);
        // Every create is followed by a refused poll of an earlier task.
        routeRefusal({ status: 503, method: 'GET', retryAfterMs: 1000, body: '{"code":"get_task_failed"}' }, feedback);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    expect(pacer.heldUntil).toEqual({ all: 0, creates: 0 });
    expect(slots.limit).toBe(8);
    // Slow start went on doubling: nothing slowed the creates.
    expect(pacer.currentRate).toBeGreaterThan(20);
    expect(creates.length).toBeGreaterThan(200);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ reason: 'busy', data: { on: 'poll', status: 503 } });
    expect(notices[0]?.text).not.toMatch(/rate limit/);
  });

  it('a busy answer to a create holds the creates for its Retry-After, not the polls, and not the pace', async () => {
    const { clock, pacer, feedback } = simulation();
    const rate = pacer.currentRate;
    const saturated = '{"code":"fail_to_fetch_task","message":"当前分组上游负载已饱和，请稍后再试"}';
    routeRefusal({ status: 429, method: 'POST', retryAfterMs: 3000, body: saturated }, feedback);
    const order: Array<[string, number]> = [];
    await Promise.all([
      pacer.acquire({ kind: 'create' }).then(() => order.push(['create', clock.t])),
      pacer.acquire({ kind: 'poll', rank: 0 }).then(() => order.push(['poll', clock.t])),
    ]);
    expect(order).toEqual([
      ['poll', 0],
      ['create', 3000],
    ]);
    expect(pacer.currentRate).toBe(rate);
  });

  it('refusals during a hold, and of the wave it lets go (the client retrying refused creates), do not lengthen it', async () => {
    const { clock, pacer, feedback } = simulation();
    const saturated = '{"code":"fail_to_fetch_task","message":"当前分组上游负载已饱和，请稍后再试"}';
    const busy = () => routeRefusal({ status: 429, method: 'POST', retryAfterMs: 1000, body: saturated }, feedback);
    busy();
    clock.t = 600;
    busy();
    expect(pacer.heldUntil.creates).toBe(1000);
    await pacer.acquire({ kind: 'create' });
    expect(clock.t).toBe(1000);
    // The creates the hold let go, and the client's retries due at its end, are refused together: the same event.
    clock.t = 1200;
    busy();
    expect(pacer.heldUntil.creates).toBe(1000);
    // After that wave, a refusal is a new one.
    clock.t = 1600;
    busy();
    expect(pacer.heldUntil.creates).toBe(2600);
  });

  it('a concurrency limit lowers the tasks in flight to what the server allows, not the pace', async () => {
    const { clock, pacer, slots, feedback, notices } = simulation({ concurrency: 8 });
    const rate = pacer.currentRate;
    for (let i = 0; i < 4; i++) await slots.acquire();
    // 4 of ours in flight, the 4th create refused: the server holds 3 of ours and 1 of another client's.
    const body = '{"error":{"message":"Concurrency limit reached (4)"},"limit":4,"current":4}';
    routeRefusal({ status: 429, method: 'POST', body }, feedback);
    slots.release();
    expect(slots.limit).toBe(3);
    expect(pacer.currentRate).toBe(rate);
    expect(pacer.heldUntil).toEqual({ all: 0, creates: 0 });
    expect(notices[0]).toMatchObject({ reason: 'concurrency', data: { limit: 4, current: 4, tasks: 3 } });
    // A 4th waits for one of the 3 to end.
    let fourth = false;
    const waiting = slots.acquire().then(() => {
      fourth = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(fourth).toBe(false);
    slots.release();
    await waiting;
    expect(slots.inFlight).toBe(3);
    // After a quiet spell, each task that ends lets one more in (the limit may have been raised).
    clock.t += 10_000;
    slots.release();
    expect(slots.limit).toBe(4);
  });

  it('a used-up quota (429 QuotaExceeded) neither pauses nor slows anything: its create fails and the batch stops creating', () => {
    const { pacer, slots, feedback, notices } = simulation();
    const rate = pacer.currentRate;
    const body = '{"code":"fail_to_fetch_task","message":"{\\"error\\":{\\"code\\":\\"QuotaExceeded\\"}}"}';
    routeRefusal({ status: 429, method: 'POST', body }, feedback);
    expect(pacer.currentRate).toBe(rate);
    expect(pacer.heldUntil).toEqual({ all: 0, creates: 0 });
    expect(slots.limit).toBe(8);
    expect(notices).toEqual([]);
  });
});
