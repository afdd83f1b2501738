import { appendFileSync, readFileSync } from 'node:fs';
import type { TaskStatus } from '../../api/task.js';
import { parseJournalLine } from '../../config/journal-line.js';
import { fsReason, UsageError } from '../../errors.js';
import { lockTarget } from '../target.js';

export interface JobError {
  code: string;
  message: string;
  exit_code: number;
}

/**
 * The state file: JSON lines, appended, never rewritten. `intent` goes down before a create is sent and `created`
 * the moment its task id is known, so a rerun after any crash knows which jobs have a task and which might.
 */
export type StateRecord =
  | { type: 'batch'; at: string; jobs: string; base_url: string; pid: number }
  | { type: 'intent'; job: string; line: number; hash: string; at: string }
  | { type: 'created'; job: string; id: string; at: string; status: TaskStatus; base_url: string }
  /** The API refused the create: no task exists, the job may be sent again. */
  | { type: 'rejected'; job: string; at: string; error: JobError }
  /** The create was sent but its answer never came: a task may exist. */
  | { type: 'unknown'; job: string; at: string; error: JobError }
  | { type: 'ended'; job: string; id: string; at: string; status: TaskStatus; error: JobError | null }
  | { type: 'saved'; job: string; id: string; at: string; path: string; bytes: number; sha256: string };

export interface JobState {
  /** `intent`: sent (or about to be) with no answer on record, as after a crash mid-request. */
  phase: 'intent' | 'created' | 'rejected' | 'unknown';
  hash: string | null;
  id: string | null;
  /** Epoch ms when the task id was recorded. */
  createdAt: number | null;
  /** The task's status in the create's answer. */
  createdStatus: TaskStatus | null;
  baseUrl: string | null;
  ended: { status: TaskStatus; error: JobError | null } | null;
  file: { path: string; bytes: number; sha256: string } | null;
  error: JobError | null;
}

/** Folds the records into each job's last known state. */
export function reduceState(records: StateRecord[]): Map<string, JobState> {
  const jobs = new Map<string, JobState>();
  for (const record of records) {
    if (record.type === 'batch') continue;
    const job = jobs.get(record.job) ?? blank();
    jobs.set(record.job, job);
    switch (record.type) {
      case 'intent':
        Object.assign(job, blank(), { phase: 'intent', hash: record.hash });
        break;
      case 'created':
        Object.assign(job, { phase: 'created', id: record.id, baseUrl: record.base_url, error: null });
        Object.assign(job, { createdAt: Date.parse(record.at), createdStatus: record.status ?? null });
        break;
      case 'rejected':
      case 'unknown':
        if (job.phase === 'intent') Object.assign(job, { phase: record.type, error: record.error });
        break;
      case 'ended':
        if (job.id === record.id) job.ended = { status: record.status, error: record.error };
        break;
      case 'saved':
        if (job.id === record.id) job.file = { path: record.path, bytes: record.bytes, sha256: record.sha256 };
        break;
    }
  }
  return jobs;
}

/** Nothing on record reads like a refused create: no task exists, the job is sent. */
function blank(): JobState {
  return {
    phase: 'rejected',
    hash: null,
    id: null,
    createdAt: null,
    createdStatus: null,
    baseUrl: null,
    ended: null,
    file: null,
    error: null,
  };
}

function isStateRecord(value: unknown): value is StateRecord {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Reads records; an unreadable line (a crash mid-write leaves at most the last one) is skipped with a warning. */
export function parseState(text: string, warn: (message: string) => void, name: string): StateRecord[] {
  const records: StateRecord[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const { record, intact } = parseJournalLine(line, isStateRecord);
    if (record) records.push(record);
    if (!intact) warn(`skipping unreadable line ${index + 1} of ${name}`);
  });
  return records;
}

/** The state file of one batch, locked for the lifetime of the run: two runs of the same batch never race. */
export class StateFile {
  readonly path: string;
  private readonly unlock: () => void;

  private constructor(path: string, unlock: () => void) {
    this.path = path;
    this.unlock = unlock;
  }

  static open(path: string, warn: (message: string) => void): { file: StateFile; jobs: Map<string, JobState> } {
    let unlock: () => void;
    try {
      unlock = lockTarget(path);
    } catch (error) {
      const busy = (error as UsageError).code === 'target_busy';
      throw new UsageError(busy ? `another seedance batch is using the state file ${path}` : (error as Error).message, {
        code: busy ? 'state_busy' : 'state_unwritable',
        hint: busy ? 'wait for it to finish' : undefined,
      });
    }
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        unlock();
        throw new UsageError(`cannot read the state file ${path}: ${fsReason(error)}`);
      }
    }
    return { file: new StateFile(path, unlock), jobs: reduceState(parseState(text, warn, path)) };
  }

  /** One write(2) per line on an O_APPEND file: a line is on disk before the caller goes on. */
  append(record: StateRecord): void {
    appendFileSync(this.path, `${JSON.stringify(record)}\n`, { flag: 'a', mode: 0o644 });
  }

  close(): void {
    this.unlock();
  }
}
