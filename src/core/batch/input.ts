import { mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fsReason, UsageError } from '../../errors.js';
import type { Job } from './jobs.js';
import type { JobState } from './state.js';

export interface JobsInput {
  text: string;
  /** Relative media and body paths in jobs are resolved from here: the jobs file's directory. */
  dir: string;
  name: string;
  statePath: string;
}

/** The jobs text and where its state lives: `<jobs>.state.jsonl` beside a file; stdin needs --state. */
export async function readJobsInput(
  source: string,
  state: string | undefined,
  cwd: string,
  readStdin: () => Promise<string>,
): Promise<JobsInput> {
  if (source === '-') {
    if (state === undefined)
      throw new UsageError('jobs from stdin need --state <file>', {
        hint: 'the state file is what makes a rerun resume',
      });
    return { text: await readStdin(), dir: cwd, name: 'stdin', statePath: realPath(resolve(cwd, state)) };
  }
  const path = resolve(cwd, source);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the jobs file ${source}: ${fsReason(error)}`);
  }
  // The same jobs file reached through a symlink is the same batch: one state file, one lock.
  const real = realPath(path);
  const stem = basename(real).replace(/\.(jsonl|ndjson|json)$/i, '');
  const statePath = realPath(state === undefined ? resolve(dirname(real), `${stem}.state.jsonl`) : resolve(cwd, state));
  return { text, dir: dirname(path), name: source, statePath };
}

/** The path with every symlink resolved, as far as it exists (a state file not created yet: its directory's). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const dir = dirname(path);
    return dir === path ? path : resolve(realPath(dir), basename(path));
  }
}

export function makeOutputDir(dir: string, cwd: string): string {
  const path = resolve(cwd, dir);
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create the output directory ${dir}: ${fsReason(error)}`);
  }
  return path;
}

/** Task ids only mean something to the server that made them. */
export function checkSameServer(jobs: Job[], known: Map<string, JobState>, baseUrl: string, statePath: string): void {
  const other = jobs.map((job) => known.get(job.key)?.baseUrl).find((url) => url && url !== baseUrl);
  if (other) {
    throw new UsageError(`the state file ${statePath} holds tasks created on ${other}, not ${baseUrl}`, {
      hint: `rerun with --base-url ${other}, or use another --state file`,
    });
  }
}
