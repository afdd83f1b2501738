import { isTerminal, type Task } from '../api/task.js';
import { UnusableTaskIdError } from '../api/task-id.js';
import { ApiError, CliError, NetworkError, UsageError, WaitTimeoutError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { MIN_POLL_INTERVAL_MS } from './parse.js';

export interface PollOptions {
  /** Fixed interval (--interval); adaptive when absent. */
  intervalMs?: number;
  /** 0 = wait forever. */
  timeoutMs: number;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  onTask?: (task: Task) => void;
  /** A poll failed in a way worth retrying (5xx, reset, timeout after ky's own retries): the wait goes on. */
  onTransientError?: (error: CliError) => void;
}

const FIRST_MS = 2000;
const MAX_MS = 10_000;
const GROWTH = 1.5;

/**
 * Adaptive: 2s, 3s, 4.5s … up to 10s. The gateway refreshes upstream only every ~15s (gateway-api.md §3), so
 * polling faster than that gains nothing once a task is under way; the first polls are quick for short renders.
 */
export function nextPollDelay(attempt: number, fixedMs?: number): number {
  if (fixedMs !== undefined) return fixedMs;
  return Math.min(MAX_MS, Math.round(FIRST_MS * GROWTH ** attempt));
}

/** No front end polls faster than once a second (the library and MCP included): an InvalidRequestError (exit 2). */
export function checkPollInterval(intervalMs: number | undefined): void {
  if (intervalMs === undefined || intervalMs >= MIN_POLL_INTERVAL_MS) return;
  throw new UsageError(`the poll interval must be at least ${MIN_POLL_INTERVAL_MS} ms, got ${intervalMs}`, {
    code: 'interval_too_short',
    hint: `leave it out to poll adaptively (2 s up to 10 s), or give ${MIN_POLL_INTERVAL_MS} or more`,
  });
}

/** The time is up, and the task was last seen alive (exit 5); `since` says what went wrong after that, if anything. */
export class PollTimeoutError extends WaitTimeoutError {
  readonly since?: { lastSeenAgoMs: number; error: CliError };

  constructor(message: string, since?: { lastSeenAgoMs: number; error: CliError }) {
    super(message);
    this.since = since;
  }
}

/**
 * Polls until the task is terminal. The timeout bounds the whole wait, each poll's retries included. At the end:
 * PollTimeoutError (exit 5) when the task was seen alive, else the last API error, worded as such (exit 6).
 */
export async function pollTask(
  fetchTask: (signal?: AbortSignal, budgetMs?: number) => Promise<Task>,
  options: PollOptions,
): Promise<Task> {
  checkPollInterval(options.intervalMs);
  const started = options.now();
  const remaining = () =>
    options.timeoutMs > 0 ? options.timeoutMs - (options.now() - started) : Number.POSITIVE_INFINITY;
  let seenAt: number | undefined;
  let lastError: CliError | undefined;
  const timeUp = (): CliError => {
    const seconds = Math.round((options.now() - started) / 1000);
    if (seenAt === undefined && lastError) {
      const Unreached = lastError instanceof NetworkError ? NetworkError : ApiError;
      return new Unreached(`could not reach the API in ${seconds}s: ${lastError.message}`, {
        code: lastError.code,
        status: lastError.status,
        requestId: lastError.requestId,
        hint: lastError.hint ?? 'retry later',
      });
    }
    const message = `still not finished after ${seconds}s`;
    if (!lastError || seenAt === undefined) return new PollTimeoutError(message);
    return new PollTimeoutError(message, { lastSeenAgoMs: options.now() - seenAt, error: lastError });
  };
  for (let attempt = 0; ; attempt++) {
    const left = remaining();
    if (left <= 0) throw timeUp();
    try {
      const task = await fetchTask(options.signal, Number.isFinite(left) ? left : undefined);
      seenAt = options.now();
      lastError = undefined;
      options.onTask?.(task);
      if (isTerminal(task.status)) return task;
    } catch (error) {
      if (!(error instanceof CliError) || error.exitCode !== EXIT.API || options.signal?.aborted) throw error;
      // The server's answer, not the network: asking again gets the same id.
      if (error instanceof UnusableTaskIdError) throw error;
      lastError = error;
      // At the end of the time, the error is the outcome, not news of a wait that goes on.
      if (remaining() > 0) options.onTransientError?.(error);
    }
    const after = remaining();
    if (after <= 0) throw timeUp();
    await options.sleep(Math.min(nextPollDelay(attempt, options.intervalMs), after), options.signal);
  }
}
