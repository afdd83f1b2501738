import type { Context } from '../context.js';
import { cancelUnfinished } from '../core/cancel-task.js';
import { type InterruptedError, TaskFailedError, type WaitTimeoutError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { confirm } from '../output/confirm.js';
import { asCliError } from '../output/output.js';
import type { Interrupt } from './interrupt.js';

/** How long after the first Ctrl-C a second one still means "and stop the job too". */
export const SECOND_SIGINT_MS = 3000;

export type OnTimeout = 'leave' | 'cancel';

/**
 * The first Ctrl-C only stops watching; offering to cancel needs a provider that can and a person at a terminal (and
 * a task still queued: Ark refuses to cancel a running one, ark-api.md §5; the caller checks that).
 */
export function canOfferCancel(error: InterruptedError, ctx: Context): boolean {
  return (
    error.exitCode === EXIT.SIGINT && ctx.settings().provider.canCancel && ctx.out.mode.interactive && ctx.out.canAsk()
  );
}

/**
 * After the first Ctrl-C of a wait: says so at once (with the resume command), then a second Ctrl-C within
 * SECOND_SIGINT_MS asks whether to cancel the task on the server. Always ends with exit 130, already reported.
 */
export async function offerCancel(id: string, error: InterruptedError, ctx: Context, interrupt: Interrupt) {
  ctx.out.error(error);
  ctx.out.info(`press Ctrl-C again within ${SECOND_SIGINT_MS / 1000}s to cancel task ${id} itself`);
  if (!(await secondInterrupt(interrupt, ctx))) return EXIT.SIGINT;
  const abort = new AbortController();
  const stop = interrupt.onRepeat(() => abort.abort());
  const yes = await confirm(ctx.out, ctx.io.stdin, `Cancel task ${id} on the server?`, abort.signal).finally(stop);
  if (!yes) {
    ctx.out.info(`task ${id} keeps rendering`);
    return EXIT.SIGINT;
  }
  try {
    const { action, task } = await cancelUnfinished(id, ctx);
    if (action) ctx.out.success(`cancelled task ${id}`);
    else ctx.out.info(`task ${id} has already ${task.status}; nothing to cancel`);
  } catch (cancelError) {
    ctx.out.error(asCliError(cancelError));
  }
  return EXIT.SIGINT;
}

function secondInterrupt(interrupt: Interrupt, ctx: Context): Promise<boolean> {
  if (interrupt.terminated === true) return Promise.resolve(false);
  if (interrupt.repeats > 0) return Promise.resolve(true);
  const timer = new AbortController();
  return new Promise<boolean>((resolve) => {
    const stop = interrupt.onRepeat((signal) => {
      stop();
      timer.abort();
      resolve(signal === 'SIGINT');
    });
    ctx.io.sleep(SECOND_SIGINT_MS, timer.signal).then(
      () => {
        stop();
        resolve(false);
      },
      () => {},
    );
  });
}

/**
 * `--on-timeout cancel`: a task still queued is cancelled and the wait ends as a task that ended without a video
 * (exit 4); one the server will not cancel (running) is left alive with a warning, and the timeout stands.
 */
export async function cancelOnTimeout(id: string, timeout: WaitTimeoutError, ctx: Context): Promise<void> {
  try {
    const { action } = await cancelUnfinished(id, ctx);
    if (action === null) return;
  } catch (error) {
    ctx.out.warn(`could not cancel ${id}: ${asCliError(error).message}; the task keeps running`);
    return;
  }
  throw new TaskFailedError(`timed out waiting for ${id} (${timeout.message}); cancelled it (--on-timeout cancel)`, {
    code: 'cancelled_on_timeout',
  });
}
