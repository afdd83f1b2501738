/**
 * One pace for every request of a batch, shared by all its workers. It starts slowly and doubles while the API
 * accepts; the first 429 shows the limit (what was admitted in the last second), everyone pauses for the
 * Retry-After, then the pace resumes a little under that limit and creeps back towards it. A rate limit costs
 * time, never a failed job, and the API sees a steady trickle instead of retry storms.
 */
export interface PacerOptions {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Requests per second at the start. */
  initialRate?: number;
  onLimited?: (event: { rate: number; pauseMs: number }) => void;
}

/**
 * Creates go first (a waiting slot is a video not rendering), then polls, oldest task first. An `urgent` poll (the
 * probe that finds out how long a render takes) goes before the creates.
 */
export type Priority = { kind: 'create' } | { kind: 'poll'; rank: number; urgent?: boolean; readyAt?: () => number };

interface Waiter {
  priority: Priority;
  seq: number;
  resolve: () => void;
}

const INITIAL_RATE = 20;
const MIN_RATE = 0.2;
const MAX_RATE = 1000;
const SLOW_START_STEP_MS = 250;
const RAMP_STEP_MS = 2000;
const PROBE_AFTER_MS = 30_000;
const SHORT_WINDOW_MS = 2000;
const DEFAULT_PAUSE_MS = 1000;
const MAX_PAUSE_MS = 60_000;
/** Evenly spaced at 90% of the limit, a one-second window holds the limit even when some requests are late. */
const HEADROOM = 0.9;

export class Pacer {
  private readonly options: PacerOptions;
  private rate: number;
  /** Admitted requests per second seen when the API last said 429; null until then (slow start). */
  private ceiling: number | null = null;
  private nextAt = 0;
  private pausedUntil = 0;
  private lastStepAt: number;
  private lastLimitAt = Number.NEGATIVE_INFINITY;
  private consecutiveLimits = 0;
  private granted: number[] = [];
  private waiters: Waiter[] = [];
  private seq = 0;
  private pumping = false;
  private wake: AbortController | undefined;

  constructor(options: PacerOptions) {
    this.options = options;
    this.rate = options.initialRate ?? INITIAL_RATE;
    this.lastStepAt = options.now();
  }

  get currentRate(): number {
    return this.rate;
  }

