import { setMaxListeners } from 'node:events';
import { resolve } from 'node:path';
import type { Task } from '../api/task.js';
import type { TaskApi } from '../api/tasks.js';
import type { Context } from '../context.js';
import { rateLimitNotice, routeAccepted, routeRefusal } from '../core/batch/feedback.js';
import { Holdback } from '../core/batch/holdback.js';
import { checkSameServer, type JobsInput, makeOutputDir, readJobsInput } from '../core/batch/input.js';
import { type Job, jobEventFields, type LineError, parseJobs, withBase } from '../core/batch/jobs.js';
import { PacedTaskApi, TaskTracker } from '../core/batch/paced-api.js';
import { Pacer } from '../core/batch/pacer.js';
import { type BatchMode, planJob } from '../core/batch/plan.js';
import { runPool } from '../core/batch/pool.js';
import {
  exitOf,
  invalidResult,
  type JobResult,
  reportedResult,
  summaryLine,
  tally,
  unknownResult,
} from '../core/batch/results.js';
import { TaskSlots } from '../core/batch/slots.js';
import { type JobState, StateFile } from '../core/batch/state.js';
import { checkJobs, readBodyFile, targetClashes } from '../core/batch/validate.js';
import { runJob, type WorkerDeps } from '../core/batch/worker.js';
import { estimateTokens, type TokenEstimate } from '../core/estimate.js';
import { DEFAULT_TIMEOUT_MS } from '../core/follow.js';
import { formatDuration } from '../core/parse.js';
import { type Body, prepareCreateBody } from '../core/request.js';
import { saveTaskVideo } from '../core/save-video.js';
import { fileExists } from '../core/target.js';
import { type CliError, UsageError } from '../errors.js';
import { worstExitCode } from '../exit-codes.js';
import { type BatchProgress, createBatchProgress } from '../output/batch-progress.js';
import { Output } from '../output/output.js';
import { checkBatchCost } from '../terminal/batch-cost.js';
import { onInterrupt, passiveInterrupt } from '../terminal/interrupt.js';
import { readStdin } from '../terminal/stdin.js';

export interface BatchOptions {
  concurrency: number;
  wait?: boolean;
  download?: boolean;
  outputDir?: string;
  state?: string;
  skipInvalid?: boolean;
  recreateUnknown?: boolean;
  force?: boolean;
  sidecar?: boolean;
  gallery?: boolean;
  timeout?: number;
  interval?: number;
  maxCost?: number;
  yes?: boolean;
}

type Prepare = (job: Job, warn?: (message: string) => void) => Promise<Body>;

