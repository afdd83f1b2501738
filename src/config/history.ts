import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTerminal, type TaskStatus } from '../api/task.js';
import type { TaskCost } from '../core/estimate.js';
import { fsReason } from '../errors.js';
import { parseJournalLine } from './journal-line.js';
import { ensureDir, unwritable } from './writable.js';

/**
 * The journal (DESIGN §6): JSON lines, appended, never rewritten. Each line is written with one write(2) on a file
 * opened O_APPEND, so concurrent seedance processes cannot interleave or overwrite each other's lines.
 */
export type HistoryRecord =
  | {
      type: 'intent';
      local_id: string;
      at: string;
      provider: string;
      base_url: string;
      model: string;
      prompt: string;
      request_hash: string;
      /** The body sent, data URLs shortened; never a secret (the key is a header). */
      request?: unknown;
    }
  | { type: 'created'; local_id: string; id: string; at: string; status: TaskStatus }
  | {
      type: 'unknown';
      local_id: string;
      at: string;
      message: string;
      /** An id the API answered but that was refused as unusable, JSON-escaped (never the raw text). */
      returned_id?: string;
    }
  | { type: 'failed'; local_id: string; at: string; message: string }
  | {
      type: 'status';
      id: string;
      at: string;
      status: TaskStatus;
      video_url?: string | null;
      /** With a finished status: what it cost (Task.cost), null when not known. */
      cost?: TaskCost | null;
    }
  | { type: 'file'; id: string; at: string; path: string; bytes: number; sha256: string };

export interface HistoryEntry {
  id: string | null;
  local_id: string | null;
  /** created: the API returned an id; unknown: the POST was sent but its outcome is not known. */
  outcome: 'created' | 'unknown' | 'pending' | 'rejected';
  created_at: string;
  updated_at: string;
  status: TaskStatus | null;
  prompt: string;
  provider: string | null;
  base_url: string | null;
  model: string | null;
  video_url: string | null;
  /** What the task cost, once a finished status with its cost was recorded; null when not known. */
  cost: TaskCost | null;
  files: Array<{ path: string; bytes: number; sha256: string }>;
}

export class History {
  readonly path: string;
  private readonly dir: string;
  private readonly warn: (message: string) => void;
  private readonly warned = new Set<number>();
  private readonly home: string | undefined;

  /** `home`: the home directory `dir` may lie in; it is never created. */
  constructor(dir: string, warn: (message: string) => void, home?: string) {
    this.dir = dir;
    this.path = join(dir, 'history.jsonl');
    this.warn = warn;
    this.home = home;
  }

  /** The last status seen of a task (its video URL when it has one, its cost once finished), at epoch ms `now`. */
  recordStatus(
    task: { id: string; status: TaskStatus; video_url?: string | null; cost?: TaskCost | null },
    now: number,
  ): void {
    const at = new Date(now).toISOString();
    const cost = isTerminal(task.status) ? { cost: task.cost ?? null } : {};
    this.append({ type: 'status', id: task.id, at, status: task.status, video_url: task.video_url, ...cost });
  }

  /**
   * Throws a UsageError (exit 2) naming the path, the reason and the fix when the journal cannot be written. A create
   * writes its intent first, so a task that could not be recorded is never sent (never paid for).
   */
  append(record: HistoryRecord): void {
    ensureDir(this.dir, this.home, 'the history');
    try {
      // Exactly one line per write: peeking at the file's end first would race with another process's write in
      // flight. A line cut short by a crash is healed by the reader instead (see `parseJournalLine`).
      appendFileSync(this.path, `${JSON.stringify(record)}\n`, { flag: 'a', mode: 0o600 });
    } catch (error) {
      throw unwritable(`cannot write the history ${this.path}: ${fsReason(error)}`);
    }
  }

  /** For what happens after the request: the journal failing then must not hide its outcome (a task id). */
  appendOrWarn(record: HistoryRecord): void {
    try {
      this.append(record);
    } catch (error) {
      this.warn((error as Error).message);
    }
  }

  /** Entries oldest first. */
  entries(): HistoryEntry[] {
    const byLocal = new Map<string, HistoryEntry>();
    const byId = new Map<string, HistoryEntry>();
    const order: HistoryEntry[] = [];
    for (const record of this.records()) apply(record, byLocal, byId, order);
    return order;
  }

