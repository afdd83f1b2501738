import type { Task, TaskStatus } from '../api/task.js';
import type { Context } from '../context.js';
import { CliError, UsageError } from '../errors.js';

// Cancelling a task the CLI's way, for `seedance cancel`, a wait that stops, and the library (so the MCP server).

/** What the DELETE did: a queued task is cancelled, a finished one's record deleted (ark-api.md §5). */
export type CancelAction = 'cancelled' | 'deleted';

export const FINISHED: ReadonlySet<TaskStatus> = new Set(['succeeded', 'failed', 'expired']);

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
