import type { Task, TaskError } from '../api/task.js';
import type { TaskApi } from '../api/tasks.js';
import { TaskFailedError } from '../errors.js';
import { stripControl } from '../output/sanitize.js';
import { type PollOptions, pollTask } from './poll.js';

/** Waits for a task to end and returns it, with its details or its failure reason filled in when the API has them. */
export async function waitForTask(api: TaskApi, id: string, options: PollOptions): Promise<Task> {
  let polls = 0;
  const task = await pollTask(async (signal) => {
    polls += 1;
    // The gateway keeps a task Ark cancelled or expired at IN_PROGRESS 30% forever (gateway-api.md §3); only the
    // wrapped view's upstream object tells. Every 4th poll of a running task asks for it.
    const view = polls % 4 === 0 && api.provider.name === 'gateway' ? { showRaw: true } : {};
    const { task } = await api.get(id, view, signal);
    delete task.raw;
    return task;
  }, options);

  return task.status === 'succeeded'
    ? fillDetails(api, task, options.signal)
    : fillFailureReason(api, task, options.signal);
}

/**
 * The gateway's default view of a finished task has no seed, resolution, ratio, duration, fps, usage or last frame
 * (gateway-api.md §5a); its wrapped view with usage has them all (§5b). One more query at the end of a wait, so the
 * Task printed and written to a sidecar can reproduce the video. Fields the first view had are kept.
 */
async function fillDetails(api: TaskApi, task: Task, signal?: AbortSignal): Promise<Task> {
  if (api.provider.name !== 'gateway' || (task.seed !== null && task.usage !== null)) return task;
  const again = await api.get(task.id, { showRaw: true, showUsage: true }, signal).catch(() => undefined);
  if (again?.task.status !== 'succeeded') return task;
  const merged: Record<string, unknown> = { ...task };
  for (const [key, value] of Object.entries(again.task)) {
    if (key !== 'raw' && (merged[key] === null || merged[key] === undefined)) merged[key] = value;
  }
  return merged as unknown as Task;
}

/**
 * The gateway parks a task Ark cancelled or expired at IN_PROGRESS 30% for ever (gateway-api.md §3): a single
 * `status` that sees running at 30% asks the wrapped view, whose upstream object tells, once.
 */
export async function revealParkedTask(api: TaskApi, task: Task, signal?: AbortSignal): Promise<Task> {
  if (api.provider.name !== 'gateway' || task.status !== 'running' || task.progress !== PARKED_PROGRESS) return task;
  const again = await api.get(task.id, { showRaw: true }, signal).catch(() => undefined);
  if (!again || (again.task.status !== 'cancelled' && again.task.status !== 'expired')) return task;
  delete again.task.raw;
  return again.task;
}

const PARKED_PROGRESS = 30;

/**
 * A failed gateway task whose reason is missing or only the generic "task failed": the gateway may flip to FAILURE
 * before attaching the reason, and older builds only ever said "task failed" while Ark's real error sat in the
 * wrapped view (gateway-api.md §5a, §5b). One more query with show_raw, whose upstream error comes first (§8).
 */
export async function fillFailureReason(api: TaskApi, task: Task, signal?: AbortSignal): Promise<Task> {
  if (task.status !== 'failed' || api.provider.name !== 'gateway' || !isVague(task.error)) return task;
  const again = await api.get(task.id, { showRaw: true }, signal).catch(() => undefined);
  const found = again?.task.error;
  if (found && (!task.error || !isVague(found))) task.error = found;
  return task;
}

function isVague(error: TaskError | null): boolean {
  return error === null || /^task failed\.?$/i.test(error.message.trim());
}

export function taskEndedError(task: Task): TaskFailedError {
  const reason = task.error?.message ? stripControl(task.error.message) : 'no reason given by the API';
  return new TaskFailedError(`task ${task.id} ${task.status}: ${reason}`, {
    code: task.error?.code ?? `task_${task.status}`,
    hint: task.status === 'failed' ? 'change the prompt or inputs and create a new task' : undefined,
  });
}
