import type { MultiBar, SingleBar } from 'cli-progress';
import { exitOf, type JobResult } from '../core/batch/results.js';
import type { Output } from './output.js';
import { stripControl } from './sanitize.js';

/** One running job in the display. */
export interface JobProgress {
  /** `queued`, `running`, `downloading`…; `percent` moves the job's bar when known. */
  update(state: string, percent?: number | null): void;
  /** The job finished: its line is printed, the overall count moves. */
  done(result: JobResult): void;
  /** The job stopped unfinished (Ctrl-C): it leaves the display quietly. */
  drop(): void;
}

/**
 * What `batch` shows on stderr: on a terminal a cli-progress multibar (one overall bar plus one per running job,
 * finished jobs printed above it); elsewhere one plain line per finished job. Never a spinner as well.
 */
export interface BatchProgress {
  job(label: string): JobProgress;
  /** A job settled without running (done in an earlier run, skipped, outcome unknown). */
  settled(label: string, result: JobResult): void;
  /** A line about the whole batch (rate limits), above the bars or as an info line; `badge` stays on the overall bar. */
  note(text: string, badge?: string): void;
  stop(): void;
}

/** More bars than this would scroll the terminal; the overall bar counts the others. */
const MAX_JOB_BARS = 8;

export async function createBatchProgress(out: Output, total: number): Promise<BatchProgress> {
  let done = 0;
  let failed = 0;
  const describe = (label: string, result: JobResult) => {
    done += 1;
    // A line skipped by --skip-invalid is marked as an error, but it is not a failed job (nor the exit code).
    const ok = exitOf(result) === 0;
    if (!ok && result.status !== 'invalid' && result.status !== 'unknown') failed += 1;
    return { ok, text: `[${done}/${total}] ${resultText(label, result)}` };
  };
  return out.mode.interactive ? multiBarProgress(out, total, describe, () => failed) : plainProgress(out, describe);
}

type Describe = (label: string, result: JobResult) => { ok: boolean; text: string };

async function multiBarProgress(
  out: Output,
  total: number,
  describe: Describe,
  failedCount: () => number,
): Promise<BatchProgress> {
  const { default: cliProgress } = await import('cli-progress');
  const multibar: MultiBar = new cliProgress.MultiBar(
    {
      stream: out.io.stderr,
      hideCursor: true,
      // We handle SIGINT ourselves and stop the bars before the resume hint is printed.
      gracefulExit: false,
      clearOnComplete: true,
      barsize: 24,
      fps: 10,
      format: ' {bar} {label} {state}',
    },
    cliProgress.Presets.shades_classic,
  );
  let running = 0;
  let finished = 0;
  let badge = '';
  const overall = multibar.create(total, 0, { label: 'batch', state: '' });
  const refresh = () => {
    const failed = failedCount();
    const note = badge ? ` · ${badge}` : '';
    const state = `${finished}/${total} done · ${running} running${failed ? ` · ${failed} failed` : ''}${note}`;
    overall.update(finished, { label: 'batch', state });
  };
  const print = (label: string, result: JobResult) => {
    finished += 1;
    const { ok, text } = describe(label, result);
    multibar.log(`${out.scrub(`${ok ? out.paint.green('✔') : out.paint.red('✖')} ${text}`)}\n`);
    refresh();
  };
  refresh();
  let shown = 0;
  return {
    job(label) {
      running += 1;
      let bar: SingleBar | undefined;
      if (shown < MAX_JOB_BARS) {
        shown += 1;
        bar = multibar.create(100, 0, { label, state: 'starting' });
      }
      refresh();
      const leave = () => {
        running -= 1;
        if (bar) {
          multibar.remove(bar);
          shown -= 1;
          bar = undefined;
        }
      };
      return {
        update(state, percent) {
          bar?.update(percent ?? 0, { label, state });
        },
        done(result) {
          leave();
          print(label, result);
        },
        drop() {
          leave();
          refresh();
        },
      };
    },
    settled: print,
    note(text, next) {
      badge = next ?? badge;
      multibar.log(`${out.scrub(`${out.paint.yellow('!')} ${text}`)}\n`);
      refresh();
    },
    stop() {
      // Results logged since the last redraw are printed by a redraw only.
      multibar.update();
      multibar.stop();
    },
  };
}

function plainProgress(out: Output, describe: Describe): BatchProgress {
  const print = (label: string, result: JobResult) => {
    const { ok, text } = describe(label, result);
    if (ok) out.info(`${out.paint.green('✔')} ${text}`);
    // A failed job is an error: shown even with --quiet; with --json its stdout line says it all.
    else if (!out.mode.json) out.writeErr(`${out.paint.red('✖')} ${text}\n`);
  };
  return {
    job: (label) => ({ update() {}, done: (result) => print(label, result), drop() {} }),
    settled: print,
    note: (text) => out.info(text),
    stop() {},
  };
}

function resultText(label: string, result: JobResult): string {
  const head = `${label}${result.id ? ` (${result.id})` : ''}: ${result.status}`;
  if (result.error) return `${head}: ${stripControl(result.error.message)}`;
  return result.file ? `${head} → ${result.file}` : head;
}
