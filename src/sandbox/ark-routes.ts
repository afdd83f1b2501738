import type { Route } from './api.js';
import { arkTask } from './ark-view.js';
import { type ArkError, arkEnvelope, arkErrorForCode, arkErrorForStatus } from './errors.js';
import { createFault, takeCounted } from './faults.js';
import { type Exchange, readJsonBody, retryAfterHeader, sendJson, sendTaskJson } from './http.js';
import { arkModel } from './models.js';
import { arkQueueRefusal } from './rate-limit.js';
import { validateCreate } from './validate.js';

const LIST_WINDOW_MS = 7 * 24 * 3600 * 1000;
const LIST_STATUSES = ['queued', 'running', 'cancelled', 'succeeded', 'failed', 'expired'];

export async function handleArk(ex: Exchange, route: Route): Promise<void> {
  switch (route.name) {
    case 'ark-create':
      return createTask(ex);
    case 'ark-get':
      return getTask(ex, route.id);
    case 'ark-list':
      return listTasks(ex);
    case 'ark-delete':
      return deleteTask(ex, route.id);
  }
}

function refuse(ex: Exchange, error: ArkError, headers: Record<string, number> = {}): void {
  sendJson(ex, error.status, arkEnvelope(error, ex.requestId), headers);
}

const notFound = (id: string): ArkError => ({
  status: 404,
  code: 'NotFound.TaskId',
  message: `The specified task ${id} is not found.`,
  param: 'id',
});

async function createTask(ex: Exchange): Promise<void> {
  const { ctx } = ex;
  const body = await readJsonBody(ex.req);
  if (body.ok) ctx.stats.createBodies.push(body.value);
  if (!body.ok) {
    const status = body.tooLarge ? 413 : 400;
    return refuse(ex, { status, code: 'InvalidParameter', message: `The request body is not valid: ${body.message}.` });
  }
  // Ark has no "quota" error proper; an exhausted balance is AccountOverdueError, a 403 no client retries.
  if (ctx.faults.quotaExhausted) {
    const message = 'The request failed because your account has an overdue balance. Please top up and retry.';
    return refuse(ex, { status: 403, code: 'AccountOverdueError', message });
  }
  const fault = createFault(ctx.faults, ctx.stats.creates);
  if (fault) {
    const error =
      fault.code !== undefined ? arkErrorForCode(fault.status, fault.code) : arkErrorForStatus(fault.status);
    return refuse(ex, error, retryAfterHeader(fault));
  }
  const queueFull = arkQueueRefusal(ctx);
  if (queueFull) return refuse(ex, queueFull);
  const checked = validateCreate(body.value);
  if (!checked.ok) return refuse(ex, checked.error);
  const model = arkModel(checked.request.model, ctx.arkRegion);
  if (model === null) {
    const message = `The model or endpoint ${checked.request.model} does not exist or you do not have access to it.`;
    return refuse(ex, { status: 404, code: 'InvalidEndpointOrModel.NotFound', message, param: 'model' });
  }
  const task = ctx.store.create(checked.request, model);
  if (ctx.faults.dropCreateAfterAccept) {
    ex.record(0);
    ex.req.socket.destroy();
    return;
  }
  const safety = checked.request.safetyIdentifier;
  sendTaskJson(ex, 200, { id: task.id, ...(safety !== null ? { safety_identifier: safety } : {}) });
}

function getTask(ex: Exchange, id: string) {
  const { ctx } = ex;
  const fault = ctx.faults.pollStatus;
  if (fault && takeCounted(fault)) return refuse(ex, arkErrorForStatus(fault.status), retryAfterHeader(fault));
  const found = ctx.store.read(id);
  if (!found) return refuse(ex, notFound(id));
  sendTaskJson(
    ex,
    200,
    arkTask(found, (path) => ctx.signer.sign(path)),
  );
}

function pageParameter(ex: Exchange, name: string, fallback: number): number | ArkError {
  const raw = ex.url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= 1 && value <= 500) return value;
  const message = `The parameter \`${name}\` specified in the request is not valid: must be an integer in [1, 500].`;
  return { status: 400, code: 'InvalidParameter', message, param: name };
}

/** Newest first, last 7 days; `filter.service_tier` absent lists both tiers (the docs are unclear). */
function listTasks(ex: Exchange) {
  const { ctx, url } = ex;
  const pageNum = pageParameter(ex, 'page_num', 1);
  if (typeof pageNum !== 'number') return refuse(ex, pageNum);
  const pageSize = pageParameter(ex, 'page_size', 10);
  if (typeof pageSize !== 'number') return refuse(ex, pageSize);
  const status = url.searchParams.get('filter.status');
  if (status !== null && !LIST_STATUSES.includes(status)) {
    const message = 'The parameter `filter.status` specified in the request is not valid.';
    return refuse(ex, { status: 400, code: 'InvalidParameter', message, param: 'filter.status' });
  }
  const ids = url.searchParams.getAll('filter.task_ids');
  const model = url.searchParams.get('filter.model');
  const tier = url.searchParams.get('filter.service_tier');
  const since = ctx.now() - LIST_WINDOW_MS;
  const matching = ctx.store.all().filter(({ task, snap }) => {
    if (task.createdMs <= since) return false;
    if (status !== null && snap.status !== status) return false;
    if (ids.length > 0 && !ids.includes(task.id)) return false;
    if (model !== null && model !== task.request.model && model !== task.model) return false;
    return tier === null || tier === (task.request.serviceTier ?? 'default');
  });
  const sign = (path: string) => ctx.signer.sign(path);
  const page = matching.slice((pageNum - 1) * pageSize, pageNum * pageSize);
  sendJson(ex, 200, { total: matching.length, items: page.map((at) => arkTask(at, sign)) });
}

/** ark-api.md §5: queued → cancelled; finished → deleted; running or cancelled → refused (400, our choice). */
function deleteTask(ex: Exchange, id: string) {
  const { ctx } = ex;
  const found = ctx.store.read(id);
  if (!found) return refuse(ex, notFound(id));
  const status = found.snap.status;
  if (status === 'queued') ctx.store.force(id, 'cancelled');
  else if (status === 'succeeded' || status === 'failed' || status === 'expired') ctx.store.delete(id);
  else {
    const message = `The task cannot be cancelled in its current state: ${status}.`;
    return refuse(ex, { status: 400, code: 'InvalidParameter', message, param: 'id' });
  }
  sendJson(ex, 200, {});
}
