import type { SandboxContext } from './context.js';

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
