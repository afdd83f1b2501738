import type { Task } from '../../api/task.js';
import type { History } from '../../config/history.js';
import { AuthError, CliError, OutcomeUnknownError, QuotaError } from '../../errors.js';
import { EXIT } from '../../exit-codes.js';
import type { JobProgress } from '../../output/batch-progress.js';
import { createTask } from '../create-task.js';
import type { Body } from '../request.js';
import { taskEndedError, waitForTask } from '../wait-task.js';
import type { Job } from './jobs.js';
import type { PacedTaskApi, TaskTracker } from './paced-api.js';
import type { Pacer } from './pacer.js';
import type { BatchMode } from './plan.js';
import type { JobResult } from './results.js';
import type { TaskSlots } from './slots.js';
import type { JobError, StateFile } from './state.js';

export interface WorkerDeps {
  api: PacedTaskApi;
  history: History;
  state: StateFile;
  pacer: Pacer;
  /** Tasks in flight at once: fewer once the server says its concurrency limit is reached. */
  slots: TaskSlots;
  tracker: TaskTracker;
  mode: BatchMode;
  timeoutMs: number;
  /** Fill in seed and usage when the status read lacks them (one more query per task): for --sidecar only. */
  details: boolean;
  /** --interval: a fixed poll interval instead of the planned one. */
  intervalMs?: number;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Aborted on Ctrl-C: no new create starts, waits and downloads stop. */
  signal: AbortSignal;
  prepare(job: Job): Promise<Body>;
  save(task: Task, job: Job): Promise<{ path: string; bytes: number; sha256: string; absolute: string }>;
  /** An error every further create would meet too (key refused, quota used up): stop creating. */
  halt(error: CliError): void;
  halted(): boolean;
  /** A lifecycle event of this job's task (--events): created, queued, running, succeeded, … */
  event(name: string, job: Job, id: string | null, data?: Record<string, unknown>): void;
  /** A create or status read went through: whatever held the batch back may be over. */
  accepted(): void;
}

/** The adaptive poll loop starts here; a planned poll may come earlier (see RenderEstimate). */
const FIRST_POLL_MS = 2000;
/** Load shedding, not a verdict on the job: 429 always, a 503 a few times. */
const MAX_UNAVAILABLE_RETRIES = 5;

/** Runs one job to its end. null: stopped (Ctrl-C or halt) before it finished; the state file has its progress. */
export async function runJob(
  job: Job,
  step: 'create' | 'wait',
  known: { id: string; createdAt: number } | null,
  /** The end an earlier run recorded for this task (a succeeded task whose video was not saved yet). */
  ended: { status: Task['status'] } | null,
  progress: JobProgress,
  deps: WorkerDeps,
): Promise<JobResult | null> {
  const base = { job: job.id, line: job.line };
  let created = known;
  if (step === 'create') {
    const outcome = await createJob(job, progress, deps);
    if (outcome === null || 'result' in outcome) return outcome === null ? null : { ...base, ...outcome.result };
    created = { id: outcome.task.id, createdAt: deps.now() };
    if (!deps.mode.wait) {
      // Not followed: when it ends is not known here, so it holds no slot.
      deps.slots.release();
      return { ...base, id: outcome.task.id, status: outcome.task.status, file: null, error: null };
    }
  } else if (known) {
    deps.slots.hold();
  }
  if (!created || deps.signal.aborted) {
    if (created) deps.slots.release();
    return null;
  }
  return followTask(job, created, step === 'create', ended, progress, deps);
}

type CreateOutcome = { task: Task } | { result: Omit<JobResult, 'job' | 'line'> } | null;

