import type { TaskCost } from '../core/estimate.js';

/** The normalised Task (DESIGN §4): what create, status and wait print with --json. */
export type TaskStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired' | 'unknown';

export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(['succeeded', 'failed', 'cancelled', 'expired']);

export interface TaskError {
  code: string | null;
  message: string;
}

export interface Task {
  id: string;
  model: string | null;
  status: TaskStatus;
  progress: number | null;
  video_url: string | null;
  last_frame_url: string | null;
  error: TaskError | null;
  created_at: string | null;
  updated_at: string | null;
  completed_at: string | null;
  seed: number | null;
  resolution: string | null;
  ratio: string | null;
  duration: number | null;
  fps: number | null;
  usage: Record<string, unknown> | null;
  /** From the real usage at the model's list price; null while unfinished or when the price is not known. */
  cost: TaskCost | null;
  /** Only with `status --show-raw`: the upstream object. */
  raw?: unknown;
}

export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}
