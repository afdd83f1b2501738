import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { auditRun } from './audit.js';

// .ci/run points this at the packed and installed tarball's bin when it runs the e2e files on other Node versions.
export const BIN = process.env.SEEDANCE_TEST_BIN || join(import.meta.dirname, '..', '..', 'bin', 'seedance.js');

export interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when stderr (or stdout) has matched the pattern: synchronise on output, never on sleeps. */
  waitFor(pattern: RegExp, stream?: 'stderr' | 'stdout'): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the built CLI (bin/seedance.js → dist/) as a real child process. */
export function spawnCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: Array<{ pattern: RegExp; stream: 'stderr' | 'stdout'; resolve: () => void }> = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(waiter.stream === 'stderr' ? err : out)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    check();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
    check();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      auditRun(out, err, options.env?.SEEDANCE_CONFIG_DIR);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit,
    waitFor(pattern, stream = 'stderr') {
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, stream, resolve });
        check();
        exit.then(() => {
          if (waiters.some((w) => w.pattern === pattern)) {
            reject(new Error(`process exited before ${pattern} appeared; stderr:\n${err}`));
          }
        });
      });
    },
  };
}
