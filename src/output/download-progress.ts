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
  /** The absolute path, for the terminal link; absent for stdout. */
  absolute?: string;
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
    const shown = s.absolute ? out.link(s.path, s.absolute) : s.path;
    out.success(`saved ${shown} (${formatBytes(s.bytes)} in ${(s.ms / 1000).toFixed(1)}s${rate})`);
  };
  if (!out.mode.interactive || !withBar) {
    return { start() {}, advance() {}, finish: summary, stop() {} };
  }
  const { default: cliProgress } = await import('cli-progress');
  let bar: SingleBar | undefined;
  let startedAt = 0;
  let startBytes = 0;
  let totalBytes: number | null = null;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    start(total, already) {
      bar = new cliProgress.SingleBar(
        {
          stream: out.io.stderr,
          format: ' {bar} {percentage}% | {done}/{size}{rate}',
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
      bar.start(size, already, { done: formatBytes(already), size: total ? formatBytes(total) : '?', rate: '' });
      startedAt = Date.now();
      startBytes = already;
      totalBytes = total;
    },
    advance(done) {
      if (!bar) return;
      const remaining = totalBytes === null ? null : totalBytes - done;
      bar.update(done, {
        done: formatBytes(done),
        rate: rateText(done - startBytes, Date.now() - startedAt, remaining),
      });
    },
    finish(s) {
      stop();
      summary(s);
    },
    stop,
  };
}

/** Below this, a speed (and an ETA from it) is noise: the first frame would read `0 B/s` and `ETA 0s`. */
const RATE_AFTER_MS = 1000;

/**
 * The bar's ` | <speed> | ETA <time>` tail, empty until the speed means something (a second in, bytes received).
 * `remaining` null: the size is unknown, so no ETA.
 */
export function rateText(fetched: number, elapsedMs: number, remaining: number | null): string {
  if (elapsedMs < RATE_AFTER_MS || fetched <= 0) return '';
  const perSecond = (fetched / elapsedMs) * 1000;
  const speed = ` | ${formatBytes(perSecond)}/s`;
  if (remaining === null) return speed;
  return `${speed} | ETA ${formatDuration(Math.max(0, remaining) / perSecond)}`;
}

function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
