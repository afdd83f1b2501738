import type { Task } from '../api/task.js';
import type { Context } from '../context.js';
import { taskEndedError, waitForTask } from '../core/wait-task.js';
import { InterruptedError, WaitTimeoutError } from '../errors.js';
import { createTaskProgress } from '../output/task-progress.js';
import { type Interrupt, onInterrupt } from './interrupt.js';

import { type SavedFile, type SaveOptions, saveTaskVideo } from './save-video.js';
import { cancelOnTimeout, canOfferCancel, type OnTimeout, offerCancel } from './stop-waiting.js';
import { resolveTaskId } from './task-id.js';

export interface WaitOptions extends SaveOptions {
  timeout?: number;
  interval?: number;
  download?: boolean;
  onTimeout?: OnTimeout;
}

const DEFAULT_TIMEOUT_MS = 30 * 60_000;

export async function wait(idArg: string, options: WaitOptions, ctx: Context): Promise<number> {
  return waitAndDownload([resolveTaskId(idArg, ctx)], options, ctx);
}

/** wait, and with --download/-o save the video: one process, one continuous display, one result on stdout. */
export async function waitAndDownload(
  ids: string[],
  options: WaitOptions,
  ctx: Context,
  /** create hands over its handler, so a signal between the create and the wait is not lost. */
  inherited?: Interrupt,
): Promise<number> {
  const id = ids[0] as string;
  const api = ctx.api();
  if (options.onTimeout === 'cancel' && !api.provider.canCancel) {
    ctx.out.warn(
      `--on-timeout cancel: the ${api.provider.name} provider cannot cancel tasks; a timeout leaves it running`,
    );
  }
  const interrupt = inherited ?? onInterrupt(ctx);
  const resume = resumeCommand(id, options);
  interrupt.describe(() => ({
    message: `stopped waiting; task ${id} keeps rendering`,
    hint: `resume with: ${resume}`,
  }));
  const display = await createTaskProgress(ctx.out, id, ctx.io.now);
  try {
    let task: Task;
    try {
      task = await waitForTask(api, id, {
        timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
        intervalMs: options.interval,
        now: ctx.io.now,
        sleep: ctx.io.sleep,
        signal: interrupt.signal,
        onTask: (t) => display.update(t),
        onTransientError: (error) => display.transientError(error.message),
      });
    } catch (error) {
      display.stop();
      if (error instanceof InterruptedError && canOfferCancel(error, ctx)) {
        return await offerCancel(id, error, ctx, interrupt);
      }
      if (error instanceof WaitTimeoutError) {
        if (options.onTimeout === 'cancel' && api.provider.canCancel) await cancelOnTimeout(id, error, ctx);
        throw new WaitTimeoutError(`timed out waiting for ${id} (${error.message}); the task is still alive`, {
          hint: `resume with: ${resume}`,
        });
      }
      throw error;
    }
    display.finish(task);
    ctx.history().append({
      type: 'status',
      id,
      at: new Date(ctx.io.now()).toISOString(),
      status: task.status,
      video_url: task.video_url,
    });
    if (task.status !== 'succeeded') {
      if (ctx.out.mode.json) ctx.out.json(task);
      throw taskEndedError(task);
    }
    const wantsFile = options.download || options.output !== undefined;
    const file: SavedFile | undefined = wantsFile ? await saveTaskVideo(task, options, ctx, interrupt) : undefined;
    if (ctx.out.mode.json) {
      ctx.out.json(file ? { ...task, file: { path: file.path, bytes: file.bytes, sha256: file.sha256 } } : task);
    } else if (file) {
      if (file.path !== '-') ctx.out.result(file.path);
    } else {
      ctx.out.result(task.video_url ?? '');
    }
    return 0;
  } finally {
    display.stop();
    interrupt.dispose();
  }
}

function resumeCommand(id: string, options: WaitOptions): string {
  const parts = ['seedance wait', id];
  if (options.output !== undefined) parts.push('-o', JSON.stringify(options.output));
  else if (options.download) parts.push('--download');
  return parts.join(' ');
}
