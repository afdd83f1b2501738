import type { Route } from './api.js';
import { arkErrorForCode, arkErrorForStatus, envelopeA, envelopeB, envelopeC, upstreamEnvelope } from './errors.js';
import { createFault, takeCounted } from './faults.js';
import { gatewayStatusName, openAiVideo, storedData, wrappedTask } from './gateway-views.js';
import { type Exchange, queryFlag, readJsonBody, retryAfterHeader, sendJson, sendTaskJson } from './http.js';
import { gatewayModel } from './models.js';
import { concurrencyRefusal } from './rate-limit.js';
import { validateCreate } from './validate.js';
import { sendVideo } from './video-body.js';
import { videoKey } from './video-bytes.js';

export async function handleGateway(ex: Exchange, route: Route): Promise<void> {
  switch (route.name) {
    case 'create':
      return createTask(ex);
    case 'generation':
      return readTask(ex, route.id, 'generation');
    case 'video':
      return readTask(ex, route.id, 'video');
    case 'video-content':
      return videoContent(ex, route.id);
  }
}

/** Order as in new-api: body and model (distributor), quota, then Ark: its load errors, its validation. */
async function createTask(ex: Exchange): Promise<void> {
  const { ctx, requestId } = ex;
  const body = await readJsonBody(ex.req);
  if (body.ok) ctx.stats.createBodies.push(body.value);
  if (!body.ok && body.tooLarge) return sendJson(ex, 413, envelopeB('read_request_body_failed', body.message));
  if (!body.ok) return sendJson(ex, 400, envelopeA(`Invalid request: ${body.message}`, requestId));
  const fields = typeof body.value === 'object' && body.value !== null ? (body.value as Record<string, unknown>) : {};
  if (typeof fields.model !== 'string' || fields.model === '') {
    return sendJson(ex, 400, envelopeA('Model name not specified, model name cannot be empty', requestId));
  }
  const model = gatewayModel(fields.model);
  if (model === null) {
    const message = `No available channel for model ${fields.model} under group default (distributor)`;
    return sendJson(ex, 503, envelopeA(message, requestId, 'model_not_found'));
  }
  // new-api's doubao channel: priority only for an upstream 2.0 or 2.0 fast (reference/models.md §4).
  if (fields.priority != null && !/seedance-2-0-(fast-)?\d{6}$/.test(model)) {
    return sendJson(
      ex,
      400,
      envelopeA(`priority is only supported for Seedance 2.0 and 2.0 fast, not ${model}`, requestId),
    );
  }
  if (ctx.faults.quotaExhausted) return sendJson(ex, 403, envelopeB('quota_not_enough', 'user quota is not enough'));
  const fault = createFault(ctx.faults, ctx.stats.creates);
  if (fault) {
    const answer =
      fault.code !== undefined
        ? upstreamEnvelope(arkErrorForCode(fault.status, fault.code), ctx.now())
        : fault.status === 429
          ? envelopeB('fail_to_fetch_task', '当前分组上游负载已饱和，请稍后再试')
          : upstreamEnvelope(arkErrorForStatus(fault.status), ctx.now());
    return sendJson(ex, fault.status, answer, retryAfterHeader(fault));
  }
  const busy = concurrencyRefusal(ctx);
  if (busy) return sendJson(ex, 429, busy);
  // Ark checks what the channel relays: the upstream model, so its 400 texts name it, not the gateway's alias.
  const checked = validateCreate({ ...fields, model });
  if (!checked.ok) return sendJson(ex, checked.error.status, upstreamEnvelope(checked.error, ctx.now()));
  const task = ctx.store.create(checked.request, model);
  if (ctx.faults.dropCreateAfterAccept) {
    ex.record(0);
    ex.req.socket.destroy();
    return;
  }
  sendTaskJson(ex, 200, {
    id: task.id,
    task_id: task.id,
    object: 'video',
    model,
    status: 'queued',
    progress: 0,
    created_at: Math.floor(task.createdMs / 1000),
  });
}

function readTask(ex: Exchange, id: string, route: 'generation' | 'video') {
  const { ctx, url } = ex;
  const fault = ctx.faults.pollStatus;
  if (fault && takeCounted(fault)) {
    const answer =
      fault.status === 429
        ? envelopeA('您已达到请求数限制：1分钟内最多请求60次', ex.requestId)
        : envelopeB('get_task_failed', `get task failed: status ${fault.status}`);
    return sendJson(ex, fault.status, answer, retryAfterHeader(fault));
  }
  const found = ctx.store.read(id);
  if (!found) return sendJson(ex, 400, envelopeB('task_not_exist', 'task_not_exist'));
  const sign = (path: string) => ctx.signer.sign(path);
  if (route === 'video') return sendTaskJson(ex, 200, openAiVideo(found, sign));
  const showRaw = queryFlag(url, 'show_raw');
  const showUsage = queryFlag(url, 'show_usage');
  if (queryFlag(url, 'raw')) return sendTaskJson(ex, 200, storedData(found, sign));
  if (showRaw || showUsage) return sendTaskJson(ex, 200, wrappedTask(found, sign, showUsage));
  sendTaskJson(ex, 200, openAiVideo(found, sign));
}

/** `/v1/videos/:id/content`: the gateway streams the stored video itself (no Range), errors in envelope C. */
async function videoContent(ex: Exchange, id: string): Promise<void> {
  const { ctx } = ex;
  const found = ctx.store.read(id);
  if (!found) return sendJson(ex, 404, envelopeC('Task not found', 'invalid_request_error'));
  const status = gatewayStatusName(found);
  if (status !== 'SUCCESS') {
    const message = `Task is not completed yet, current status: ${status}`;
    return sendJson(ex, 400, envelopeC(message, 'invalid_request_error'));
  }
  ex.record(200);
  const headers = { 'Content-Type': 'video/mp4', 'Cache-Control': 'public, max-age=86400' };
  const slice = {
    key: videoKey(id, ctx.faults.videoRevision),
    ratio: found.task.request.ratio,
    size: ctx.videoBytes,
    start: 0,
    end: ctx.videoBytes - 1,
  };
  await sendVideo(ex.res, 200, headers, slice, ctx.faults, false);
}
