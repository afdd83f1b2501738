import { DEFAULT_FAILURE_CODE, failure, type GatewayError, type Outcome } from './directives.js';
import type { TaskRequest } from './validate.js';

export type ArkStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired';
export type ForcedState = 'queued' | 'running' | 'succeeded' | 'failed' | 'expired' | 'cancelled';

export interface TaskRecord {
  id: string;
  seq: number;
  createdMs: number;
  /** The model the task reports (upstream name). */
  model: string;
  request: TaskRequest;
  outcome: Outcome;
  /** When the task got a running slot; null while it waits. Set by the store's scheduler. */
  startMs: number | null;
  /** A state pinned by `setTaskState` or by a cancel; it overrides the clock from `atMs` on. */
  forced: { state: ForcedState; atMs: number } | null;
}

/** A task as seen at one instant. */
export interface Snapshot {
  status: ArkStatus;
  /** The gateway has not polled Ark yet: its views say NOT_START. */
  notStarted: boolean;
  /** Rising progress of a running task, 20..90. */
  progress: number;
  startMs: number | null;
  endMs: number | null;
  updatedMs: number;
  /** The Ark error of a failed task, and what the gateway's own views say of it. */
  error: { code: string; message: string; gateway: GatewayError } | null;
}

const DEFAULT_EXPIRES_AFTER_SEC = 172800;

/** The render time splits 15% NOT_START, 15% queued, 70% running (DESIGN §9, gateway-api.md §3). */
export function phases(renderMs: number) {
  return { notStartMs: renderMs * 0.15, eligibleMs: renderMs * 0.3, runMs: renderMs * 0.7 };
}

export function expiryMs(task: TaskRecord): number {
  return task.createdMs + (task.request.executionExpiresAfter ?? DEFAULT_EXPIRES_AFTER_SEC) * 1000;
}

function naturalFinishMs(task: TaskRecord, renderMs: number): number {
  if (task.startMs === null || task.outcome.kind === 'stuck') return Number.POSITIVE_INFINITY;
  return task.startMs + phases(renderMs).runMs;
}

/** Until when the task holds a running slot (for the `maxRunning` cap). */
export function slotReleaseMs(task: TaskRecord, renderMs: number): number {
  if (task.forced) return task.forced.state === 'running' ? Number.POSITIVE_INFINITY : task.forced.atMs;
  return Math.min(naturalFinishMs(task, renderMs), expiryMs(task));
}

function progressAt(startMs: number, nowMs: number, renderMs: number): number {
  const { runMs } = phases(renderMs);
  const done = runMs > 0 ? Math.min(1, (nowMs - startMs) / runMs) : 1;
  return Math.min(90, 20 + Math.floor(done * 70));
}

function errorOf(outcome: Outcome): Snapshot['error'] {
  const fail = outcome.kind === 'fail' ? outcome : failure(DEFAULT_FAILURE_CODE);
  if (fail.kind !== 'fail') return null;
  return { code: fail.code, message: fail.message, gateway: fail.gatewayError };
}

function terminal(status: ArkStatus, task: TaskRecord, endMs: number): Snapshot {
  const startMs = task.startMs !== null && task.startMs <= endMs ? task.startMs : null;
  const error = status === 'failed' ? errorOf(task.outcome) : null;
  return { status, notStarted: false, progress: 100, startMs, endMs, updatedMs: endMs, error };
}

export function snapshotOf(task: TaskRecord, nowMs: number, renderMs: number): Snapshot {
  if (task.forced) return forcedSnapshot(task, nowMs, renderMs);
  const { notStartMs, eligibleMs } = phases(renderMs);
  const cancelMs = task.outcome.kind === 'cancel' ? task.createdMs + eligibleMs : Number.POSITIVE_INFINITY;
  const finishMs = naturalFinishMs(task, renderMs);
  const expiresMs = expiryMs(task);
  const endMs = Math.min(cancelMs, finishMs, expiresMs);
  if (nowMs >= endMs) {
    if (endMs === cancelMs) return terminal('cancelled', task, endMs);
    if (endMs === expiresMs && expiresMs < finishMs) return terminal('expired', task, endMs);
    const kind = task.outcome.kind;
    return terminal(kind === 'fail' ? 'failed' : kind === 'expire' ? 'expired' : 'succeeded', task, endMs);
  }
  if (task.startMs !== null && nowMs >= task.startMs) {
    const progress = progressAt(task.startMs, nowMs, renderMs);
    return {
      status: 'running',
      notStarted: false,
      progress,
      startMs: task.startMs,
      endMs: null,
      updatedMs: task.startMs,
      error: null,
    };
  }
  const notStarted = nowMs < task.createdMs + notStartMs;
  return {
    status: 'queued',
    notStarted,
    progress: 10,
    startMs: null,
    endMs: null,
    updatedMs: task.createdMs,
    error: null,
  };
}

function forcedSnapshot(task: TaskRecord, nowMs: number, renderMs: number): Snapshot {
  const { state, atMs } = task.forced!;
  if (state === 'queued') {
    return {
      status: 'queued',
      notStarted: false,
      progress: 10,
      startMs: null,
      endMs: null,
      updatedMs: atMs,
      error: null,
    };
  }
  if (state === 'running') {
    const startMs = task.startMs ?? atMs;
    const progress = progressAt(startMs, nowMs, renderMs);
    return { status: 'running', notStarted: false, progress, startMs, endMs: null, updatedMs: startMs, error: null };
  }
  return terminal(state, task, atMs);
}