async function createJob(job: Job, progress: JobProgress, deps: WorkerDeps): Promise<CreateOutcome> {
  const { state, now } = deps;
  const at = () => new Date(now()).toISOString();
  let body: Body;
  try {
    body = await deps.prepare(job);
  } catch (error) {
    return { result: failed(null, error) };
  }
  for (let unavailable = 0; ; ) {
    progress.update('waiting to create');
    try {
      await deps.slots.acquire(deps.signal);
    } catch {
      return null;
    }
    try {
      await deps.pacer.acquire({ kind: 'create' }, deps.signal);
    } catch {
      deps.slots.release();
      return null;
    }
    if (deps.halted()) {
      deps.slots.release();
      return null;
    }
    progress.update('creating');
    state.append({ type: 'intent', job: job.key, line: job.line, hash: job.hash, at: at() });
    let task: Task;
    try {
      task = await createTask(deps.api, deps.history, body, now);
    } catch (error) {
      deps.slots.release();
      const cliError = asJobCliError(error);
      if (cliError instanceof OutcomeUnknownError) {
        state.append({ type: 'unknown', job: job.key, at: at(), error: jobError(cliError) });
        return { result: { id: null, status: 'unknown', file: null, error: jobError(cliError) } };
      }
      state.append({ type: 'rejected', job: job.key, at: at(), error: jobError(cliError) });
      // A used-up quota (a 429 QuotaExceeded too) fails every further create: stop creating, finish what runs.
      if (cliError instanceof AuthError || cliError instanceof QuotaError) {
        deps.halt(cliError);
        return { result: failed(null, cliError) };
      }
      if (cliError.status === 429 || (cliError.status === 503 && ++unavailable <= MAX_UNAVAILABLE_RETRIES)) {
        // The pacer or the slots already heard why (rate, concurrency, busy) and hold the creates back: queue again.
        continue;
      }
      return { result: failed(null, cliError) };
    }
    deps.accepted();
    const baseUrl = deps.api.http.baseUrl;
    state.append({ type: 'created', job: job.key, id: task.id, at: at(), status: task.status, base_url: baseUrl });
    deps.tracker.add(task.id, now());
    deps.event('created', job, task.id, { status: task.status });
    return { task };
  }
}

async function followTask(
  job: Job,
  created: { id: string; createdAt: number },
  fresh: boolean,
  recordedEnd: { status: Task['status'] } | null,
  progress: JobProgress,
  deps: WorkerDeps,
): Promise<JobResult | null> {
  const { id } = created;
  const { tracker, now, state } = deps;
  const base = { job: job.id, line: job.line, id };
  tracker.add(id, created.createdAt);
  const planned = (ms: number) => (deps.intervalMs !== undefined ? now() + ms : tracker.nextPollAt(id, ms));
  const sleep = (ms: number, signal?: AbortSignal) => deps.sleep(Math.max(0, planned(ms) - now()), signal);
  let last: Task | undefined;
  let task: Task;
  try {
    if (fresh) await sleep(deps.intervalMs ?? FIRST_POLL_MS, deps.signal);
    task = await waitForTask(deps.api, id, {
      timeoutMs: deps.timeoutMs,
      intervalMs: deps.intervalMs,
      details: deps.details,
      now,
      sleep,
      signal: deps.signal,
      onTask: (t) => {
        deps.accepted();
        if (t.status !== last?.status)
          deps.event(t.status, job, id, t.status === 'running' ? { progress: t.progress } : {});
        last = t;
        progress.update(t.status, t.status === 'running' ? t.progress : null);
      },
    });
  } catch (error) {
    if (deps.signal.aborted) return null;
    const result = { ...base, ...failed(last?.status ?? null, error), id };
    if (result.error?.code === 'timeout') deps.event('timeout', job, id);
    return result;
  } finally {
    deps.slots.release();
  }
  const at = new Date(now()).toISOString();
  const ended = task.status === 'succeeded' ? null : jobError(taskEndedError(task));
  // A rerun that fetches the video of a task already recorded as ended adds nothing: the state file stays as it is.
  if (recordedEnd?.status !== task.status) {
    state.append({ type: 'ended', job: job.key, id, at, status: task.status, error: ended });
    deps.history.recordStatus({ ...task, id }, Date.parse(at));
  }
  if (ended || !deps.mode.download) return { ...base, status: task.status, file: null, error: ended };
  progress.update('downloading', 100);
  try {
    const saved = await deps.save(task, job);
    const record = { path: saved.absolute, bytes: saved.bytes, sha256: saved.sha256 };
    state.append({ type: 'saved', job: job.key, id, at: new Date(now()).toISOString(), ...record });
    return { ...base, status: 'succeeded', file: saved.path, error: null };
  } catch (error) {
    if (deps.signal.aborted) return null;
    return { ...base, ...failed('succeeded', error), id };
  }
}

function failed(status: Task['status'] | null, error: unknown): Omit<JobResult, 'job' | 'line'> {
  return { id: null, status: status ?? 'error', file: null, error: jobError(asJobCliError(error)) };
}

function asJobCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(EXIT.INTERNAL, `unexpected internal error: ${message}`, { code: 'internal' });
}

export function jobError(error: CliError): JobError {
  return { code: error.code, message: error.message, exit_code: error.exitCode };
}
