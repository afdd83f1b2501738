import type { Ora } from 'ora';
import type { Task, TaskStatus } from '../api/task.js';
import { formatDuration } from '../core/parse.js';
import type { Output } from './output.js';

/** What `wait` shows while tasks render: one spinner on a terminal, one line per status change elsewhere. */
export interface TaskProgress {
  update(id: string, task: Task): void;
  transientError(id: string, message: string): void;
  /** A task ended: a ✔/✖ line on a terminal (or nothing more in plain mode). */
  finish(id: string, task: Task): void;
  /** Stops drawing without a verdict (timeout, interrupt, error). */
  stop(): void;
}

/** The whole id (`cgt-20261125151504-iw1rb`): its tail is what tells the tasks of one day apart. */
export function shortId(id: string): string {
  return id.length > 32 ? `${id.slice(0, 20)}…${id.slice(-8)}` : id;
}

function describe(task: Task): string {
  const progress = task.progress !== null && task.status === 'running' ? ` ${task.progress}%` : '';
  return `${task.status}${progress}`;
}

export async function createTaskProgress(out: Output, ids: string[], now: () => number): Promise<TaskProgress> {
  const started = now();
  const elapsed = () => formatDuration(now() - started);
  if (out.mode.interactive) return spinnerProgress(out, ids, elapsed);
  const last = new Map<string, { status: TaskStatus; progress: number | null }>();
  return {
    update(id, task) {
      const before = last.get(id);
      last.set(id, { status: task.status, progress: task.progress });
      if (before?.status !== task.status) {
        out.event(task.status, id, { progress: task.progress });
        out.info(`${id} ${describe(task)} (${elapsed()})`);
      } else if (before.progress !== task.progress && task.progress !== null) {
        out.event('progress', id, { progress: task.progress });
      }
    },
    transientError(id, message) {
      out.warn(`${id}: ${message}; still waiting`);
    },
    finish() {},
    stop() {},
  };
}

async function spinnerProgress(out: Output, ids: string[], elapsed: () => string): Promise<TaskProgress> {
  const { default: ora } = await import('ora');
  const state = new Map<string, string>(ids.map((id) => [id, 'queued']));
  let note = '';
  const label = () => {
    if (ids.length === 1) return `${shortId(ids[0] as string)} ${state.get(ids[0] as string)}`;
    const counts = new Map<string, number>();
    for (const status of state.values())
      counts.set(status.split(' ')[0] as string, (counts.get(status.split(' ')[0] as string) ?? 0) + 1);
    return `${state.size} tasks: ${[...counts].map(([status, n]) => `${n} ${status}`).join(' · ')}`;
  };
  // isEnabled: the decision is ours (output mode), not ora's own look at process.env.
  const spinner: Ora = ora({ stream: out.io.stderr, isEnabled: true, discardStdin: false, hideCursor: true }).start();
  const draw = () => {
    spinner.text = `${label()} · ${elapsed()}${note}`;
  };
  draw();
  out.setLive({ clear: () => spinner.clear(), render: () => spinner.render() });
  // The elapsed time moves even when the status does not.
  const ticker = setInterval(draw, 1000);
  ticker.unref();
  const end = () => {
    clearInterval(ticker);
    out.setLive(undefined);
  };
  const verdict = (id: string, task: Task) => ({
    // Our own symbols: ora's carry colour codes even when colour is off (STYLE.md).
    symbol: task.status === 'succeeded' ? out.paint.green('✔') : out.paint.red('✖'),
    text: `${id} ${task.status} · ${elapsed()}`,
  });
  return {
    update(id, task) {
      state.set(id, describe(task));
      note = '';
      draw();
    },
    transientError(_id, message) {
      note = ` ${out.paint.yellow(`(${message}, retrying)`)}`;
      draw();
    },
    finish(id, task) {
      state.delete(id);
      const { symbol, text } = verdict(id, task);
      if (state.size === 0) {
        end();
        spinner.stopAndPersist({ symbol, text });
      } else {
        out.writeErr(`${symbol} ${text}\n`);
        draw();
      }
    },
    stop() {
      end();
      spinner.stop();
    },
  };
}
