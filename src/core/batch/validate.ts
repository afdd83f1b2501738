import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError, fsReason, UsageError } from '../../errors.js';
import type { Body } from '../request.js';
import { fileExists } from '../target.js';
import type { Job, LineError } from './jobs.js';
import { changedSinceState } from './plan.js';
import type { JobState } from './state.js';

/**
 * Every job is checked before anything is sent: its body is built exactly as it will be sent (media read, values
 * and combinations checked), and a job whose content changed under a recorded task is refused.
 */
export async function checkJobs(
  jobs: Job[],
  known: Map<string, JobState>,
  prepare: (job: Job, warn: (message: string) => void) => Promise<unknown>,
  warn: (line: number, message: string) => void,
): Promise<LineError[]> {
  const errors: LineError[] = [];
  for (const job of jobs) {
    const changed = changedSinceState(job, known.get(job.key));
    if (changed) {
      errors.push({ line: job.line, message: changed });
      continue;
    }
    try {
      await prepare(job, (message) => warn(job.line, message));
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      errors.push({ line: job.line, message: error.message });
    }
  }
  return errors;
}

/** `--download` without `--force`: a named job not created yet whose file is already there, refused before it is paid. */
export function targetClashes(jobs: Job[], known: Map<string, JobState>, outputDir: string): LineError[] {
  return jobs.flatMap((job) => {
    if (job.id === null || known.get(job.key)?.id) return [];
    const path = resolve(outputDir, `${job.id}.mp4`);
    return fileExists(path)
      ? [{ line: job.line, message: `${path} already exists (use --force or another --output-dir)` }]
      : [];
  });
}

/** `"body": "base.json"` in a job: a JSON object file, relative to the jobs file. */
export async function readBodyFile(path: string, dir: string): Promise<Body> {
  const full = resolve(dir, path);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read body file ${path}: ${fsReason(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`body file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(`body file ${path} must hold a JSON object (a request body)`);
  return value as Body;
}
