import { spawnSync } from 'node:child_process';

/** Whether a command runs here (`args` that make it exit 0 at once). */
export const installed = (command: string, args = ['--version']) => spawnSync(command, args).status === 0;

/**
 * A title suffix naming why a test is skipped here, so the reason shows wherever its name does (vitest's report,
 * .ci/run's closing lines); empty when it runs.
 */
export const skipNote = (runs: boolean, reason: string) => (runs ? '' : ` [skipped: ${reason}]`);
