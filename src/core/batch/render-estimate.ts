import type { TaskStatus } from '../../api/task.js';

/** With no lower bound, tasks are first polled at this fraction of the fastest render seen. */
const PROBE_BELOW = 0.8;

/**
 * When to poll a batch's tasks, from what the polls so far have seen. Every poll spends the same rate limit the
 * creates need, and a batch's tasks are alike: none is likely done before the fastest render seen so far (`hi`).
 * A task is first polled a little before that age (PROBE_BELOW of it until one is seen still running), or, while the
 * estimate is loose, halfway between the oldest age seen still running (`lo`) and `hi`, which tightens it; it is
 * caught within moments of finishing, usually with one poll. A task still running past `hi` is a slow one: it goes
 * back to the usual adaptive interval.
 */
export class RenderEstimate {
  /** Shortest create-to-seen-succeeded span. */
  private hi: number | null = null;
  /** Ages at which tasks were seen unfinished (only those under `hi` tell anything). */
  private runningAges: number[] = [];

  observe(createdAt: number, seenAt: number, status: TaskStatus): void {
    const age = seenAt - createdAt;
    if (status === 'succeeded') {
      // Failures can come early (moderation): they say nothing about how long a render takes.
      if (age > 0 && (this.hi === null || age < this.hi)) this.hi = age;
    } else if (status === 'queued' || status === 'running') {
      this.runningAges.push(age);
      if (this.runningAges.length > 256)
        this.runningAges = this.runningAges.filter((a) => this.hi === null || a < this.hi);
    }
  }

  /** True once a task has succeeded: polls are then planned, not probing. */
  get known(): boolean {
    return this.hi !== null;
  }

  /**
   * When to poll next a task created `createdAt`, last seen unfinished at age `lastAge` (null: not polled yet),
   * given the adaptive delay the poll loop asks for. Returns an epoch ms.
   */
  nextPollAt(createdAt: number, lastAge: number | null, now: number, adaptiveMs: number): number {
    const hi = this.hi;
    if (hi === null) return now + adaptiveMs;
    const gate = this.gate(hi);
    if (lastAge === null || lastAge < gate) return createdAt + gate;
    if (lastAge < hi) return createdAt + hi;
    return now + adaptiveMs;
  }

  private gate(hi: number): number {
    let lo = Number.NEGATIVE_INFINITY;
    for (const age of this.runningAges) if (age < hi && age > lo) lo = age;
    // No task seen unfinished below `hi`: it may have been learnt from a late sighting (polls refused for a while
    // with 503s), and tasks first polled at `hi` would never show it lower. Look a little earlier until one is.
    if (lo === Number.NEGATIVE_INFINITY) return hi * PROBE_BELOW;
    // Close enough: poll right at the fastest render seen.
    return hi - lo > hi * 0.05 && lo > 0 ? (lo + hi) / 2 : hi;
  }
}
