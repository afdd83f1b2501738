import { isTerminal, type Task, type TaskStatus } from '../api/task.js';
import { requireRoute } from '../api/tasks.js';
import type { Context } from '../context.js';
import { CliError, UsageError } from '../errors.js';

// Cancelling a task the CLI's way, for `seedance cancel`, a wait that stops, and the library (so the MCP server).

/** What the DELETE did: a queued task is cancelled, a finished one's record deleted (ark-api.md §5). */
export type CancelAction = 'cancelled' | 'deleted';

export const FINISHED: ReadonlySet<TaskStatus> = new Set(['succeeded', 'failed', 'expired']);

/**
 * `seedance cancel`, the library's `cancel` and MCP's cancel_task: the GET first tells a cancel from an irreversible
 * delete before anything is sent; a task already cancelled is left alone (Ark refuses a second DELETE, ark-api.md §5);
 * `confirmDelete` may refuse deleting a finished task's record (by throwing).
 */
export async function cancelTask(
  id: string,
  ctx: Context,
  options: { confirmDelete?: (task: Task) => Promise<void>; signal?: AbortSignal } = {},
): Promise<{ action: CancelAction; task: Task; already: boolean }> {
  requireRoute(ctx.settings().provider, 'cancel');
  const { task } = await ctx.api().get(id, {}, options.signal);
  if (task.status === 'cancelled') return { action: 'cancelled', task, already: true };
  if (FINISHED.has(task.status)) await options.confirmDelete?.(task);
  return { action: await deleteTask(task, ctx, options.signal), task, already: false };
}

/**
 * For a wait that stops (second Ctrl-C, --on-timeout cancel): cancels the task unless it has ended meanwhile;
 * a finished task is never deleted from here. Returns null when there was nothing to cancel.
 */
export async function cancelUnfinished(id: string, ctx: Context): Promise<{ action: CancelAction | null; task: Task }> {
  const { task } = await ctx.api().get(id);
  if (isTerminal(task.status)) return { action: null, task };
  return { action: await deleteTask(task, ctx), task };
}

/** The DELETE, journaled; `task` is what a GET just said. A refusal carries the server's reason (exit 2). */
export async function deleteTask(task: Task, ctx: Context, signal?: AbortSignal): Promise<CancelAction> {
  const action: CancelAction = FINISHED.has(task.status) ? 'deleted' : 'cancelled';
  try {
    await ctx.api().cancel(task.id, signal);
  } catch (error) {
    throw refusal(error, task);
  }
  ctx.history().recordStatus({ id: task.id, status: action === 'cancelled' ? 'cancelled' : task.status }, ctx.io.now());
  return action;
}

// The status of a refused DELETE is not documented (ark-api.md §5): 400, 409 or a 403 OperationDenied. The GET just
// before succeeded with the same key, so none of them is a key problem: each is the server saying no (exit 2).
const REFUSALS = new Set([400, 403, 405, 409, 412, 422]);

function refusal(error: unknown, task: Task): unknown {
  if (!(error instanceof CliError) || error.status === undefined || !REFUSALS.has(error.status)) return error;
  const hint =
    task.status === 'running' ? 'only a queued task can be cancelled; a running one finishes on its own' : error.hint;
  return new UsageError(`task ${task.id} (${task.status}) cannot be cancelled: ${error.message}`, {
    code: error.code,
    status: error.status,
    requestId: error.requestId,
    detail: error.detail,
    hint,
  });
}
