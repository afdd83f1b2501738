import { describe, expect, it } from 'vitest';
import { TaskTracker } from '../../../src/core/batch/paced-api.js';
import { RenderEstimate } from '../../../src/core/batch/render-estimate.js';

describe('RenderEstimate', () => {
  it('until a task has succeeded, polls follow the adaptive interval', () => {
    const estimate = new RenderEstimate();
    estimate.observe(0, 2000, 'running');
    estimate.observe(0, 500, 'failed');
    expect(estimate.known).toBe(false);
    expect(estimate.nextPollAt(0, 2000, 2000, 3000)).toBe(5000);
  });

  it('then a task is first polled just below the fastest render seen, while none was seen unfinished below it', () => {
    const estimate = new RenderEstimate();
    estimate.observe(0, 5000, 'succeeded');
    estimate.observe(1000, 7000, 'succeeded');
    expect(estimate.nextPollAt(10_000, null, 10_100, 2000)).toBe(14_000);
  });

  it('an estimate learnt from late sightings (the first polls refused with 503s) comes back down to the renders', () => {
    const estimate = new RenderEstimate();
    // Renders take 3 s, but the first wave's polls were refused until 6 s.
    estimate.observe(0, 6000, 'succeeded');
    let createdAt = 10_000;
    let planned = estimate.nextPollAt(createdAt, null, createdAt, 2000) - createdAt;
    for (let wave = 0; wave < 6 && planned > 3000; wave++) {
      estimate.observe(createdAt, createdAt + planned, 'succeeded');
      createdAt += 10_000;
      planned = estimate.nextPollAt(createdAt, null, createdAt, 2000) - createdAt;
    }
    expect(planned).toBeLessThanOrEqual(3000);
    // Once a task is seen unfinished, the usual tightening takes over.
    estimate.observe(createdAt, createdAt + planned, 'running');
    expect(
      estimate.nextPollAt(createdAt + 10_000, null, createdAt + 10_000, 2000) - createdAt - 10_000,
    ).toBeGreaterThan(planned);
  });

  it('a loose estimate is tightened: the next poll goes halfway between still-running and done', () => {
    const estimate = new RenderEstimate();
    estimate.observe(0, 2000, 'running');
    estimate.observe(0, 6000, 'succeeded');
    expect(estimate.nextPollAt(10_000, null, 10_000, 2000)).toBe(14_000);
    // Seen running at that age: polled again at the fastest render, not after the adaptive interval.
    estimate.observe(10_000, 14_000, 'running');
    expect(estimate.nextPollAt(10_000, 4000, 14_000, 2000)).toBe(15_000);
    estimate.observe(20_000, 25_000, 'succeeded');
    expect(estimate.nextPollAt(30_000, null, 30_000, 2000)).toBe(34_500);
  });

  it('a task still running past the fastest render is a slow one: adaptive again', () => {
    const estimate = new RenderEstimate();
    estimate.observe(0, 5000, 'succeeded');
    expect(estimate.nextPollAt(10_000, 5200, 15_200, 4500)).toBe(19_700);
  });
});

describe('TaskTracker', () => {
  it('the oldest unfinished task is the urgent probe until a render is known', () => {
    let now = 0;
    const tracker = new TaskTracker(() => now);
    tracker.add('a', 0);
    tracker.add('b', 100);
    expect(tracker.priority('a')).toMatchObject({ kind: 'poll', rank: 0, urgent: true });
    expect(tracker.priority('b')).toMatchObject({ rank: 1, urgent: false });
    now = 3000;
    tracker.seen('a', 'failed');
    expect(tracker.priority('b')).toMatchObject({ urgent: true });
    now = 5100;
    tracker.seen('b', 'succeeded');
    tracker.add('c', 6000);
    const c = tracker.priority('c');
    expect(c).toMatchObject({ urgent: false });
    // Just below the 5 s render seen (none seen unfinished below it yet).
    expect(c.kind === 'poll' && c.readyAt?.()).toBe(10_000);
  });
});
