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
