import { taskCost } from '../core/estimate.js';
import { oneLine, stripControl } from '../output/sanitize.js';
import { isTerminal, type Task, type TaskError, type TaskStatus } from './task.js';

type Json = Record<string, unknown>;

// Ark raw (with the doubao adaptor's pending/processing), the OpenAI-video view and new-api's internal
// statuses, lower-cased (gateway-api.md §3). `unknown` is decided by the caller's vocabulary.
const STATUSES = new Map<string, TaskStatus>([
  ['queued', 'queued'],
  ['pending', 'queued'],
  ['not_start', 'queued'],
  ['submitted', 'queued'],
  ['running', 'running'],
  ['processing', 'running'],
  ['in_progress', 'running'],
  ['succeeded', 'succeeded'],
  ['completed', 'succeeded'],
  ['success', 'succeeded'],
  ['failed', 'failed'],
  ['failure', 'failed'],
  ['cancelled', 'cancelled'],
  ['canceled', 'cancelled'],
  ['expired', 'expired'],
]);

/**
 * Case-insensitive. The OpenAI view's `unknown` means the task exists but the gateway has not polled it yet
 * (NOT_START), so it counts as queued; new-api's own `UNKNOWN` in the wrapped view stays unknown.
 */
export function normalizeStatus(value: unknown, vocabulary: 'task' | 'wrapped' = 'task'): TaskStatus {
  if (typeof value !== 'string') return 'unknown';
  const key = value.trim().toLowerCase();
  if (key === 'unknown') return vocabulary === 'wrapped' ? 'unknown' : 'queued';
  return STATUSES.get(key) ?? 'unknown';
}

/**
 * Accepts any of the gateway's three query shapes, Ark's task object and both create responses. Never throws.
 * The id is kept exactly as sent, for `checkTaskId` to judge: stripping it would make it another task's id.
 */
export function normalizeTask(body: unknown, fallbackId?: string): Task {
  const top = record(body);
  const isWrapped = isWrappedView(body);
  const wrapped = record(top.data);
  const inner = record(wrapped.data);
  // The Ark task object: data.data in the wrapped view, the body itself in the others.
  const ark = isWrapped ? inner : top;

  const status = isWrapped ? wrappedStatus(wrapped.status, inner.status) : topStatus(top);
  const terminal = isTerminal(status);
  const progress = parseProgress(isWrapped ? wrapped.progress : top.progress);

  const task: Omit<Task, 'cost'> = {
    id: rawId(top.id) ?? rawId(top.task_id) ?? rawId(wrapped.task_id) ?? rawId(inner.id) ?? fallbackId ?? '',
    model: str(top.model) ?? str(inner.model),
    status,
    progress: progress ?? (status === 'succeeded' ? 100 : null),
    video_url:
      str(record(top.metadata).url) ??
      str(record(inner.content).video_url) ??
      str(record(top.content).video_url) ??
      str(top.video_url) ??
      str(wrapped.result_url) ?? // post-refactor new-api
      urlLike(wrapped.fail_reason), // pre-refactor new-api stored the URL there on success
    last_frame_url: str(record(ark.content).last_frame_url) ?? str(top.last_frame_url),
    error: terminal && status !== 'succeeded' ? (failureReason(body) ?? defaultError(status)) : null,
    created_at: firstIso(top.created_at, wrapped.submit_time, wrapped.created_at, inner.created_at),
    // The default view's completed_at is really the row's updated_at, set in every state (gateway-api.md §5a).
    updated_at: firstIso(top.updated_at, wrapped.updated_at, inner.updated_at, top.completed_at),
    completed_at: terminal ? firstIso(wrapped.finish_time, top.completed_at, ark.updated_at, wrapped.updated_at) : null,
    seed: num(ark.seed),
    resolution: str(ark.resolution),
    ratio: str(ark.ratio),
    duration: num(ark.duration) ?? num(parseNumber(ark.seconds)),
    fps: num(ark.framespersecond) ?? num(ark.fps),
    usage: mergeUsage(ark.usage, isWrapped ? wrapped.usage : undefined),
  };
  return { ...task, cost: taskCost(task) };
}

/** The gateway's wrapped view (`show_raw`, `show_usage`): new-api's task with Ark's own under `data.data` (§5b). */
export function isWrappedView(body: unknown): boolean {
  return isRecord(record(body).data);
}

function topStatus(top: Json): TaskStatus {
  if (top.status !== undefined) return normalizeStatus(top.status);
  // Ark's create response is just {"id"}: the task exists and has not started.
  return str(top.id) === null ? 'unknown' : 'queued';
}

