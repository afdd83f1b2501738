import { createHash } from 'node:crypto';
import type { TaskRecord } from './lifecycle.js';
import type { TaskAt } from './task-store.js';

export type Signer = (path: string) => string;

const SHORT_SIDE: Record<string, number> = { '480p': 480, '720p': 720, '1080p': 1080 };

export const videoPath = (id: string) => `/videos/${id}.mp4`;
export const framePath = (id: string) => `/frames/${id}.png`;

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The values Ark reports back: defaults filled in, `adaptive` and `-1` resolved (ark-api.md §3). */
export function resolvedParameters(task: TaskRecord) {
  const { request } = task;
  const seed =
    request.seed !== null && request.seed >= 0
      ? request.seed
      : createHash('sha256').update(task.id).digest().readUInt32BE(0) % 2 ** 31;
  const resolution = request.resolution ?? (request.draft ? '480p' : '720p');
  const ratio = request.ratio === null || request.ratio === 'adaptive' ? '16:9' : request.ratio;
  const duration = request.duration === null || request.duration === -1 ? 5 : request.duration;
  const frameCount = request.frames ?? duration * 24 + 1;
  const [a, b] = ratio.split(':').map(Number) as [number, number];
  const short = SHORT_SIDE[resolution] ?? 720;
  const [width, height] = a >= b ? [Math.round((short * a) / b), short] : [short, Math.round((short * b) / a)];
  const tokens = Math.floor((width * height * frameCount) / 1024);
  return { seed, resolution, ratio, duration, tokens };
}

/** The Ark task object (GET /api/v3/contents/generations/tasks/:id, the gateway's `raw` and `data.data`). */
export function arkTask(at: TaskAt, sign: Signer): Record<string, unknown> {
  const { task, snap } = at;
  const { request } = task;
  const params = resolvedParameters(task);
  const body: Record<string, unknown> = { id: task.id, model: task.model, status: snap.status };
  if (snap.status === 'failed' && snap.error) body.error = { code: snap.error.code, message: snap.error.message };
  if (snap.status === 'succeeded') {
    body.content = {
      video_url: sign(videoPath(task.id)),
      ...(request.returnLastFrame ? { last_frame_url: sign(framePath(task.id)) } : {}),
    };
    body.usage = { completion_tokens: params.tokens, total_tokens: params.tokens };
  }
  Object.assign(body, {
    created_at: seconds(task.createdMs),
    updated_at: seconds(snap.updatedMs),
    seed: params.seed,
    resolution: params.resolution,
    ratio: params.ratio,
    ...(request.frames !== null ? { frames: request.frames } : { duration: params.duration }),
    framespersecond: 24,
    generate_audio: request.generateAudio ?? true,
    draft: request.draft ?? false,
    service_tier: request.serviceTier ?? 'default',
    execution_expires_after: request.executionExpiresAfter ?? 172800,
  });
  if (request.safetyIdentifier !== null) body.safety_identifier = request.safetyIdentifier;
  if (request.tools !== null) body.tools = request.tools;
  return body;
}
