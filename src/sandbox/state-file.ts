import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { TaskRecord } from './lifecycle.js';

const VERSION = 1;

/**
 * `seedance sandbox --state <file>`: the tasks, so a client can be tested across a restart. A missing file is an
 * empty sandbox; anything else that cannot be read is an error (a typo must not silently drop the tasks).
 */
export function loadState(path: string): TaskRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new StateFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let state: { version?: unknown; tasks?: unknown } | null = null;
  try {
    state = JSON.parse(text);
  } catch {}
  if (state?.version !== VERSION || !Array.isArray(state.tasks)) {
    throw new StateFileError(`${path} is not a sandbox state file (version ${VERSION})`);
  }
  return state.tasks as TaskRecord[];
}

export class StateFileError extends Error {
  readonly code = 'ESANDBOXSTATE';
}

/** Written beside the file and renamed over it: a sandbox killed mid-write leaves the previous state whole. */
export function saveState(path: string, tasks: TaskRecord[]): void {
  const next = `${path}.${process.pid}.tmp`;
  writeFileSync(next, `${JSON.stringify({ version: VERSION, tasks })}\n`);
  renameSync(next, path);
}
