/**
 * How many of the batch's tasks may be in flight (created, not yet ended) at once. Unlimited (up to --concurrency)
 * until the server says `Concurrency limit reached`; then what it allows, less what others hold (`current` counts
 * tasks that are not ours too). After a quiet spell each ending task lets one more in, to find a limit raised or
 * other tasks gone.
 */
export class TaskSlots {
  private cap: number;
  private used = 0;
  private waiters: Array<() => void> = [];
  private lastRefusedAt = Number.NEGATIVE_INFINITY;
  private readonly max: number;
  private readonly now: () => number;

  constructor(max: number, now: () => number) {
    this.max = max;
    this.cap = max;
    this.now = now;
  }

  get limit(): number {
    return this.cap;
  }

  get inFlight(): number {
    return this.used;
  }

  /** Resolves when one more task may be created. Rejects with the signal's reason if aborted while waiting. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.used < this.cap && this.waiters.length === 0) {
      this.used += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = () => {
        signal?.removeEventListener('abort', onAbort);
        this.used += 1;
        resolve();
      };
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** A task made by an earlier run, being followed: it holds a slot at the server as ours do. */
  hold(): void {
    this.used += 1;
  }

  /** A task ended, or a create was refused. */
  release(): void {
    this.used = Math.max(0, this.used - 1);
    if (this.cap < this.max && this.now() - this.lastRefusedAt >= PROBE_AFTER_MS) {
      this.cap += 1;
      this.lastRefusedAt = this.now();
    }
    this.wake();
  }

  /**
   * The server refused a create of ours for concurrency. `current` (when told) counts every task it holds for the key,
   * the refused one not among them. Returns the new cap.
   */
  refused(limit: number | null, current: number | null): number {
    this.lastRefusedAt = this.now();
    // The refused create holds one of `used` but no task.
    const ours = Math.max(0, this.used - 1);
    const others = current !== null ? Math.max(0, current - ours) : 0;
    const allowed = limit !== null ? limit - others : ours;
    this.cap = Math.max(1, Math.min(this.max, allowed));
    return this.cap;
  }

  private wake(): void {
    while (this.used < this.cap && this.waiters.length > 0) this.waiters.shift()?.();
  }
}

const PROBE_AFTER_MS = 10_000;
