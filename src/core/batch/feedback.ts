import { classifyRefusal, type RefusedAnswer } from '../../api/refusal.js';
import type { Holdback } from './holdback.js';
import type { Pacer } from './pacer.js';
import type { TaskSlots } from './slots.js';

export interface Feedback {
  pacer: Pacer;
  slots: TaskSlots;
  holdback: Holdback;
  now: () => number;
  /** --concurrency: the tasks in flight the batch was asked for. */
  concurrency: number;
}

/** A create refused as busy with no Retry-After: creates wait this long (the HTTP client does not retry a 5xx create). */
const BUSY_CREATE_PAUSE_MS = 2000;

/**
 * What each refused answer does to the batch, by what it says (see Refusal): a rate limit goes to the shared pace, a
 * concurrency limit to the tasks in flight, a busy answer to a create holds the creates only, and a busy answer to a
 * status read nothing at all (the HTTP client retries that read after its own backoff). A used-up quota fails its
 * create, which stops the batch creating.
 */
export function routeRefusal(answer: RefusedAnswer, feedback: Feedback, at?: number): void {
  const { pacer, slots, holdback } = feedback;
  const refusal = classifyRefusal(answer);
  const seconds = (ms: number | undefined) => (ms === undefined ? '' : ` for ${(ms / 1000).toFixed(1)}s`);
  if (refusal?.kind === 'rate') pacer.rateLimited(refusal.retryAfterMs, at);
  else if (refusal?.kind === 'busy' && refusal.on === 'create') {
    const pause = refusal.retryAfterMs ?? BUSY_CREATE_PAUSE_MS;
    pacer.createsBusy(refusal.retryAfterMs, BUSY_CREATE_PAUSE_MS, at);
    const text = `the API is busy (HTTP ${answer.status} to a create): creates wait${seconds(pause)}, status reads go on`;
    holdback.hold('busy', text, { status: answer.status, on: 'create', pause_ms: pause });
  } else if (refusal?.kind === 'busy') {
    const text = `the API is busy (HTTP ${answer.status} to a status read): that read is retried${seconds(refusal.retryAfterMs)}, creates go on`;
    holdback.hold('busy', text, { status: answer.status, on: 'poll' });
  } else if (refusal?.kind === 'concurrency') {
    const cap = slots.refused(refusal.limit, refusal.current);
    const limit = refusal.limit === null ? '' : ` (${refusal.limit})`;
    const text = `the API's concurrency limit${limit} is reached: at most ${cap} task${cap === 1 ? '' : 's'} of this batch at once`;
    holdback.hold('concurrency', text, { limit: refusal.limit, current: refusal.current, tasks: cap });
  }
}

/** The pacer's `onLimited`: a new rate-limit event holds the batch back (said once per hold, not per refusal). */
export function rateLimitNotice(holdback: Holdback) {
  return ({ rate, pauseMs, lowered }: { rate: number; pauseMs: number; lowered: boolean }): void => {
    const then = lowered ? `then ${rate.toFixed(1)} req/s` : `then on at ${rate.toFixed(1)} req/s`;
    const text = `rate limited by the API: pausing ${(pauseMs / 1000).toFixed(1)}s, ${then}`;
    holdback.hold('rate', text, { pause_ms: pauseMs, rate: Number(rate.toFixed(2)) });
  };
}

/** A create or status read went through: the hold is over when what caused it is. */
export function routeAccepted(feedback: Feedback): void {
  const { pacer, slots, holdback, now } = feedback;
  const reason = holdback.reason;
  const held = pacer.heldUntil;
  if (reason === null || now() < held.all) return;
  if (reason === 'concurrency' && slots.limit < feedback.concurrency) return;
  if (reason === 'busy' && now() < held.creates) return;
  holdback.release('no longer held back: going on at full pace');
}
