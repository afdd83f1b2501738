import { arkTask, resolvedParameters, type Signer, videoPath } from './ark-view.js';
import type { TaskAt } from './task-store.js';

type GatewayStatus = 'NOT_START' | 'QUEUED' | 'IN_PROGRESS' | 'SUCCESS' | 'FAILURE';

const OPENAI_STATUS: Record<GatewayStatus, string> = {
  NOT_START: 'unknown',
  QUEUED: 'queued',
  IN_PROGRESS: 'in_progress',
  SUCCESS: 'completed',
  FAILURE: 'failed',
};

const seconds = (ms: number) => Math.floor(ms / 1000);

/** new-api's own status for the task: doubao's ParseTaskResult mapping (gateway-api.md §3). */
function gatewayStatus({ snap }: TaskAt): { status: GatewayStatus; progress: number } {
  if (snap.notStarted) return { status: 'NOT_START', progress: 0 };
  switch (snap.status) {
    case 'queued':
      return { status: 'QUEUED', progress: 10 };
    case 'running':
      return { status: 'IN_PROGRESS', progress: snap.progress };
    case 'succeeded':
      return { status: 'SUCCESS', progress: 100 };
    case 'failed':
      return { status: 'FAILURE', progress: 100 };
    default:
      // cancelled and expired fall into "anything else": the gateway keeps them IN_PROGRESS at 30%.
      return { status: 'IN_PROGRESS', progress: 30 };
  }
}

/** What the gateway stores as `data`: the Ark create answer until its first poll, then the Ark task object. */
export function storedData(at: TaskAt, sign: Signer): Record<string, unknown> {
  return at.snap.notStarted ? { id: at.task.id } : arkTask(at, sign);
}

/** The default view and `/v1/videos/:id`: the OpenAI-video-like object (gateway-api.md §5a). */
export function openAiVideo(at: TaskAt, sign: Signer): Record<string, unknown> {
  const { task, snap } = at;
  const { status, progress } = gatewayStatus(at);
  const body: Record<string, unknown> = {
    id: task.id,
    task_id: task.id,
    object: 'video',
    model: task.model,
    status: OPENAI_STATUS[status],
    progress,
    created_at: seconds(task.createdMs),
    completed_at: seconds(snap.updatedMs),
    metadata: { url: status === 'SUCCESS' ? sign(videoPath(task.id)) : '' },
  };
  if (snap.status === 'failed' && snap.error && snap.error.gateway !== 'hidden') {
    body.error =
      snap.error.gateway === 'vague'
        ? { message: 'task failed', code: 'failed' }
        : { message: snap.error.message, code: snap.error.code };
  }
  return body;
}

/** `show_raw` and/or `show_usage`: the wrapped TaskDto (gateway-api.md §5b); `data.data` is always included. */
export function wrappedTask(at: TaskAt, sign: Signer, showUsage: boolean): Record<string, unknown> {
  const { task, snap } = at;
  const { status, progress } = gatewayStatus(at);
  const finished = status === 'SUCCESS' || status === 'FAILURE';
  const seen = status === 'IN_PROGRESS' || finished;
  const startMs = snap.startMs ?? snap.endMs;
  const data: Record<string, unknown> = {
    task_id: task.id,
    action: 'generate',
    status,
    fail_reason: status === 'FAILURE' && snap.error ? failReason(snap.error) : '',
    submit_time: seconds(task.createdMs),
    start_time: seen && startMs !== null ? seconds(startMs) : 0,
    finish_time: finished && snap.endMs !== null ? seconds(snap.endMs) : 0,
    progress: `${progress}%`,
    data: storedData(at, sign),
  };
  if (showUsage && status === 'SUCCESS') {
    const params = resolvedParameters(task);
    data.usage = {
      completion_details: { video_durations: params.duration, video_tokens: params.tokens },
      ratio: params.ratio,
      watermark: task.request.watermark ?? false,
      generate_audio: task.request.generateAudio ?? true,
    };
  }
  return { code: 'success', message: '', data };
}

function failReason(error: NonNullable<TaskAt['snap']['error']>): string {
  if (error.gateway === 'hidden') return '';
  return error.gateway === 'vague' ? 'task failed' : error.message;
}

/** The content proxy names the gateway status in its refusal (gateway-api.md §7.7). */
export function gatewayStatusName(at: TaskAt): GatewayStatus {
  return gatewayStatus(at).status;
}
