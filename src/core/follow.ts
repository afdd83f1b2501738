import { isTerminal, type Task } from '../api/task.js';
import type { Context } from '../context.js';
import { WaitTimeoutError } from '../errors.js';
import type { TaskProgress } from '../output/task-progress.js';
import { checkPollInterval } from './poll.js';
import type { SavedFile, SaveInterrupt, SaveOptions } from './save-video.js';
import { completeTask, taskEndedError, waitForTask } from './wait-task.js';

/** How long a wait lasts when no timeout is given (`--timeout`, the library's `timeout`). */
export const DEFAULT_TIMEOUT_MS = 30 * 60_000;

/**
 * What happens to a task after its create (or to one given by id): decided once, from a front end's options, by
 * planFollow; then create, wait and save only carry it out.
 */
export interface FollowPlan {
  /** Milliseconds; 0 waits for ever (default DEFAULT_TIMEOUT_MS). */
  timeoutMs?: number;
  /** A fixed poll interval, at least 1 s (default adaptive). */
  intervalMs?: number;
  /** Save the video of a task that succeeds, here and so (absent: only wait). */
  save?: SaveOptions;
}

export interface FollowChoices extends SaveOptions {
  wait?: boolean;
  download?: boolean;
  timeout?: number;
  interval?: number;
  onTimeout?: string;
}

/**
 * Whether to wait, and whether and where to save. Saving (`download`, or an `output`) means waiting; so does any
 * wait option, since a timeout that is silently ignored would be a trap in a script. Null: neither, the task is
 * left rendering.
 */
export function planFollow(choices: FollowChoices): FollowPlan | null {
  const { wait, download, output, timeout, interval, onTimeout } = choices;
  const waits = wait || download || output !== undefined || timeout !== undefined || interval !== undefined;
  return waits || onTimeout !== undefined ? planWait(choices) : null;
}

/** A plan that waits, and saves with `download` or an `output`. An interval below 1 s is refused before any create. */
export function planWait(choices: FollowChoices): FollowPlan {
  const { wait: _wait, download, timeout, interval, onTimeout: _onTimeout, ...save } = choices;
  checkPollInterval(interval);
  const saves = download === true || save.output !== undefined;
  return { timeoutMs: timeout, intervalMs: interval, save: saves ? save : undefined };
}

export interface FollowHooks {
  /** Ends the wait and the save. */
  signal: AbortSignal;
  /** What a save says when the signal ends it (the CLI's Ctrl-C message); the library passes a no-op. */
  interrupt?: SaveInterrupt;
  display: TaskProgress;
  onTask?: (task: Task) => void;
  /** The task has ended (before its video is saved). */
  onEnded?: (task: Task) => void;
}

/**
 * The one wait of every front end (CLI `wait`/`create --wait`, the library's `wait` and `generate`): polls the task to
 * its end, shows each poll on the display, journals how it ended, and returns it however it ended.
 */
export async function awaitTask(ctx: Context, id: string, plan: FollowPlan, hooks: FollowHooks): Promise<Task> {
  const { display } = hooks;
  const task = await waitForTask(ctx.api(), id, {
    timeoutMs: plan.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    intervalMs: plan.intervalMs,
    now: ctx.io.now,
    sleep: ctx.io.sleep,
    signal: hooks.signal,
    onTask: (seen) => {
      display.update(id, seen);
      hooks.onTask?.(seen);
    },
    onTransientError: (error) => display.transientError(id, error.message),
  });
  display.finish(id, task);
  ctx.history().recordStatus({ ...task, id }, ctx.io.now());
  hooks.onEnded?.(task);
  return task;
}

export interface Followed {
  /** However it ended: check its status. */
  task: Task;
  /** The saved video: when the task succeeded and the plan saves. */
  file?: SavedFile;
}

/** wait → save, as the plan says. */
export async function followTask(ctx: Context, id: string, plan: FollowPlan, hooks: FollowHooks): Promise<Followed> {
  const task = await awaitTask(ctx, id, plan, hooks);
  if (task.status !== 'succeeded' || !plan.save) return { task };
  const interrupt = hooks.interrupt ?? { signal: hooks.signal, describe() {} };
  const { saveTaskVideo } = await import('./save-video.js');
  return { task, file: await saveTaskVideo(task, plan.save, ctx, interrupt) };
}

/**
 * A task whose video can be saved now (`download`, the library's `download`): TaskFailedError for one that ended
 * without a video (its reason filled in), WaitTimeoutError `not_ready` for one still rendering.
 */
export async function finishedTask(ctx: Context, given: string | Task, signal?: AbortSignal): Promise<Task> {
  const task = typeof given === 'string' ? (await ctx.api().get(given, {}, signal)).task : given;
  if (task.status === 'succeeded') return task;
  if (isTerminal(task.status)) throw taskEndedError(await completeTask(ctx.api(), task, { signal }));
  const progress = task.progress !== null ? ` ${task.progress}%` : '';
  throw new WaitTimeoutError(`task ${task.id} is not finished yet (${task.status}${progress})`, {
    code: 'not_ready',
    hint: ctx.command('wait', task.id, '--download'),
  });
}
