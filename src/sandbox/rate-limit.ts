import type { SandboxContext } from './context.js';
import type { ArkError } from './errors.js';

/** A sliding 1-second window over admitted requests; refused requests do not count against the client. */
export class RateLimiter {
  private admitted: number[] = [];

  allow(nowMs: number, perSecond: number): boolean {
    if (perSecond <= 0) return true;
    this.admitted = this.admitted.filter((at) => at > nowMs - 1000);
    if (this.admitted.length >= perSecond) return false;
    this.admitted.push(nowMs);
    return true;
  }
}

/**
 * A new-api style gateway's per-key concurrency cap (`faults.concurrencyLimit`): the body of its 429 when as many
 * tasks as allowed are queued or running, else null.
 */
export function concurrencyRefusal(ctx: SandboxContext): object | null {
  const limit = ctx.faults.concurrencyLimit;
  if (limit <= 0) return null;
  const current = ctx.store.all().filter(({ snap }) => snap.status === 'queued' || snap.status === 'running').length;
  if (current < limit) return null;
  const message = `Concurrency limit reached (${limit})`;
  return { error: { message, type: 'new_api_error', code: 'concurrency_limit_exceeded' }, limit, current };
}

/**
 * Ark's cap on queued tasks (`faults.concurrencyLimit` on /api/v3): a master account may hold so many tasks waiting
 * to run, running ones not counted (ark-api.md §2.3), refused in Ark's own envelope (§6): a 429 `TooManyRequests`
 * with the cap in its message and no `limit`/`current` fields. The code and wording are inferred: the docs state the
 * cap, not the refusal.
 */
export function arkQueueRefusal(ctx: SandboxContext): ArkError | null {
  const limit = ctx.faults.concurrencyLimit;
  if (limit <= 0) return null;
  const queued = ctx.store.all().filter(({ snap }) => snap.status === 'queued').length;
  if (queued < limit) return null;
  const message = `The number of queued tasks of your account has reached the limit (${limit}). Please retry after some of them have started running.`;
  return { status: 429, code: 'QueuedTaskLimitExceeded', message };
}
