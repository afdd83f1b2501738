import type { Task, TaskStatus } from '../api/task.js';
import type { Context } from '../context.js';
import { type FollowPlan, followTask } from '../core/follow.js';
import { PollTimeoutError } from '../core/poll.js';
import { checkSaveTarget, type SavedFile } from '../core/save-video.js';
import { taskEndedError } from '../core/wait-task.js';
import { type CliError, InterruptedError, UsageError, WaitTimeoutError } from '../errors.js';
import { EXIT, type ExitCode, worstExitCode } from '../exit-codes.js';
import { writeGithubOutputs } from '../output/github.js';
import { asCliError } from '../output/output.js';
import { shellWord } from '../output/sanitize.js';
import { createTaskProgress } from '../output/task-progress.js';
import { type Interrupt, onInterrupt } from './interrupt.js';
import { cancelOnTimeout, canOfferCancel, type OnTimeout, offerCancel } from './stop-waiting.js';

// How the CLI follows tasks on a terminal (`wait`, `create --wait`): the plan's wait → save (core/follow.ts), shown
// with a spinner, stopped by Ctrl-C, and rendered as results on stdout. One task and several are separate paths.

export interface WatchOptions {
  onTimeout?: OnTimeout;
  /** Several tasks: return when the first one ends. */
  any?: boolean;
  /** Several tasks: stop at the first failure. */
  failFast?: boolean;
}

/**
 * One task: its result (file path, video URL, or the task as JSON) on stdout, exit 0; anything else is thrown (a task
 * that ended without a video, a timeout, an interrupt). `interrupt`: create hands over its handler, so a signal
 * between the create and the wait is not lost.
 */
export async function watchOne(
  id: string,
  plan: FollowPlan,
  options: WatchOptions,
  ctx: Context,
  inherited?: Interrupt,
): Promise<ExitCode> {
  // Before the wait, not after it: a render must not end in "cannot save".
  if (plan.save) checkSaveTarget(id, plan.save, ctx);
  warnCannotCancel(options, ctx);
  const interrupt = inherited ?? onInterrupt(ctx);
  interrupt.describe(() => ({
    message: `stopped waiting; task ${id} keeps rendering`,
    hint: `resume with: ${resumeCommand([id], plan, ctx)}`,
  }));
  const display = await createTaskProgress(ctx.out, [id], ctx.io.now);
  // The status last seen: Ark can cancel a task only while it is queued.
  let seen: TaskStatus | undefined;
  const onTask = (task: Task) => {
    seen = task.status;
  };
  try {
    const { task, file } = await followTask(ctx, id, plan, { signal: interrupt.signal, interrupt, display, onTask });
    if (task.status !== 'succeeded') {
      printEnded(task, ctx, true);
      throw taskEndedError(task);
    }
    printResult(task, file, ctx, true);
    return EXIT.OK;
  } catch (error) {
    display.stop();
    if (error instanceof InterruptedError && canOfferCancel(error, ctx)) {
      if (seen === 'queued') return await offerCancel(id, error, ctx, interrupt);
      if (seen) ctx.out.info(`task ${id} is ${seen}: only a queued task can be cancelled, so it keeps running`);
    }
    if (interrupt.signal.aborted) throw error;
    if (error instanceof WaitTimeoutError) throw await timedOut(id, error, plan, options, ctx);
    throw asCliError(error);
  } finally {
    display.stop();
    interrupt.dispose();
  }
}

/**
 * Several tasks at once: one display, each result on stdout as it ends (one line, or one JSON Line, per task), each
 * failure reported as it happens; the exit code is the worst outcome. An interrupt ends them all (thrown).
 */
