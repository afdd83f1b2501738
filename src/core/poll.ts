import { isTerminal, type Task } from '../api/task.js';
import { UnusableTaskIdError } from '../api/task-id.js';
import { CliError, WaitTimeoutError } from '../errors.js';
import { EXIT } from '../exit-codes.js';

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

/** Polls until the task is terminal. Throws WaitTimeoutError (exit 5) when the time is up; the task lives on. */
export async function pollTask(
  fetchTask: (signal?: AbortSignal) => Promise<Task>,
  options: PollOptions,
): Promise<Task> {
  const started = options.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const task = await fetchTask(options.signal);
      options.onTask?.(task);
      if (isTerminal(task.status)) return task;
    } catch (error) {
      if (!(error instanceof CliError) || error.exitCode !== EXIT.API || options.signal?.aborted) throw error;
      // The server's answer, not the network: asking again gets the same id.
      if (error instanceof UnusableTaskIdError) throw error;
      options.onTransientError?.(error);
    }
    const elapsed = options.now() - started;
    const remaining = options.timeoutMs > 0 ? options.timeoutMs - elapsed : Number.POSITIVE_INFINITY;
    if (remaining <= 0) throw new WaitTimeoutError(`still not finished after ${Math.round(elapsed / 1000)}s`);
    await options.sleep(Math.min(nextPollDelay(attempt, options.intervalMs), remaining), options.signal);
  }
}