/** `batch <jobs.jsonl|->`: every line a create; resumable from its state file, paced to the API's rate limit. */
export async function batch(source: string, options: BatchOptions, ctx: Context): Promise<number> {
  const started = ctx.io.now();
  const mode: BatchMode = {
    wait: options.wait === true || options.download === true,
    download: options.download === true,
    recreateUnknown: options.recreateUnknown === true,
  };
  const input = await readJobsInput(source, options.state, ctx.io.cwd, () => readStdin(ctx.io.stdin));
  const { jobs, errors: lineErrors } = parseJobs(input.text);
  if (jobs.length + lineErrors.length === 0) throw new UsageError(`${input.name} holds no jobs`);
  const settings = ctx.settings();
  const outputDir = mode.download ? makeOutputDir(options.outputDir ?? settings.outputDir ?? '.', ctx.io.cwd) : '';
  const prepare: Prepare = async (job, warn) => {
    const base = job.bodyFile === undefined ? undefined : await readBodyFile(job.bodyFile, input.dir);
    return prepareCreateBody(withBase(job.input, base), settings.config, settings.model, {
      cwd: input.dir,
      warn,
      provider: settings.provider.name,
    });
  };

  const { file: state, jobs: known } = StateFile.open(input.statePath, (message) => ctx.out.warn(message));
  try {
    const warnLine = (line: number, message: string) => ctx.out.warn(`${input.name}:${line}: ${message}`);
    // Each job to create is priced as it is checked: the total is said (and bounded) before anything is sent.
    const estimates = new Map<string, TokenEstimate>();
    const priced: Prepare = async (job, warn) => {
      const body = await prepare(job, warn);
      if (!known.has(job.key)) estimates.set(job.key, estimateTokens(body, settings.provider.name));
      return body;
    };
    const errors = [...lineErrors, ...(await checkJobs(jobs, known, priced, warnLine))];
    if (mode.download && !options.force) errors.push(...targetClashes(jobs, known, outputDir));
    errors.sort((a, b) => a.line - b.line);
    if (errors.length > 0 && !options.skipInvalid) throw invalidLines(errors, input, ctx);
    const invalid = new Set(errors.map((error) => error.line));
    const runnable = jobs.filter((job) => !invalid.has(job.line));
    const toPrice = runnable.flatMap((job) => estimates.get(job.key) ?? []);
    await checkBatchCost(toPrice, options, ctx, source === '-');
    const api = ctx.api();
    checkSameServer(runnable, known, api.http.baseUrl, state.path);
    const at = new Date(started).toISOString();
    // Only a run with something to do leaves a line: rerunning a finished batch does not grow its state file.
    const begin = () =>
      state.append({ type: 'batch', at, jobs: input.name, base_url: api.http.baseUrl, pid: process.pid });

    const total = jobs.length + lineErrors.length;
    const work = { runnable, errors, known, total, mode, options, ctx, api, state, prepare, outputDir, begin };
    const run = await runJobs(work);
    ctx.out.info(summaryLine(tally(run.results, total, run.earlier), total, formatDuration(ctx.io.now() - started)));
    if (run.interrupted) throw run.interrupted;
    return worstExitCode(run.results.filter((result) => result.status !== 'invalid').map(exitOf));
  } finally {
    state.close();
  }
}

function invalidLines(errors: LineError[], input: JobsInput, ctx: Context): UsageError {
  for (const error of errors) ctx.out.error(new UsageError(`${input.name}:${error.line}: ${error.message}`));
  const count = `${errors.length} invalid line${errors.length === 1 ? '' : 's'}`;
  return new UsageError(`${count} in ${input.name}; nothing was sent`, {
    hint: 'fix them, or add --skip-invalid to run the valid ones',
  });
}

interface RunInput {
  runnable: Job[];
  errors: LineError[];
  known: Map<string, JobState>;
  total: number;
  mode: BatchMode;
  options: BatchOptions;
  ctx: Context;
  api: TaskApi;
  state: StateFile;
  prepare: Prepare;
  outputDir: string;
  begin: () => void;
}

/** Reports what is settled, then runs the rest N at a time; every result goes to stdout as it comes. */
async function runJobs(run: RunInput): Promise<{ results: JobResult[]; earlier: number; interrupted?: CliError }> {
  const { ctx, total, mode, options } = run;
  const progress = await createBatchProgress(ctx.out, total);
  const results: JobResult[] = [];
  const emit = (result: JobResult) => {
    results.push(result);
    ctx.out.jsonLine(result);
  };
  for (const error of run.errors) {
    const result = invalidResult(error);
    emit(result);
    progress.settled(`line ${error.line}`, result);
  }
  let earlier = 0;
  const queue: Array<{ job: Job; step: 'create' | 'wait'; recorded: JobState | undefined }> = [];
  for (const job of run.runnable) {
    const recorded = run.known.get(job.key);
    const step = planJob(recorded, mode, fileExists);
    if (step === 'create' || step === 'wait') {
      queue.push({ job, step, recorded });
      continue;
    }
    const result = step === 'report' ? reportedResult(job, recorded as JobState, ctx.io.cwd) : unknownResult(job);
    if (step === 'report') earlier += 1;
    emit(result);
    progress.settled(label(job), result);
  }
  if (queue.length > 0) run.begin();
  // Tasks made by an earlier run go first: they are the closest to done.
  queue.sort((a, b) => (a.step === b.step ? 0 : a.step === 'wait' ? -1 : 1));

  const interrupt = onInterrupt(ctx);
  // Every waiting request of every job listens on it: many listeners are the normal case here.
  setMaxListeners(0, interrupt.signal);
  interrupt.describe(() => ({
    message: `batch interrupted: ${total - results.length} of ${total} jobs not finished; created tasks keep rendering`,
    hint: 'rerun the same command to resume (the state file remembers every task)',
  }));
  const { deps, stop } = workerDeps(run, progress, interrupt.signal);
  try {
    await runPool(
      queue,
      options.concurrency,
      async ({ job, step, recorded }) => {
        const display = progress.job(label(job));
        const known = recorded?.id ? { id: recorded.id, createdAt: recorded.createdAt ?? ctx.io.now() } : null;
        const ended = recorded?.ended ? { status: recorded.ended.status } : null;
        const result = await runJob(job, step, known, ended, display, deps);
        if (!result) return display.drop();
        emit(result);
        display.done(result);
      },
      () => interrupt.signal.aborted || deps.halted(),
    );
  } finally {
    stop();
    progress.stop();
    interrupt.dispose();
  }
  return { results, earlier, interrupted: interrupt.signal.aborted ? interrupt.signal.reason : undefined };
}

