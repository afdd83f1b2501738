import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli.js';
import type { Io } from '../../src/output/io.js';
import { auditRun } from './audit.js';
import { checkJsonOutput } from './schemas.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A virtual clock shared by the CLI (now/sleep) and the sandbox: a wait loop runs instantly and deterministically. */
export class VirtualClock {
  time = Date.UTC(2026, 10, 25, 12, 0, 0);
  now = () => this.time;
  sleep = async (ms: number, signal?: AbortSignal) => {
    if (signal?.aborted) throw signal.reason;
    this.time += ms;
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw signal.reason;
  };
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  stdinTty?: boolean;
  stderrTty?: boolean;
  cwd?: string;
  clock?: VirtualClock;
  signals?: EventEmitter;
  /** Called with the live streams once main() has started (to send a signal mid-run, etc.). */
  onStart?: (io: Io) => void;
}

export function tempDir(prefix = 'seedance-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs main() in process with captured streams: fast, and coverage sees it. */
export async function runCli(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: options.stderrTty === true, columns: 100 });
  if (options.stderrTty) Object.assign(stderr, ttyMethods(stderr));
  const stdin = Object.assign(Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]), {
    isTTY: options.stdinTty === true,
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const clock = options.clock;
  const io: Io = {
    stdout,
    stderr,
    stdin,
    env: { SEEDANCE_CONFIG_DIR: tempDir(), ...options.env },
    cwd: options.cwd ?? tempDir('seedance-cwd-'),
    signals: options.signals ?? new EventEmitter(),
    now: clock ? clock.now : Date.now,
    sleep: clock ? clock.sleep : (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20))),
    retryBaseMs: 1,
  };
  options.onStart?.(io);
  const code = await main(argv, io);
  const run = { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
  auditRun(run.stdout, run.stderr, io.env.SEEDANCE_CONFIG_DIR);
  checkJsonOutput(argv, code, run.stdout, run.stderr);
  return run;
}

/** What ora and cli-progress call on a real tty.WriteStream, writing the same ANSI sequences. */
function ttyMethods(stream: PassThrough) {
  const done = (callback?: () => void) => {
    callback?.();
    return true;
  };
  return {
    rows: 30,
    getWindowSize: () => [100, 30],
    cursorTo: (x: number, y?: number | (() => void), callback?: () => void) => {
      stream.write(typeof y === 'number' ? `\u001b[${y + 1};${x + 1}H` : `\u001b[${x + 1}G`);
      return done(typeof y === 'function' ? y : callback);
    },
    moveCursor: (dx: number, dy: number, callback?: () => void) => {
      if (dx) stream.write(dx > 0 ? `\u001b[${dx}C` : `\u001b[${-dx}D`);
      if (dy) stream.write(dy > 0 ? `\u001b[${dy}B` : `\u001b[${-dy}A`);
      return done(callback);
    },
    clearLine: (_dir: number, callback?: () => void) => {
      stream.write('\u001b[2K');
      return done(callback);
    },
    clearScreenDown: (callback?: () => void) => {
      stream.write('\u001b[0J');
      return done(callback);
    },
  };
}
