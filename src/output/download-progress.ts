import type { SingleBar } from 'cli-progress';
import { formatBytes } from '../core/request.js';
import type { Output } from './output.js';

export interface DownloadProgress {
  start(total: number | null, already: number): void;
  advance(done: number): void;
  finish(summary: Summary): void;
  stop(): void;
}

/** `fetched`: the bytes this run transferred (less than `bytes` after a resume), for the speed. */
interface Summary {
  path: string;
  bytes: number;
  fetched?: number;
  ms: number;
  skipped?: boolean;
}

/** A cli-progress bar on a terminal; elsewhere a single summary line at the end. */
export async function createDownloadProgress(out: Output, withBar = true): Promise<DownloadProgress> {
  const summary = (s: Summary) => {
    if (s.skipped) return out.info(`${s.path} is already complete (${formatBytes(s.bytes)}); nothing to download`);
    const rate = s.ms > 0 ? `, ${formatBytes(((s.fetched ?? s.bytes) / s.ms) * 1000)}/s` : '';
    out.success(`saved ${s.path} (${formatBytes(s.bytes)} in ${(s.ms / 1000).toFixed(1)}s${rate})`);
  };
  if (!out.mode.interactive || !withBar) {
    return { start() {}, advance() {}, finish: summary, stop() {} };
  }
  const { default: cliProgress } = await import('cli-progress');
  let bar: SingleBar | undefined;
  let startedAt = 0;
  let startBytes = 0;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    start(total, already) {
      bar = new cliProgress.SingleBar(
        {
          stream: out.io.stderr,
          format: ' {bar} {percentage}% | {done}/{size} | {speed} | ETA {eta_formatted}',
          hideCursor: true,
          // The ✔ summary line replaces the bar: the terminal keeps one line per finished step.
          clearOnComplete: true,

          // We handle SIGINT ourselves and stop the bar before printing the resume hint.
          gracefulExit: false,
          barsize: 30,
          etaBuffer: 50,
          fps: 10,
        },
        cliProgress.Presets.shades_classic,
      );
      const size = total ?? 0;
      bar.start(size, already, { done: formatBytes(already), size: total ? formatBytes(total) : '?', speed: '' });
      startedAt = Date.now();
      startBytes = already;
    },
    advance(done) {
      if (!bar) return;
      const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
      bar.update(done, { done: formatBytes(done), speed: `${formatBytes((done - startBytes) / seconds)}/s` });
    },
    finish(s) {
      stop();
      summary(s);
    },
    stop,
  };
}