/**
 * One pacer for every request of the batch and one count of tasks in flight, fed by what the HTTP client's refused
 * answers say (rate limit, concurrency limit, busy server, used-up quota).
 */
function workerDeps(run: RunInput, progress: BatchProgress, signal: AbortSignal): { deps: WorkerDeps; stop(): void } {
  const { ctx, api, options } = run;
  const holdback = new Holdback(({ reason, text, data }) => {
    if (reason === null) ctx.out.event('resumed', null, {});
    else ctx.out.event('held', null, { reason, ...data });
    progress.note(text, reason === null ? '' : `held back: ${reason}`);
  });
  const pacer = new Pacer({
    now: ctx.io.now,
    sleep: ctx.io.sleep,
    onLimited: rateLimitNotice(holdback),
  });
  const slots = new TaskSlots(options.concurrency, ctx.io.now);
  const feedback = { pacer, slots, holdback, now: ctx.io.now, concurrency: options.concurrency };
  const stopFeedback = api.http.onRateLimit?.((answer) => {
    const at = ctx.io.now();
    void answer.body.then((body) => routeRefusal({ ...answer, body }, feedback, at));
  });
  const tracker = new TaskTracker(ctx.io.now);
  const saveCtx = quietContext(ctx);
  let halted: CliError | null = null;
  const deps: WorkerDeps = {
    api: new PacedTaskApi(api, pacer, tracker),
    history: ctx.history(),
    state: run.state,
    pacer,
    slots,
    tracker,
    mode: run.mode,
    timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
    intervalMs: options.interval,
    details: options.sidecar ?? ctx.settings().config.sidecar === true,
    now: ctx.io.now,
    sleep: ctx.io.sleep,
    signal,
    prepare: (job) => run.prepare(job),
    save: (task, job) => save(task, job, run.outputDir, options, saveCtx, signal),
    halt: (error) => {
      if (halted) return;
      halted = error;
      progress.note(`stopped creating tasks: ${error.message}; the tasks already created are finished`);
    },
    halted: () => halted !== null,
    event: (name, job, id, data = {}) => ctx.out.event(name, id, { ...jobEventFields(job), ...data }),
    accepted: () => routeAccepted(feedback),
  };
  return { deps, stop: () => stopFeedback?.() };
}

function label(job: Job): string {
  return job.id ?? `line ${job.line}`;
}

/** saveTaskVideo with batch's naming, through a context that keeps quiet: the batch display owns the terminal. */
async function save(task: Task, job: Job, dir: string, options: BatchOptions, ctx: Context, signal: AbortSignal) {
  const absolute = resolve(dir, `${job.id ?? task.id}.mp4`);
  const { force, sidecar, gallery } = options;
  const save = { output: absolute, force, sidecar, gallery, eventFields: jobEventFields(job) };
  const saved = await saveTaskVideo(task, save, ctx, passiveInterrupt(signal));

  return { path: saved.path, bytes: saved.bytes, sha256: saved.sha256, absolute };
}

function quietContext(ctx: Context): Context {
  return ctx.withOutput(new Output(ctx.io, { ...ctx.out.mode, quiet: true, interactive: false }, ctx.out.paint));
}