  /** Resolves when this request may go. Rejects with the signal's reason if it is aborted while waiting. */
  acquire(priority: Priority, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { priority, seq: this.seq++, resolve };
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        // Let the pump notice: a sleeping timer would keep the process alive after Ctrl-C.
        this.wake?.abort();
        reject(signal?.reason);
      };
      waiter.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.kick();
    });
  }

  /** A 429 (or a 503 with Retry-After) from any request of the batch. */
  rateLimited(retryAfterMs?: number): void {
    const now = this.options.now();
    const pauseMs = Math.min(MAX_PAUSE_MS, retryAfterMs ?? DEFAULT_PAUSE_MS * 2 ** Math.min(5, this.consecutiveLimits));
    if (now < this.pausedUntil && this.ceiling !== null) {
      // Another answer to a request that was in flight when the limit was hit: the same event, one fewer admitted.
      this.pausedUntil = Math.max(this.pausedUntil, now + pauseMs);
      this.ceiling = Math.max(MIN_RATE, this.ceiling - 1);
      this.rate = Math.max(MIN_RATE, this.ceiling * HEADROOM);
    } else {
      this.consecutiveLimits += 1;
      // What went through in the last second, less the request this answer refused.
      const admitted = Math.max(1, this.recentGrants(now) - 1);
      // A short Retry-After means a short window, which the last second measured well: a small step down (the
      // limit may have been met through timing jitter). A long or missing one: the API counts over a longer
      // window than we can see, back off hard.
      const decay = retryAfterMs !== undefined && retryAfterMs <= SHORT_WINDOW_MS ? HEADROOM : 0.5;
      this.ceiling = this.ceiling === null ? admitted : Math.max(MIN_RATE, Math.min(admitted, this.ceiling) * decay);
      this.rate = Math.max(MIN_RATE, this.ceiling * HEADROOM);
      this.pausedUntil = now + pauseMs;
      this.lastLimitAt = now;
      this.lastStepAt = now;
      this.options.onLimited?.({ rate: this.rate, pauseMs });
    }
    // That request is retried after the pause by the HTTP client itself: leave it a slot.
    this.nextAt = Math.max(this.nextAt, this.pausedUntil) + 1000 / this.rate;
    this.kick();
  }

  private kick(): void {
    if (this.pumping) {
      this.wake?.abort();
      return;
    }
    this.pumping = true;
    void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      while (this.waiters.length > 0) {
        const now = this.options.now();
        const { waiter, at } = this.pick();
        if (at <= now) {
          this.grant(waiter, now);
          continue;
        }
        this.wake = new AbortController();
        await this.options.sleep(at - now, this.wake.signal).catch(() => {});
        this.wake = undefined;
      }
    } finally {
      this.pumping = false;
    }
  }

  /** The waiter that may go first, and when. Ties (the usual case when busy): creates, then the oldest task. */
  private pick(): { waiter: Waiter; at: number } {
    const gate = Math.max(this.nextAt, this.pausedUntil);
    let best: { waiter: Waiter; at: number } | undefined;
    for (const waiter of this.waiters) {
      const { priority } = waiter;
      const ready = priority.kind === 'poll' && priority.readyAt ? priority.readyAt() : Number.NEGATIVE_INFINITY;
      const at = Math.max(gate, ready);
      if (!best || at < best.at || (at === best.at && before(waiter, best.waiter))) best = { waiter, at };
    }
    return best as { waiter: Waiter; at: number };
  }

  private grant(waiter: Waiter, now: number): void {
    this.waiters = this.waiters.filter((w) => w !== waiter);
    this.step(now);
    this.granted.push(now);
    // From the planned time, not from now: timers fire late, and a pace that drifts by their lateness runs slow.
    // Catching up never brings two requests closer than half the interval.
    const interval = 1000 / this.rate;
    this.nextAt = now - this.nextAt < interval ? Math.max(this.nextAt + interval, now + interval / 2) : now + interval;
    waiter.resolve();
  }

  /** Slow start doubles the pace (never far beyond what is used); after a limit it creeps back up. */
  private step(now: number): void {
    if (now >= this.pausedUntil && this.consecutiveLimits > 0 && now - this.lastLimitAt > RAMP_STEP_MS) {
      this.consecutiveLimits = 0;
    }
    if (this.ceiling === null) {
      if (now - this.lastStepAt < SLOW_START_STEP_MS) return;
      this.lastStepAt = now;
      // Only a pace that is being used is doubled: a pace nobody tests would burst later.
      const used = (this.recentGrants(now, SLOW_START_STEP_MS) * 1000) / SLOW_START_STEP_MS;
      if (used >= this.rate / 2) this.rate = Math.min(MAX_RATE, this.rate * 2);
      return;
    }
    if (now - this.lastStepAt < RAMP_STEP_MS) return;
    this.lastStepAt = now;
    if (now - this.lastLimitAt > PROBE_AFTER_MS) {
      // A long quiet spell: the limit may have been raised; look a little higher.
      this.ceiling *= 1.1;
      this.lastLimitAt = now;
    }
    this.rate = Math.min(this.rate * 1.05, this.ceiling * HEADROOM);
  }

  /** Requests granted in the last `windowMs` (the API's limits are per second: never more than that is kept). */
  private recentGrants(now: number, windowMs = 1000): number {
    this.granted = this.granted.filter((at) => at > now - 1000);
    return this.granted.filter((at) => at > now - windowMs).length;
  }
}

function before(a: Waiter, b: Waiter): boolean {
  const [ca, ra] = order(a.priority);
  const [cb, rb] = order(b.priority);
  if (ca !== cb) return ca < cb;
  return ra !== rb ? ra < rb : a.seq < b.seq;
}

function order(priority: Priority): [number, number] {
  if (priority.kind === 'create') return [1, 0];
  return [priority.urgent ? 0 : 2, priority.rank];
}
