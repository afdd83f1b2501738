import { createHash, randomUUID } from 'node:crypto';
import type { Task } from '../api/task.js';
import { UnusableTaskIdError } from '../api/task-id.js';
import type { TaskApi } from '../api/tasks.js';
import type { History } from '../config/history.js';
import { ApiError, type CliError, OutcomeUnknownError } from '../errors.js';
import { type Body, serializeBody, summarizeBody } from './request.js';

/**
 * POSTs a create with the journal around it (DESIGN §6): the intent is on disk before the request leaves, the task
 * id the moment the response arrives. A POST whose outcome is unknown stays recorded as such: no paid task is lost.
 */
export async function createTask(api: TaskApi, history: History, body: Body, now: () => number): Promise<Task> {
  const localId = randomUUID();
  const at = () => new Date(now()).toISOString();
  // Serialised once, for the hash and the request: with an embedded image it is tens of MB.
  const json = serializeBody(body);
  const prompt = (body.content as Array<{ type?: string; text?: string }>).find((item) => item.type === 'text')?.text;
  history.append({
    type: 'intent',
    local_id: localId,
    at: at(),
    provider: api.provider.name,
    base_url: api.http.baseUrl,
    model: String(body.model ?? ''),
    prompt: (prompt ?? '').slice(0, 200),
    request_hash: createHash('sha256').update(json).digest('hex'),
    request: summarizeBody(body),
  });
  let task: Task;
  try {
    task = await api.create(body, undefined, json);
  } catch (error) {
    const cliError = error as CliError;
    if (outcomeUnknown(cliError)) {
      // An id we refuse to use is still the only trace of a task that may be billed: journaled escaped.
      const returnedId = error instanceof UnusableTaskIdError ? error.escapedId : undefined;
      history.appendOrWarn({
        type: 'unknown',
        local_id: localId,
        at: at(),
        message: cliError.message,
        returned_id: returnedId,
      });
      throw new OutcomeUnknownError(`${cliError.message}; the request was sent, so the task may exist`, {
        code: cliError.code,
        detail: cliError.detail,
        hint: 'check with `seedance list` before creating it again (the journal keeps this request as outcome-unknown)',
      });
    }
    history.appendOrWarn({ type: 'failed', local_id: localId, at: at(), message: cliError.message });
    throw error;
  }
  history.appendOrWarn({ type: 'created', local_id: localId, id: task.id, at: at(), status: task.status });
  return task;
}

/**
 * The server may have acted: the connection broke after the body was sent, the answer timed out, or a 2xx answer
 * could not be read. Not so when the connection was refused, the host unknown, or the server answered an error.
 */
function outcomeUnknown(error: CliError): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status !== undefined) return error.status >= 200 && error.status < 300;
  return !['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(error.code);
}