  /** Every readable record. A corrupt line is skipped with a warning (once per process), never a crash. */
  records(): HistoryRecord[] {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: HistoryRecord[] = [];
    text.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      const { record, intact } = parseJournalLine(line, wellFormed);
      if (record) records.push(record);
      if (!intact && !this.warned.has(index)) this.warn(`skipping unreadable line ${index + 1} of ${this.path}`);
      if (!intact) this.warned.add(index);
    });
    return records;
  }

  /** The request that created a task here (for sidecars), or undefined. */
  requestOf(id: string): { provider: string; base_url: string; body: unknown } | undefined {
    const records = this.records();
    const created = records.find((r) => r.type === 'created' && r.id === id);
    if (created?.type !== 'created') return undefined;
    const intent = records.find((r) => r.type === 'intent' && r.local_id === created.local_id);
    if (intent?.type !== 'intent') return undefined;
    return { provider: intent.provider, base_url: intent.base_url, body: intent.request ?? null };
  }

  /** Files downloaded for a task, wherever the task was created. */

  files(id: string): HistoryEntry['files'] {
    return this.records()
      .filter((r): r is Extract<HistoryRecord, { type: 'file' }> => r.type === 'file' && r.id === id)
      .map(({ path, bytes, sha256 }) => ({ path, bytes, sha256 }));
  }

  /** The most recently created task (`@last`). */
  last(): HistoryEntry | undefined {
    return this.entries()
      .filter((entry) => entry.id !== null)
      .at(-1);
  }
}

function apply(
  record: HistoryRecord,
  byLocal: Map<string, HistoryEntry>,
  byId: Map<string, HistoryEntry>,
  order: HistoryEntry[],
): void {
  switch (record.type) {
    case 'intent': {
      const entry: HistoryEntry = {
        id: null,
        local_id: record.local_id,
        outcome: 'pending',
        created_at: record.at,
        updated_at: record.at,
        status: null,
        prompt: record.prompt,
        provider: record.provider,
        base_url: record.base_url,
        model: record.model,
        video_url: null,
        cost: null,
        files: [],
      };
      byLocal.set(record.local_id, entry);
      order.push(entry);
      return;
    }
    case 'created': {
      const entry = byLocal.get(record.local_id) ?? orphan(record.local_id, record.at, order, byLocal);
      Object.assign(entry, { id: record.id, outcome: 'created', status: record.status, updated_at: record.at });
      byId.set(record.id, entry);
      return;
    }
    case 'unknown':
    case 'failed': {
      const entry = byLocal.get(record.local_id);
      if (entry)
        Object.assign(entry, { outcome: record.type === 'unknown' ? 'unknown' : 'rejected', updated_at: record.at });
      return;
    }
    case 'status': {
      const entry = byId.get(record.id);
      if (!entry) return;
      entry.status = record.status;
      entry.updated_at = record.at;
      if (record.video_url) entry.video_url = record.video_url;
      if (record.cost) entry.cost = record.cost;
      return;
    }
    case 'file': {
      const entry = byId.get(record.id);
      if (entry) entry.files.push({ path: record.path, bytes: record.bytes, sha256: record.sha256 });
      return;
    }
  }
}

function orphan(localId: string, at: string, order: HistoryEntry[], byLocal: Map<string, HistoryEntry>): HistoryEntry {
  const entry: HistoryEntry = {
    id: null,
    local_id: localId,
    outcome: 'pending',
    created_at: at,
    updated_at: at,
    status: null,
    prompt: '',
    provider: null,
    base_url: null,
    model: null,
    video_url: null,
    cost: null,
    files: [],
  };
  byLocal.set(localId, entry);
  order.push(entry);
  return entry;
}

// The fields each record type needs, as strings (`file` also needs its byte count).
const REQUIRED: Record<HistoryRecord['type'], readonly string[]> = {
  intent: ['local_id', 'at', 'prompt'],
  created: ['local_id', 'id', 'at', 'status'],
  unknown: ['local_id', 'at'],
  failed: ['local_id', 'at'],
  status: ['id', 'at', 'status'],
  file: ['id', 'at', 'path', 'sha256'],
};

/** A line that parses but lacks what its type needs (hand-edited, foreign) is skipped like a corrupt one. */
function wellFormed(value: unknown): value is HistoryRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  if (typeof record.type !== 'string' || !Object.hasOwn(REQUIRED, record.type)) return false;
  if (record.type === 'file' && typeof record.bytes !== 'number') return false;
  return REQUIRED[record.type as HistoryRecord['type']].every((field) => typeof record[field] === 'string');
}
