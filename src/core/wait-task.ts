import { isWrappedView } from '../api/normalize-task.js';
import type { TaskView } from '../api/providers.js';
import type { Task, TaskError } from '../api/task.js';
import type { FetchedTask, TaskApi } from '../api/tasks.js';
import { TaskFailedError } from '../errors.js';
import { stripControl } from '../output/sanitize.js';
import { type PollOptions, pollTask } from './poll.js';

/**
 * Waits for a task to end and returns it, with its details or its failure reason filled in when the API has them.
 * `details: false`: no extra query for seed and usage when they are missing (batch without --sidecar).
 */
export async function waitForTask(
  api: TaskApi,
  id: string,
  options: PollOptions & { details?: boolean },
): Promise<Task> {
  let polls = 0;
  const task = await pollTask(async (signal, budgetMs) => {
    polls += 1;
    // The gateway keeps a task Ark cancelled or expired at IN_PROGRESS 30% forever (gateway-api.md §3); only the
    // wrapped view's upstream object tells. Every 4th poll of a running task asks for it.
    const view = polls % 4 === 0 && api.provider.name === 'gateway' ? { showRaw: true } : {};
    const { task } = await api.get(id, view, signal, budgetMs);
    delete task.raw;
    return task;
  }, options);

  return completeTask(api, task, { details: options.details !== false, signal: options.signal });
}

/**
 * A task with everything the API tells of it (`status`, the library's `get`, MCP's `get_task`), in one request where
 * it can: on the gateway the wrapped view (`show_raw`, `show_usage`) holds what the default view does, plus Ark's own
 * task and the billing details (gateway-api.md §5b), so nothing is left to ask. A server that ignores those
 * parameters answers its default view, which completeTask then completes with a second request, as before. `raw`
 * asks for Ark's object alone, untouched.
 */
export async function fetchTask(
  api: TaskApi,
  id: string,
  view: TaskView = {},
  signal?: AbortSignal,
): Promise<FetchedTask> {
  if (view.raw) return api.get(id, view, signal);
  const fetched = await api.get(id, { ...view, showUsage: true }, signal);
  if (!isWrappedView(fetched.response.body)) {
    return { ...fetched, task: await completeTask(api, fetched.task, { details: true, signal }) };
  }
  // Until the gateway first polls Ark (~15 s after the create) the wrapped view holds Ark's create answer alone, the
  // id (gateway-api.md §3): the model and the row's update time are in the default view only, asked for then.
  if (fetched.task.model === null) {
    const plain = await api.get(id, {}, signal).catch(() => undefined);
    if (plain) return { ...fetched, task: fillNulls(fetched.task, plain.task) };
  }
  return fetched;
}

/**
 * What the gateway's default view gets wrong or leaves out, asked of its wrapped view (whose `data.data` is Ark's
 * own task) in one more query, and only when it matters:
 * - running at exactly 30%: where the gateway parks a task Ark cancelled or expired, for ever (gateway-api.md §3);
 * - failed with no reason or only the generic "task failed" of older builds (§5a, §5b; Ark's error comes first, §8);
 * - with `details`, succeeded without seed, resolution, ratio, duration, fps or usage (§5a): the Task of `wait` and
 *   `status` alike, and a sidecar, can then reproduce the video.
 */
export async function completeTask(
  api: TaskApi,
  task: Task,
  options: { details?: boolean; signal?: AbortSignal } = {},
): Promise<Task> {
  if (api.provider.name !== 'gateway') return task;
  const parked = task.status === 'running' && task.progress === PARKED_PROGRESS;
  const vague = task.status === 'failed' && isVague(task.error);
  const thin = options.details === true && task.status === 'succeeded' && DETAILS.some((key) => task[key] === null);
  if (!parked && !vague && !thin) return task;
  const again = await api.get(task.id, { showRaw: true, showUsage: thin }, options.signal).catch(() => undefined);
  if (!again) return task;
  const { raw: _raw, ...wrapped } = again.task;
  if (parked) return wrapped.status === 'cancelled' || wrapped.status === 'expired' ? wrapped : task;
  if (vague)
    return wrapped.error && (!task.error || !isVague(wrapped.error)) ? { ...task, error: wrapped.error } : task;
  return wrapped.status === 'succeeded' ? fillNulls(task, wrapped) : task;
}

const PARKED_PROGRESS = 30;
const DETAILS = ['seed', 'resolution', 'ratio', 'duration', 'fps', 'usage'] as const;

function isVague(error: TaskError | null): boolean {
  return error === null || /^task failed\.?$/i.test(error.message.trim());
}

/** `task` with its null fields taken from `more`. */
function fillNulls(task: Task, more: Task): Task {
  const merged: Record<string, unknown> = { ...task };
  for (const [key, value] of Object.entries(more)) merged[key] ??= value;
  return merged as unknown as Task;
}

export function taskEndedError(task: Task): TaskFailedError {
  const reason = task.error?.message ? stripControl(task.error.message) : 'no reason given by the API';
  return new TaskFailedError(`task ${task.id} ${task.status}: ${reason}`, {
    code: task.error?.code ?? `task_${task.status}`,
    hint: task.status === 'failed' ? 'change the prompt or inputs and create a new task' : undefined,
  });
}
