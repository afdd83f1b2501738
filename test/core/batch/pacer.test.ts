import { describe, expect, it } from 'vitest';
import { Pacer, type Priority } from '../../../src/core/batch/pacer.js';

/** A clock whose sleeps pass instantly; a sleep woken early (aborted) lets no time pass. */
function fakeClock() {
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw signal.reason;
      clock.t += ms;
    },
  };
  return clock;
}

async function grantTimes(pacer: Pacer, clock: { t: number }, count: number, priority: Priority = { kind: 'create' }) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await pacer.acquire(priority);
    times.push(clock.t);
  }
  return times;
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => Math.round(t - (times[i] as number)));

describe('Pacer', () => {
  it('starts at 20 req/s and doubles while the pace is used (slow start)', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    const times = await grantTimes(pacer, clock, 12);
    expect(times[0]).toBe(0);
    expect(gaps(times).slice(0, 2)).toEqual([50, 50]);
    expect(gaps(times).at(-1)).toBeLessThan(50);
    expect(pacer.currentRate).toBeGreaterThan(20);
  });

  it('a 429 pauses everyone for its Retry-After, then paces just under what the API admitted', async () => {
    const clock = fakeClock();
    const limited: Array<{ rate: number; pauseMs: number }> = [];
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, initialRate: 20, onLimited: (e) => limited.push(e) });
    const before = await grantTimes(pacer, clock, 11);
    pacer.rateLimited(1000);
    // Another answer from the same burst: the same event, one fewer admitted.
    pacer.rateLimited(1000);
    // 11 sent in the last second, the last one refused: 10 admitted, paced at 93% of that.
    expect(limited).toEqual([{ rate: 9.3, pauseMs: 1000, lowered: true }]);
    expect(pacer.currentRate).toBeCloseTo(8.37);
    const after = await grantTimes(pacer, clock, 4);
    expect(after[0]).toBeGreaterThanOrEqual((before.at(-1) as number) + 1000);
    for (const gap of gaps(after)) expect(gap).toBeGreaterThanOrEqual(Math.floor(1000 / 8.37) - 1);
  });

  it('never more than the limit in any second: not after late timers, not with the retries of refused requests', async () => {
    // Now and then a timer fires late, by up to 80 ms (a loaded machine); the pace catches up after it.
    const clock = fakeClock();
    const late = [0, 80, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 60, 0, 0, 0, 0, 10];
    let sleeps = 0;
    const sleep = async (ms: number, signal?: AbortSignal) => {
      await clock.sleep(ms, signal);
      clock.t += late[sleeps++ % late.length] as number;
    };
    const pacer = new Pacer({ now: clock.now, sleep, initialRate: 40 });
    const sent = await grantTimes(pacer, clock, 21);
    // The 21st is refused, and so are two more answered in the same burst: 18 admitted in that second.
    for (let i = 0; i < 3; i++) pacer.rateLimited(1000);
    const pauseEnd = clock.t + 1000;
    // The HTTP client sends those three again when the pause is over, outside the pacer.
    const retries = [pauseEnd, pauseEnd, pauseEnd];
    sent.push(...(await grantTimes(pacer, clock, 80)), ...retries);
    const after = sent.filter((t) => t >= pauseEnd).sort((a, b) => a - b);
    const worst = Math.max(...after.map((t) => after.filter((u) => u > t - 1000 && u <= t).length));
    expect(worst).toBeLessThanOrEqual(18);
    // …and the pace stays close to 93% of it: those 83 requests in little more than 83 / (0.93 × 18) s.
    expect(pacer.currentRate).toBeCloseTo(18 * 0.93);
    expect((after.at(-1) as number) - pauseEnd).toBeLessThan((83 / (18 * 0.93)) * 1000 * 1.15);
  });

  it('a limit met again with a long or no Retry-After halves the pace', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, initialRate: 10 });
    await grantTimes(pacer, clock, 11);
    pacer.rateLimited(1000);
    const first = pacer.currentRate;
    await grantTimes(pacer, clock, 10);
    pacer.rateLimited(30_000);
    expect(pacer.currentRate).toBeLessThanOrEqual(first * 0.5 + 0.01);
  });

  it('order when busy: the urgent probe, then creates, then polls oldest task first', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    await pacer.acquire({ kind: 'create' });
    const order: string[] = [];
    const wait = (name: string, priority: Priority) => pacer.acquire(priority).then(() => order.push(name));
    await Promise.all([
      wait('poll 2', { kind: 'poll', rank: 2 }),
      wait('poll 1', { kind: 'poll', rank: 1 }),
      wait('create', { kind: 'create' }),
      wait('probe', { kind: 'poll', rank: 0, urgent: true }),
    ]);
    expect(order).toEqual(['probe', 'create', 'poll 1', 'poll 2']);
  });

  it('a poll not ready yet lets the others go, and goes when it is', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    const order: Array<[string, number]> = [];
    const wait = (name: string, priority: Priority) => pacer.acquire(priority).then(() => order.push([name, clock.t]));
    await Promise.all([
      wait('later', { kind: 'poll', rank: 0, readyAt: () => 5000 }),
      wait('now', { kind: 'poll', rank: 1 }),
    ]);
    expect(order).toEqual([
      ['now', 0],
      ['later', 5000],
    ]);
  });

  it('an aborted wait rejects with the reason and leaves the queue moving', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    await pacer.acquire({ kind: 'create' });
    const controller = new AbortController();
    const aborted = pacer.acquire({ kind: 'create' }, controller.signal);
    const next = pacer.acquire({ kind: 'poll', rank: 0 });
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    await expect(next).resolves.toBeUndefined();
    await expect(pacer.acquire({ kind: 'create' }, controller.signal)).rejects.toThrow('stop');
  });
});