/**
 * The gateway maps every Ark status it does not know (cancelled, expired) to IN_PROGRESS 30% and keeps it
 * there (gateway-api.md §3), so a terminal Ark status inside wins over a non-terminal wrapped one, and
 * cancelled/expired win over a plain FAILURE. Ark `succeeded` never overrides: the gateway sets SUCCESS in
 * the same write.
 */
function wrappedStatus(outerValue: unknown, innerValue: unknown): TaskStatus {
  const outer = normalizeStatus(outerValue, 'wrapped');
  if (innerValue === undefined) return outer;
  const inner = normalizeStatus(innerValue, 'wrapped');
  if (inner === 'unknown') return outer;
  if (outer === 'unknown') return inner;
  if (!isTerminal(outer) && isTerminal(inner) && inner !== 'succeeded') return inner;
  if (outer === 'failed' && (inner === 'cancelled' || inner === 'expired')) return inner;
  return outer;
}

function defaultError(status: TaskStatus): TaskError | null {
  if (status === 'expired') {
    return { code: 'expired', message: 'the task expired: it did not finish within its execution_expires_after' };
  }
  if (status === 'cancelled') return { code: 'cancelled', message: 'the task was cancelled' };
  return null;
}

/**
 * Why a task failed, in the order of gateway-api.md §8: the Ark error inside the wrapped view, the top-level
 * error (default view, Ark raw), the wrapped fail_reason, then a message. JSON text is unwrapped.
 */
export function failureReason(body: unknown): TaskError | null {
  const top = record(body);
  const wrapped = record(top.data);
  return (
    fromError(record(wrapped.data).error) ??
    fromError(top.error) ??
    fromText(wrapped.fail_reason, null) ??
    (top.code === 'success' ? null : fromText(top.message, codeOf(top.code)))
  );
}

function fromError(error: unknown, depth = 0): TaskError | null {
  if (typeof error === 'string') return fromText(error, null, depth);
  const object = record(error);
  return fromText(object.message, codeOf(object.code), depth);
}

function fromText(value: unknown, code: string | null, depth = 0): TaskError | null {
  if (typeof value !== 'string' || value.trim() === '' || urlLike(value) !== null) return null;
  // fail_reason may hold Ark's whole error body as text: {"error":{"code":…,"message":…}}.
  const parsed = depth < 3 && value.trim().startsWith('{') ? parseJson(value) : undefined;
  if (isRecord(parsed)) {
    const found = parsed.error !== undefined ? fromError(parsed.error, depth + 1) : null;
    const reason = found ?? fromText(parsed.message, codeOf(parsed.code) ?? code, depth + 1);
    if (reason) return reason;
  }
  const message = oneLine(value);
  return message ? { code, message } : null;
}

/** 50, "50%", "50" → 50, rounded and clamped to 0..100; anything else → null. */
export function parseProgress(value: unknown): number | null {
  const n = typeof value === 'string' ? parseNumber(value.trim().replace(/\s*%$/, '')) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return null;
  return Math.min(100, Math.max(0, Math.round(n)));
}

/** Unix seconds (milliseconds above 1e12) or an ISO date string → `2026-03-30T08:40:07Z`; 0, junk → null. */
export function unixToIso(value: unknown): string | null {
  let ms: number;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
    ms = Date.parse(value.trim());
  } else {
    const n = typeof value === 'string' ? parseNumber(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return null;
    ms = n > 1e12 ? n : n * 1000;
  }
  const date = new Date(Math.floor(ms / 1000) * 1000);
  if (Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  // Date#toISOString's first call costs ~1 ms of a run on Node 24 (`npm run bench`, floors): by hand for 0–9999.
  if (year < 0 || year > 9999) return date.toISOString().replace('.000Z', 'Z');
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${String(year).padStart(4, '0')}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
  return `${day}T${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}Z`;
}

function firstIso(...values: unknown[]): string | null {
  for (const value of values) {
    const iso = unixToIso(value);
    if (iso !== null) return iso;
  }
  return null;
}

/** Ark's token counts, with the gateway's `data.usage` (billing details) laid over them. */
function mergeUsage(ark: unknown, wrapped: unknown): Record<string, unknown> | null {
  if (!isRecord(ark) && !isRecord(wrapped)) return null;
  return { ...record(ark), ...record(wrapped) };
}

function urlLike(value: unknown): string | null {
  return typeof value === 'string' && /^https?:\/\/\S+$/i.test(value.trim()) ? value.trim() : null;
}

function parseNumber(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown): Json {
  return isRecord(value) ? value : {};
}

/** Server text, terminal controls stripped: ids, URLs and names reach the screen and the journal. */
function str(value: unknown): string | null {
  const text = typeof value === 'string' ? stripControl(value).trim() : '';
  return text !== '' ? text : null;
}

function rawId(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function codeOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  const code = str(value);
  return code === null ? null : oneLine(code, 100);
}
