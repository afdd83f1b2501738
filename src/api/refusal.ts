/**
 * What a refused request says about how the batch may go on (gateway-api.md §7.5, §7.8; ark-api.md §2.3, §6):
 * - `rate`: too many requests per time: everyone pauses for Retry-After, the shared pace may come down;
 * - `concurrency`: too many tasks at once (the gateway's `Concurrency limit reached (3)`, with `limit` and `current`;
 *   Ark's cap on queued tasks, in its own envelope with the cap in the message): fewer tasks in flight, not a slower
 *   pace;
 * - `busy`: the server or its upstream is overloaded (a 5xx, or the gateway's "upstream saturated" 429 to a create):
 *   that request is retried after its own backoff;
 * - `quota`: the balance or free quota is used up: no create can succeed.
 */
export type Refusal =
  | { kind: 'rate'; retryAfterMs?: number }
  | { kind: 'concurrency'; limit: number | null; current: number | null; retryAfterMs?: number }
  | { kind: 'busy'; on: 'create' | 'poll'; retryAfterMs?: number }
  | { kind: 'quota' };

export interface RefusedAnswer {
  status: number;
  method: string;
  retryAfterMs?: number;
  body: string;
}

/** The gateway rewrites Ark's 429s to a create as "the group's upstream load is saturated, try later". */
const UPSTREAM_SATURATED = /上游负载已饱和|upstream[^"]*(?:saturated|overloaded|busy)|ServerOverloaded/i;

/**
 * Too many tasks at once: the gateway's `Concurrency limit reached (N)`, or Ark's cap on queued tasks (its code names
 * the queue; its message says the queued tasks reached the limit), also when the gateway relays Ark's body.
 */
const CONCURRENCY = /concurrency limit|queued tasks?\b[^"]*\blimit|QueuedTaskLimit/i;

export function classifyRefusal(answer: RefusedAnswer): Refusal | null {
  const { status, body, retryAfterMs } = answer;
  const on = answer.method.toUpperCase() === 'POST' ? 'create' : 'poll';
  if (status >= 500) return { kind: 'busy', on, retryAfterMs };
  if (status !== 429) return null;
  if (/QuotaExceeded/.test(body)) return { kind: 'quota' };
  if (CONCURRENCY.test(body)) {
    const field = (name: string) => Number(new RegExp(`"${name}"\\s*:\\s*(\\d+)`).exec(body)?.[1] ?? Number.NaN);
    const inMessage = Number(/(?:concurrency|queued task)[^(]*\((\d+)\)/i.exec(body)?.[1] ?? Number.NaN);
    const limit = Number.isFinite(field('limit')) ? field('limit') : inMessage;
    const current = field('current');
    return {
      kind: 'concurrency',
      limit: Number.isFinite(limit) ? limit : null,
      current: Number.isFinite(current) ? current : null,
      retryAfterMs,
    };
  }
  if (UPSTREAM_SATURATED.test(body)) return { kind: 'busy', on, retryAfterMs };
  return { kind: 'rate', retryAfterMs };
}
