/**
 * One pace for every request of a batch, shared by all its workers. It starts slowly and doubles while the API
 * accepts. A 429 rate limit pauses everyone for its Retry-After; when it was met while the pace was in use (not just
 * back from a pause) it also shows the limit (what was admitted in the last second), and the pace resumes a little
 * under it, never sending more than the limit within any window a little longer than a second. A burst of refusals met between pauses costs the pauses, never the pace: once it
 * ends the batch goes on at the pace it had. A rate limit costs time, never a failed job.
 */
export interface PacerOptions {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Requests per second at the start. */
  initialRate?: number;
  /** A new rate-limit event (not each refused request of it); `lowered`: the pace came down. */
  onLimited?: (event: { rate: number; pauseMs: number; lowered: boolean }) => void;
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
const SLOW_START_STEP_MS = 100;
const RAMP_STEP_MS = 2000;
const PROBE_AFTER_MS = 30_000;
const SHORT_WINDOW_MS = 2000;
/** A refusal lowers the pace only with this many admitted in the last second, */
const MIN_EVIDENCE = 2;
/** and a full window after the last pause ended (the server's window then holds only requests sent at our pace). */
const EVIDENCE_WINDOW_MS = 1000;
const UNDO_AFTER_STRIKES = 2;
const DEFAULT_PAUSE_MS = 1000;
const MAX_PAUSE_MS = 60_000;
/**
 * Paced at 93% of the limit, and never more than the limit sent within 1/0.93 of a second: the window rule holds
 * the limit where even spacing alone does not (a request late off its timer and the catch-up after it, or the HTTP
 * client's retries of refused requests all sent when a pause ends, fall inside one of the API's windows).
 */
const HEADROOM = 0.93;
/**
 * When a hold on creates ends, the creates it held go out at the pace together with the client's own retries of the
 * refused ones (due at that same moment): for this long, their refusals are that hold's event, not a new hold each.
 * Otherwise the first refusal after a hold holds every other create for another full period, and a burst of N refused
 * creates costs about N periods taken one create at a time.
 */
const BUSY_WAVE_MS = 500;
const WINDOW_MS = 1000 / HEADROOM;

export class Pacer {
  private readonly options: PacerOptions;
  private rate: number;
  /** Admitted requests per second seen when the API last said 429; null until then (slow start). */
  private ceiling: number | null = null;
  private nextAt = 0;
  /** Everyone waits until then (the end of the last rate-limit pause). */
  private pausedUntil = Number.NEGATIVE_INFINITY;
  /** Whether the current rate-limit event lowered the pace (its stragglers then lower it one request each). */
  private lowered = false;
  /** The pace before the last step down, while the next refusal may still show that it was not our pace's fault. */
  private undo: { ceiling: number | null; rate: number; strikes: number } | null = null;
  /** Creates only (the server busy creating): polls go on. */
  private createsPausedUntil = 0;
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