export async function watchMany(
  ids: string[],
  shared: FollowPlan,
  options: WatchOptions,
  ctx: Context,
): Promise<ExitCode> {
  if (shared.save?.output !== undefined && !/[/\\]$/.test(shared.save.output)) {
    throw new UsageError('with several tasks, -o must be a directory (ending in /)', { hint: 'e.g. -o videos/' });
  }
  // Several downloads at once share the one spinner: no progress bar each.
  const plan = shared.save ? { ...shared, save: { ...shared.save, bar: false } } : shared;
  if (plan.save) for (const id of ids) checkSaveTarget(id, plan.save, ctx);
  warnCannotCancel(options, ctx);
  const interrupt = onInterrupt(ctx);
  const pending = new Set(ids);
  interrupt.describe(() => ({
    message: `stopped waiting; ${pending.size} task(s) keep rendering`,
    hint: `resume with: ${resumeCommand([...pending], plan, ctx)}`,
  }));
  const display = await createTaskProgress(ctx.out, ids, ctx.io.now);
  // --any and --fail-fast end the other waits; an interrupt ends them all.
  const stop = new AbortController();
  const signal = AbortSignal.any([interrupt.signal, stop.signal]);
  const codes: ExitCode[] = [];
  const report = (error: CliError) => {
    ctx.out.error(error);
    codes.push(error.exitCode);
    if (options.failFast) stop.abort();
  };
  const onEnded = (task: Task) => pending.delete(task.id);

  const watch = async (id: string): Promise<void> => {
    let followed: { task: Task; file?: SavedFile };
    try {
      followed = await followTask(ctx, id, plan, { signal, interrupt, display, onEnded });
    } catch (error) {
      if (error instanceof InterruptedError || interrupt.signal.aborted) throw error;
      // Ended by --any or --fail-fast while still rendering: not an outcome of its own.
      if (stop.signal.aborted && pending.has(id)) return;
      if (!(error instanceof WaitTimeoutError)) return report(asCliError(error));
      return report(await timedOut(id, error, plan, options, ctx).catch(asCliError));
    }
    const { task, file } = followed;
    if (options.any) stop.abort();
    if (task.status !== 'succeeded') {
      printEnded(task, ctx, false);
      return report(taskEndedError(task));
    }
    printResult(task, file, ctx, false);
    codes.push(EXIT.OK);
  };

  try {
    await Promise.all(ids.map(watch));
  } finally {
    display.stop();
    interrupt.dispose();
  }
  if (pending.size > 0 && stop.signal.aborted) {
    ctx.out.info(
      `${pending.size} task(s) still rendering; follow them with: ${resumeCommand([...pending], plan, ctx)}`,
    );
  }
  return worstExitCode(codes);
}

function warnCannotCancel(options: WatchOptions, ctx: Context): void {
  const { provider } = ctx.settings();
  if (options.onTimeout === 'cancel' && !provider.canCancel) {
    ctx.out.warn(`--on-timeout cancel: the ${provider.name} provider cannot cancel tasks; a timeout leaves it running`);
  }
}

/**
 * The error a wait that ran out of time ends with: with --on-timeout cancel, a task cancelled (thrown:
 * TaskFailedError, exit 4); else a timeout that says how alive the task was last seen, and how to resume.
 */
async function timedOut(
  id: string,
  error: WaitTimeoutError,
  plan: FollowPlan,
  options: WatchOptions,
  ctx: Context,
): Promise<WaitTimeoutError> {
  ctx.out.event('timeout', id);
  if (options.onTimeout === 'cancel' && ctx.settings().provider.canCancel) await cancelOnTimeout(id, error, ctx);
  // "Still alive" only as far as we know: when the last polls failed, say how old that knowledge is.
  const since = error instanceof PollTimeoutError ? error.since : undefined;
  const alive = since
    ? `the task was still alive when last seen ${Math.round(since.lastSeenAgoMs / 1000)}s ago, ` +
      `but the API has not answered since: ${since.error.message}`
    : 'the task is still alive';
  return new WaitTimeoutError(`timed out waiting for ${id} (${error.message}); ${alive}`, {
    hint: `resume with: ${resumeCommand([id], plan, ctx)}`,
  });
}

/** A task that ended without a video: as JSON when asked (the error follows on stderr), and to GitHub's outputs. */
function printEnded(task: Task, ctx: Context, single: boolean): void {
  if (ctx.out.mode.json) single ? ctx.out.json(task) : ctx.out.jsonLine(task);
  writeGithubOutputs(ctx.io.env, task);
}

function printResult(task: Task, file: SavedFile | undefined, ctx: Context, single: boolean): void {
  writeGithubOutputs(ctx.io.env, task, file?.path);
  const json = file ? { ...task, file: { path: file.path, bytes: file.bytes, sha256: file.sha256 } } : task;
  if (ctx.out.mode.json) {
    if (single) ctx.out.json(json);
    else ctx.out.jsonLine(json);
  } else if (file) {
    if (file.path !== '-') ctx.out.result(file.path);
  } else {
    ctx.out.result(task.video_url ?? '');
  }
}

/** The command that picks the wait up again, saving where this one would have. */
function resumeCommand(ids: string[], plan: FollowPlan, ctx: Context): string {
  const parts = ['wait', ...ids];
  if (plan.save?.output !== undefined) parts.push('-o', shellWord(plan.save.output));
  else if (plan.save) parts.push('--download');
  return ctx.command(...parts);
}
