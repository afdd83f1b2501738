import type { TaskStatus } from '../../api/task.js';
import { EXIT } from '../../exit-codes.js';
import { displayPath } from '../target.js';
import type { Job, LineError } from './jobs.js';
import type { JobError, JobState } from './state.js';

/**
 * One stdout line per finished job (JSON Lines, completion order). `status` is the task's status when a task
 * exists; `error` (when there is no task), `unknown` (a create whose answer never came) or `invalid` (a line
 * skipped by --skip-invalid) otherwise.
 */
export interface JobResult {
  job: string | null;
  line: number;
  id: string | null;
  status: TaskStatus | 'error' | 'unknown' | 'invalid';
  file: string | null;
  error: JobError | null;
}

const ENDED_WITHOUT_VIDEO = new Set(['failed', 'cancelled', 'expired']);

export function exitOf(result: JobResult): number {
  if (result.error) return result.error.exit_code;
  return ENDED_WITHOUT_VIDEO.has(result.status) ? EXIT.TASK_FAILED : EXIT.OK;
}

export interface Tally {
  succeeded: number;
  failed: number;
  skipped: number;
  /** Creates sent whose answer never came: a task may exist; neither succeeded nor failed. */
  unknown: number;
  /** Jobs not finished when the run stopped (Ctrl-C, or a key or quota error that would fail every job). */
  notRun: number;
  /** Reported from the state file of an earlier run. */
  earlier: number;
}

export function tally(results: JobResult[], total: number, earlier: number): Tally {
  let succeeded = 0;
  let failed = 0;
  let skipped = 0;
  let unknown = 0;
  for (const result of results) {
    if (result.status === 'invalid') skipped++;
    else if (result.status === 'unknown') unknown++;
    else if (exitOf(result) === EXIT.OK) succeeded++;
    else failed++;
  }
  return { succeeded, failed, skipped, unknown, notRun: total - results.length, earlier };
}

/** The last stderr line: `30 jobs: 28 succeeded, 1 failed, 1 skipped in 1m12s`. */
export function summaryLine(t: Tally, total: number, elapsed: string): string {
  const parts = [`${t.succeeded} succeeded`, `${t.failed} failed`, `${t.skipped} skipped`];
  if (t.unknown > 0) parts.push(`${t.unknown} unknown`);
  if (t.notRun > 0) parts.push(`${t.notRun} not finished`);
  const earlier = t.earlier > 0 ? ` (${t.earlier} from an earlier run)` : '';
  return `${total} job${total === 1 ? '' : 's'}: ${parts.join(', ')}${earlier} in ${elapsed}`;
}

/** A job finished in an earlier run, reported again so that every run's stdout covers every job. */
export function reportedResult(job: Job, state: JobState, cwd: string): JobResult {
  return {
    job: job.id,
    line: job.line,
    id: state.id,
    status: state.ended?.status ?? state.createdStatus ?? 'queued',
    file: state.file ? displayPath(state.file.path, cwd) : null,
    error: state.ended?.error ?? null,
  };
}

export function unknownResult(job: Job): JobResult {
  const message =
    'an earlier run sent this create but never got its answer, so a task may exist (and be billed): check `seedance list`; add --recreate-unknown to create it anyway';
  return {
    job: job.id,
    line: job.line,
    id: null,
    status: 'unknown',
    file: null,
    error: { code: 'outcome_unknown', message, exit_code: EXIT.API },
  };
}

/** A line skipped by --skip-invalid. */
export function invalidResult(error: LineError): JobResult {
  const jobError = { code: 'invalid_job', message: error.message, exit_code: EXIT.USAGE };
  return { job: null, line: error.line, id: null, status: 'invalid', file: null, error: jobError };
}
