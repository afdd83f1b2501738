import type { Ora } from 'ora';
import type { Task, TaskStatus } from '../api/task.js';
import { formatDuration } from '../core/parse.js';
import type { Output } from './output.js';

/** What `wait` shows while a task renders: a spinner on a terminal, one line per status change elsewhere. */
export interface TaskProgress {
  update(task: Task): void;
  transientError(message: string): void;
  /** Ends the display with a ✔/✖ line (or nothing more in plain mode). */
  finish(task: Task): void;
  /** Stops drawing without a verdict (timeout, interrupt, error). */
  stop(): void;
}

export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 12)}…` : id;
}

export async function createTaskProgress(out: Output, id: string, now: () => number): Promise<TaskProgress> {
  const started = now();
  const elapsed = () => formatDuration(now() - started);
  if (out.mode.interactive) return spinnerProgress(out, id, elapsed);
  let lastStatus: TaskStatus | undefined;
  return {
    update(task) {
      if (task.status === lastStatus) return;
      lastStatus = task.status;
      const progress = task.progress !== null && task.status === 'running' ? ` ${task.progress}%` : '';
      out.info(`${id} ${task.status}${progress} (${elapsed()})`);
    },
    transientError(message) {
      out.warn(`${id}: ${message}; still waiting`);
    },
    finish() {},
    stop() {},
  };
}

async function spinnerProgress(out: Output, id: string, elapsed: () => string): Promise<TaskProgress> {
  const { default: ora } = await import('ora');
  let label = `${shortId(id)} queued`;
  // isEnabled: the decision is ours (output mode), not ora's own look at process.env.
  const spinner: Ora = ora({
    stream: out.io.stderr,
    isEnabled: true,
    discardStdin: false,
    hideCursor: true,
    text: label,
  }).start();
  // The elapsed time moves even when the status does not.
  const ticker = setInterval(() => {
    spinner.text = `${label} · ${elapsed()}`;
  }, 1000);
  ticker.unref();
  const end = () => clearInterval(ticker);
  return {
    update(task) {
      const progress = task.progress !== null && task.status === 'running' ? ` ${task.progress}%` : '';
      label = `${shortId(id)} ${task.status}${progress}`;
      spinner.text = `${label} · ${elapsed()}`;
    },
    transientError(message) {
      spinner.text = `${label} · ${elapsed()} ${out.paint.yellow(`(${message}, retrying)`)}`;
    },
    finish(task) {
      end();
      const ok = task.status === 'succeeded';
      // Our own symbols: ora's carry colour codes even when colour is off (STYLE.md).
      spinner.stopAndPersist({
        symbol: ok ? out.paint.green('✔') : out.paint.red('✖'),
        text: `${id} ${task.status} · ${elapsed()}`,
      });
    },
    stop() {
      end();
      spinner.stop();
    },
  };
}
