import type { Task } from '../api/task.js';
import type { TaskApi } from '../api/tasks.js';
import { TaskFailedError } from '../errors.js';
import { stripControl } from '../output/sanitize.js';
import { type PollOptions, pollTask } from './poll.js';

/** Waits for a task to end and returns it, with the failure reason filled in when the API has one. */
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

  if (!task.error && task.status === 'failed') {
    // The gateway may flip to FAILURE before attaching the reason (gateway-api.md §5a): ask for the raw view once.
    const again = await api.get(id, { showRaw: true }, options.signal).catch(() => undefined);
    if (again?.task.error) task.error = again.task.error;
  }
  return task;
}

export function taskEndedError(task: Task): TaskFailedError {
  const reason = task.error?.message ? stripControl(task.error.message) : 'no reason given by the API';
  return new TaskFailedError(`task ${task.id} ${task.status}: ${reason}`, {
    code: task.error?.code ?? `task_${task.status}`,
    hint: task.status === 'failed' ? 'change the prompt or inputs and create a new task' : undefined,
  });
}
