import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';

export interface SandboxCliOptions {
  port: number;
  key?: string;
  renderTime: number;
  videoSize?: number;
  rateLimit?: number;
  maxRunning?: number;
  throttle?: number;
  dropAfter?: number;
  pollErrors?: number;
  createErrors?: number;
  retryAfter?: number;
  concurrencyLimit?: number;
  expireUrls?: boolean;
  state?: string;
  region?: 'volcengine' | 'byteplus';
}

/** `seedance sandbox`: the API simulator, until SIGINT/SIGTERM. The base URL is the first stdout line. */
export async function sandbox(options: SandboxCliOptions, ctx: Context): Promise<number> {
  const { runSandbox } = await import('../sandbox/run.js');
  const controller = new AbortController();
  const stop = () => controller.abort();
  ctx.io.signals.on('SIGINT', stop);
  ctx.io.signals.on('SIGTERM', stop);
  try {
    await runSandbox({
      port: options.port,
      key: options.key,
      renderMs: options.renderTime,
      videoBytes: options.videoSize,
      arkRegion: options.region,
      stateFile: options.state === undefined ? undefined : resolve(ctx.io.cwd, options.state),
      faults: {
        rateLimitRps: options.rateLimit ?? 0,
        maxRunning: options.maxRunning ?? 0,
        throttleBytesPerSec: options.throttle ?? 0,
        dropAfterBytes: options.dropAfter ? { bytes: options.dropAfter, times: 1 } : null,
        pollStatus: options.pollErrors ? { status: 503, times: options.pollErrors, ...retryAfter(options) } : null,
        createStatus: options.createErrors
          ? { status: 429, times: options.createErrors, ...retryAfter(options) }
          : null,
        concurrencyLimit: options.concurrencyLimit ?? 0,
        expireUrls: options.expireUrls === true,
      },
      out: (line) => {
        ctx.out.result(line);
        ctx.out.info('sandbox running: any API key except "bad-key" is accepted; Ctrl-C stops it');
      },
      signal: controller.signal,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESANDBOXSTATE') throw new UsageError((error as Error).message, { hint: 'give --state a new file' });
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
    throw new UsageError(`cannot listen on port ${options.port}: ${code === 'EADDRINUSE' ? 'it is in use' : code}`, {
      hint: 'choose another --port, or --port 0 for a free one',
    });
  } finally {
    ctx.io.signals.off('SIGINT', stop);
    ctx.io.signals.off('SIGTERM', stop);
  }
  return 0;
}

function retryAfter(options: SandboxCliOptions): { retryAfterSec?: number } {
  return options.retryAfter === undefined ? {} : { retryAfterSec: options.retryAfter };
}