  /** A 429 rate limit from any request of the batch. */
  rateLimited(retryAfterMs?: number, at?: number): void {
    // When the answer came, not when its body was read: the pace may have moved on meanwhile.
    const now = Math.min(at ?? Number.POSITIVE_INFINITY, this.options.now());
    const pauseMs = Math.min(MAX_PAUSE_MS, retryAfterMs ?? DEFAULT_PAUSE_MS * 2 ** Math.min(5, this.consecutiveLimits));
    if (now < this.pausedUntil) {
      // Another answer to a request that was in flight when the limit was hit (or its retry): the same event. It does
      // not lengthen the pause: two requests retried in turn would otherwise hold everyone for the whole burst.
      if (this.lowered && this.ceiling !== null) {
        this.ceiling = Math.max(MIN_RATE, this.ceiling - 1);
        this.rate = Math.max(MIN_RATE, this.ceiling * HEADROOM);
      }
    } else {
      this.consecutiveLimits += 1;
      // What went through in the last second, less the request this answer refused.
      const admitted = this.recentGrants(now) - 1;
      const justAfterPause = now - this.pausedUntil < EVIDENCE_WINDOW_MS;
      // Only a refusal met while requests flowed at our pace is evidence against the pace. Just after a pause, or
      // with next to nothing sent, the server is refusing for a while whatever we do: pause, keep the pace.
      this.lowered = admitted >= MIN_EVIDENCE && !justAfterPause;
      if (this.lowered) {
        this.undo = { ceiling: this.ceiling, rate: this.rate, strikes: 0 };
        // A short Retry-After means a short window, which the last second measured well: a small step down (the
        // limit may have been met through timing jitter). A long or missing one: the API counts over a longer
        // window than we can see, back off hard.
        const decay = retryAfterMs !== undefined && retryAfterMs <= SHORT_WINDOW_MS ? HEADROOM : 0.5;
        this.ceiling = this.ceiling === null ? admitted : Math.max(MIN_RATE, Math.min(admitted, this.ceiling) * decay);
        this.rate = Math.max(MIN_RATE, this.ceiling * HEADROOM);
        this.lastStepAt = now;
      } else if (this.undo && justAfterPause && admitted < MIN_EVIDENCE) {
        // Refused again as soon as the pause was over, before anything went through, and again: the server refuses
        // whatever the pace, so the step down was not called for. (Once could be a late answer to a request sent
        // before the pause.)
        this.undo.strikes += 1;
        if (this.undo.strikes >= UNDO_AFTER_STRIKES) {
          this.ceiling = this.undo.ceiling;
          this.rate = this.undo.rate;
          this.undo = null;
        }
      } else {
        this.undo = null;
      }
      this.pausedUntil = now + pauseMs;
      this.lastLimitAt = now;
      this.options.onLimited?.({ rate: this.rate, pauseMs, lowered: this.lowered });
    }
    // That request is retried after the pause by the HTTP client itself: leave it a slot, and count it in the window
    // it will be sent in (a burst of refused requests all come back at once when the pause ends).
    this.nextAt = Math.max(this.nextAt, this.pausedUntil) + 1000 / this.rate;
    this.record(Math.max(this.pausedUntil, now + Math.min(MAX_PAUSE_MS, retryAfterMs ?? DEFAULT_PAUSE_MS)));
    this.kick();
  }

  /** The server is too busy to create for a while (Retry-After, else `fallbackMs`): creates wait, polls go on. */
  createsBusy(retryAfterMs: number | undefined, fallbackMs: number, at?: number): void {
    const now = Math.min(at ?? Number.POSITIVE_INFINITY, this.options.now());
    // A refusal during the hold (the HTTP client's retry of a create refused before it) is the same event: were
    // it to extend the hold, two requests taking turns would keep every other create waiting for the whole burst.
    if (this.createsPausedUntil > 0 && now < this.createsPausedUntil + BUSY_WAVE_MS) return;
    this.createsPausedUntil = now + Math.min(MAX_PAUSE_MS, retryAfterMs ?? fallbackMs);
    this.kick();
  }

  /** Until when everyone, or creates only, are held back; 0 when not. */
  get heldUntil(): { all: number; creates: number } {
    return { all: Math.max(0, this.pausedUntil), creates: this.createsPausedUntil };
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
    const gate = Math.max(this.nextAt, this.pausedUntil, this.windowFreeAt());
    let best: { waiter: Waiter; at: number } | undefined;
    for (const waiter of this.waiters) {
      const { priority } = waiter;
      const ready =
        priority.kind === 'create'
          ? this.createsPausedUntil
          : priority.readyAt
            ? priority.readyAt()
            : Number.NEGATIVE_INFINITY;
      const at = Math.max(gate, ready);
      if (!best || at < best.at || (at === best.at && before(waiter, best.waiter))) best = { waiter, at };
    }
    return best as { waiter: Waiter; at: number };
  }

  private grant(waiter: Waiter, now: number): void {
    this.waiters = this.waiters.filter((w) => w !== waiter);
    this.step(now);
    this.record(now);
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

  /**
   * Once a limit is known, when one more may go: at most `ceiling` granted in any WINDOW_MS, whatever the timers did.
   */
  private windowFreeAt(): number {
    if (this.ceiling === null) return Number.NEGATIVE_INFINITY;
    const limit = Math.max(1, Math.floor(this.ceiling));
    const oldest = this.granted[this.granted.length - limit];
    return oldest === undefined ? Number.NEGATIVE_INFINITY : oldest + WINDOW_MS;
  }

  /** A request sent at `at` (a retry the HTTP client will send: later than now), in time order. */
  private record(at: number): void {
    let i = this.granted.length;
    while (i > 0 && (this.granted[i - 1] as number) > at) i -= 1;
    this.granted.splice(i, 0, at);
    const now = this.options.now();
    while (this.granted.length > 0 && (this.granted[0] as number) <= now - WINDOW_MS) this.granted.shift();
  }

  /** Requests sent in the last `windowMs` (the API's limits are per second: no more than the window is kept). */
  private recentGrants(now: number, windowMs = 1000): number {
    return this.granted.filter((at) => at > now - windowMs && at <= now).length;
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
