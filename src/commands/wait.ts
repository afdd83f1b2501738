import type { Task, TaskStatus } from '../api/task.js';
import type { Context } from '../context.js';
import { PollTimeoutError } from '../core/poll.js';
import { checkSaveTarget, type SavedFile, type SaveOptions, saveTaskVideo } from '../core/save-video.js';
import { taskEndedError, waitForTask } from '../core/wait-task.js';
import { type CliError, InterruptedError, UsageError, WaitTimeoutError } from '../errors.js';
import { EXIT, type ExitCode, worstExitCode } from '../exit-codes.js';
import { writeGithubOutputs } from '../output/github.js';
import { asCliError } from '../output/output.js';
import { shellWord } from '../output/sanitize.js';
import { createTaskProgress } from '../output/task-progress.js';
import { type Interrupt, onInterrupt } from '../terminal/interrupt.js';
import { cancelOnTimeout, canOfferCancel, type OnTimeout, offerCancel } from '../terminal/stop-waiting.js';
import { resolveTaskIds } from '../terminal/task-ids.js';

export interface WaitOptions extends SaveOptions {
  timeout?: number;
  interval?: number;
  download?: boolean;
  onTimeout?: OnTimeout;
  /** Several tasks: return when the first one ends. */
  any?: boolean;
  /** Several tasks: stop at the first failure. */
  failFast?: boolean;
}

const DEFAULT_TIMEOUT_MS = 30 * 60_000;

export async function wait(idArgs: string[], options: WaitOptions, ctx: Context): Promise<number> {
  return waitAndDownload(await resolveTaskIds(idArgs, ctx), options, ctx);
}

/**
 * wait, and with --download/-o save the videos: one process, one display, results on stdout in completion order
 * (one line, or one JSON document, per task). With several tasks the exit code is the worst outcome.
 */
export async function waitAndDownload(
  ids: string[],
  options: WaitOptions,
  ctx: Context,
  /** create hands over its handler, so a signal between the create and the wait is not lost. */
  inherited?: Interrupt,
): Promise<number> {
  const single = ids.length === 1;
  const wantsFile = options.download === true || options.output !== undefined;
  if (!single && options.output !== undefined && !/[/\\]$/.test(options.output)) {
    throw new UsageError('with several tasks, -o must be a directory (ending in /)', { hint: 'e.g. -o videos/' });
  }
  // Before the wait, not after it: a render must not end in "cannot save".
  if (wantsFile) for (const id of ids) checkSaveTarget(id, options, ctx);
  const api = ctx.api();
  if (options.onTimeout === 'cancel' && !api.provider.canCancel) {
    ctx.out.warn(
      `--on-timeout cancel: the ${api.provider.name} provider cannot cancel tasks; a timeout leaves it running`,
    );
  }
  const interrupt = inherited ?? onInterrupt(ctx);
  const pending = new Set(ids);
  // The status last seen of each task: Ark can cancel a task only while it is queued.
  const seen = new Map<string, TaskStatus>();
  interrupt.describe(() => ({
    message: single
      ? `stopped waiting; task ${ids[0]} keeps rendering`
      : `stopped waiting; ${pending.size} task(s) keep rendering`,
    hint: `resume with: ${resumeCommand([...pending], options, ctx)}`,
  }));
  const display = await createTaskProgress(ctx.out, ids, ctx.io.now);
  // --any and --fail-fast end the other waits; an interrupt ends them all.
  const stop = new AbortController();
  const signal = AbortSignal.any([interrupt.signal, stop.signal]);
  const codes: ExitCode[] = [];
  const report = (error: CliError) => {
    if (single) throw error;
    ctx.out.error(error);
    codes.push(error.exitCode);
    if (options.failFast) stop.abort();
  };

  const waitOne = async (id: string): Promise<void> => {
    let task: Task;
    try {
      task = await waitForTask(api, id, {
        timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
        intervalMs: options.interval,
        now: ctx.io.now,
        sleep: ctx.io.sleep,
        signal,
        onTask: (t) => {
          seen.set(id, t.status);
          display.update(id, t);
        },
        onTransientError: (error) => display.transientError(id, error.message),
      });
    } catch (error) {
      if (error instanceof InterruptedError || interrupt.signal.aborted) throw error;
      if (stop.signal.aborted) return;
      if (!(error instanceof WaitTimeoutError)) return report(asCliError(error));
      ctx.out.event('timeout', id);
      if (options.onTimeout === 'cancel' && api.provider.canCancel) await cancelOnTimeout(id, error, ctx);
      // "Still alive" only as far as we know: when the last polls failed, say how old that knowledge is.
      const since = error instanceof PollTimeoutError ? error.since : undefined;
      const alive = since
        ? `the task was still alive when last seen ${Math.round(since.lastSeenAgoMs / 1000)}s ago, ` +
          `but the API has not answered since: ${since.error.message}`
        : 'the task is still alive';
      return report(
        new WaitTimeoutError(`timed out waiting for ${id} (${error.message}); ${alive}`, {
          hint: `resume with: ${resumeCommand([id], options, ctx)}`,
        }),
      );
    }
    pending.delete(id);
    display.finish(id, task);
    ctx.history().recordStatus({ ...task, id }, ctx.io.now());
    if (task.status !== 'succeeded') {
      if (ctx.out.mode.json) single ? ctx.out.json(task) : ctx.out.jsonLine(task);

      writeGithubOutputs(ctx.io.env, task);
      if (options.any) stop.abort();
      return report(taskEndedError(task));
    }
    let file: SavedFile | undefined;
    try {
      file = wantsFile ? await saveTaskVideo(task, { ...options, bar: single }, ctx, interrupt) : undefined;
    } catch (error) {
      if (error instanceof InterruptedError || interrupt.signal.aborted) throw error;
      return report(asCliError(error));
    }
    printResult(task, file, ctx, single);
    codes.push(EXIT.OK);
    if (options.any) stop.abort();
  };

  try {
    await Promise.all(ids.map(waitOne));
  } catch (error) {
    display.stop();
    if (single && error instanceof InterruptedError && canOfferCancel(error, ctx)) {
      const id = ids[0] as string;
      const status = seen.get(id);
      if (status === 'queued') return await offerCancel(id, error, ctx, interrupt);
      if (status) ctx.out.info(`task ${id} is ${status}: only a queued task can be cancelled, so it keeps running`);
    }
    throw error;
  } finally {
    display.stop();
    interrupt.dispose();
  }
  if (pending.size > 0 && stop.signal.aborted) {
    ctx.out.info(
      `${pending.size} task(s) still rendering; follow them with: ${resumeCommand([...pending], options, ctx)}`,
    );
  }
  return worstExitCode(codes);
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

function resumeCommand(ids: string[], options: WaitOptions, ctx: Context): string {
  const parts = ['wait', ...ids];
  if (options.output !== undefined) parts.push('-o', shellWord(options.output));
  else if (options.download) parts.push('--download');
  return ctx.command(...parts);
}
