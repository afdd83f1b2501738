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

  it('then a task is first polled at the fastest render seen', () => {
    const estimate = new RenderEstimate();
    estimate.observe(0, 5000, 'succeeded');
    estimate.observe(1000, 7000, 'succeeded');
    expect(estimate.nextPollAt(10_000, null, 10_100, 2000)).toBe(15_000);
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
    expect(c.kind === 'poll' && c.readyAt?.()).toBe(11_000);
  });
});
