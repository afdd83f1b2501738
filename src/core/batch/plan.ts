import type { Job } from './jobs.js';
import type { JobState } from './state.js';

export interface BatchMode {
  wait: boolean;
  download: boolean;
  recreateUnknown: boolean;
}

/**
 * What a job still needs, from what the state file knows of it:
 * - `create`: no task exists (never sent, or the API refused it);
 * - `wait`: a task exists and must be followed to its end (and its video saved with --download);
 * - `report`: nothing left to do, its result is on record;
 * - `unknown`: a create was sent whose answer never came. A task may exist and be billed, so it is not sent again
 *   unless --recreate-unknown says so.
 */
export type Step = 'create' | 'wait' | 'report' | 'unknown';

export function planJob(state: JobState | undefined, mode: BatchMode, fileExists: (path: string) => boolean): Step {
  if (!state || state.phase === 'rejected') return 'create';
  if (state.phase === 'intent' || state.phase === 'unknown') return mode.recreateUnknown ? 'create' : 'unknown';
  if (!state.ended) return mode.wait ? 'wait' : 'report';
  if (state.ended.status !== 'succeeded' || !mode.download) return 'report';
  return state.file && fileExists(state.file.path) ? 'report' : 'wait';
}

/**
 * A job whose id stayed while its content changed would silently reuse the task of the old content: refused,
 * unless no task was ever made for it.
 */
export function changedSinceState(job: Job, state: JobState | undefined): string | null {
  if (!state || state.phase === 'rejected' || state.hash === null || state.hash === job.hash) return null;
  const what = state.id ? `task ${state.id} was created` : 'a create was sent';
  return `job "${job.id ?? job.key}" changed since ${what} for it; give it a new id, or use another --state file`;
}
