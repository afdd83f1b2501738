import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * For the crash tests: `SEEDANCE_TEST_KILL_AT=<moment>` makes the process SIGKILL itself on reaching that moment,
 * so a test can stop it exactly inside a window that ordinary timing would almost never hit. Unset: nothing.
 */
export function killPoint(moment: 'after-rename'): void {
  if (process.env.SEEDANCE_TEST_KILL_AT === moment) process.kill(process.pid, 'SIGKILL');
}

/** `SEEDANCE_TEST_HASH=worker` hashes every download on a worker thread, whatever its size; `worker-crash` also makes
 * that worker throw after its first batch. Unset: null. */
export function hashHook(): 'worker' | 'worker-crash' | null {
  const value = process.env.SEEDANCE_TEST_HASH;
  return value === 'worker' || value === 'worker-crash' ? value : null;
}

/** How long a process waits at a barrier for the others before going on alone (a test that went wrong). */
const BARRIER_TIMEOUT_MS = 10_000;

/**
 * For the race tests: `SEEDANCE_TEST_BARRIER=<moment>:<n>:<dir>` makes a process that reaches that moment say so in
 * `<dir>` and wait there until `n` processes have, so that several runs go through a narrow window together (two
 * batches finding the same stale lock, then both taking it over). Unset: nothing.
 */
export function barrier(moment: 'lock-stale'): void {
  const spec = process.env.SEEDANCE_TEST_BARRIER;
  if (!spec?.startsWith(`${moment}:`)) return;
  const [, count, ...rest] = spec.split(':');
  const dir = rest.join(':');
  writeFileSync(join(dir, String(process.pid)), '');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + BARRIER_TIMEOUT_MS;
  while (readdirSync(dir).length < Number(count) && Date.now() < until) Atomics.wait(pause, 0, 0, 5);
}
