import { createHash } from 'node:crypto';
import { parseExpiresAfter } from '../create-params.js';
import type { Body, CreateInput } from '../request.js';
import { BATCH_ONLY_KEYS, type JobKeyKind, jobKey, normalizeJobKey, parseJobValue } from './job-keys.js';

/** One line of the jobs file, read and shape-checked; prepareCreateBody checks the values later. */
export interface Job {
  /** 1-based line number in the jobs file. */
  line: number;
  /** The job's own name (`id`): the output file name and its key in the state file. */
  id: string | null;
  /** What the state file knows the job by: its id, else a digest of its content (plus `#2`… for repeats). */
  key: string;
  /** Digest of the job's content: a job whose id stays but whose content changed is caught on a rerun. */
  hash: string;
  input: CreateInput;
  /** `"body": "base.json"`: read (relative to the jobs file) when the body is prepared. */
  bodyFile?: string;
}

export interface LineError {
  line: number;
  message: string;
}

const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Splits a JSON Lines text into jobs and line errors. Blank lines and lines starting with `#` are skipped. */
export function parseJobs(text: string): { jobs: Job[]; errors: LineError[] } {
  const jobs: Job[] = [];
  const errors: LineError[] = [];
  const idLines = new Map<string, number>();
  const repeats = new Map<string, number>();
  // A byte-order mark (editors on Windows) is not part of the first job.
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      const trimmed = raw.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const parsed = parseJobLine(trimmed);
      if ('error' in parsed) {
        errors.push({ line, message: parsed.error });
        return;
      }
      const { id, input, bodyFile } = parsed;
      const hash = digest(canonical({ id, input, bodyFile }));
      if (id !== null) {
        const first = idLines.get(id);
        if (first !== undefined) {
          errors.push({ line, message: `id "${id}" is already used on line ${first}` });
          return;
        }
        idLines.set(id, line);
      }
      const seen = (repeats.get(hash) ?? 0) + 1;
      repeats.set(hash, seen);
      const key = id ?? `#${hash.slice(0, 16)}${seen > 1 ? `.${seen}` : ''}`;
      jobs.push({ line, id, key, hash, input, ...(bodyFile !== undefined ? { bodyFile } : {}) });
    });
  return { jobs, errors };
}

type ParsedLine = { id: string | null; input: CreateInput; bodyFile?: string } | { error: string };

export function parseJobLine(text: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: 'a job is a JSON object, e.g. {"prompt": "a fox in the snow", "duration": 5}' };
  const input: Record<string, unknown> = {};
  let id: string | null = null;
  let bodyFile: string | undefined;
  for (const [rawKey, rawValue] of Object.entries(value)) {
    if (rawValue === null) continue;
    const key = normalizeJobKey(rawKey);
    if (key === 'id') {
      const text = typeof rawValue === 'number' ? String(rawValue) : rawValue;
      if (typeof text !== 'string' || !JOB_ID.test(text))
        return {
          error: `id must be a file-name-safe string (letters, digits, . _ -), got ${JSON.stringify(rawValue)}`,
        };
      id = text;
      continue;
    }
    const spec = jobKey(key);
    if (!spec) {
      if (BATCH_ONLY_KEYS.has(key)) return { error: `"${rawKey}" is a command-line option, not a job key` };
      return { error: `unknown key "${rawKey}" (job keys are create's flag names, e.g. ratio, duration, ref_image)` };
    }
    const read = readValue(spec.kind, rawValue, rawKey);
    if ('error' in read) return read;
    if (spec.kind === 'body' && typeof read.value === 'string') bodyFile = read.value;
    else {
      // A parameter's value is parsed here, where it enters, by its table row's parser (as a flag would be).
      const parsed = parseJobValue(key, read.value);
      if ('error' in parsed) return parsed;
      input[spec.field] = parsed.value;
    }
  }
  if (typeof input.prompt !== 'string' || input.prompt.trim() === '')
    return { error: 'a job needs a "prompt" (a non-empty string)' };
  input.prompt = input.prompt.trim();
  return { id, input: input as unknown as CreateInput, ...(bodyFile !== undefined ? { bodyFile } : {}) };
}

function readValue(kind: JobKeyKind, value: unknown, key: string): { value: unknown } | { error: string } {
  const got = JSON.stringify(value);
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? { value } : { error: `${key} must be a string, got ${got}` };
    case 'number': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof number === 'number' && Number.isFinite(number)
        ? { value: number }
        : { error: `${key} must be a number, got ${got}` };
    }
    case 'boolean':
      return typeof value === 'boolean' ? { value } : { error: `${key} must be true or false, got ${got}` };
    case 'strings': {
      const list = Array.isArray(value) ? value : [value];
      return list.every((item) => typeof item === 'string')
        ? { value: list }
        : { error: `${key} must be a string or an array of strings, got ${got}` };
    }
    case 'set':
      return readSet(value, key);
    case 'body':
      return typeof value === 'string' || (typeof value === 'object' && !Array.isArray(value))
        ? { value }
        : { error: `${key} must be a request object or the path of a JSON file, got ${got}` };
    case 'expires':
      return readExpires(value, key);
  }
}

/** `"set": ["a.b=1"]`, `"set": "a=1"` or, more natural in JSON, `"set": {"a.b": 1}`. */
function readSet(value: unknown, key: string): { value: string[] } | { error: string } {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return { value: Object.entries(value).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`) };
  const list = Array.isArray(value) ? value : [value];
  if (list.every((item) => typeof item === 'string' && item.indexOf('=') > 0)) return { value: list as string[] };
  return {
    error: `${key} must be {"key": value}, "key=value" or an array of "key=value", got ${JSON.stringify(value)}`,
  };
}

/** Seconds as a number, or a duration as the flag takes it (`24h`). */
function readExpires(value: unknown, key: string): { value: number } | { error: string } {
  if (typeof value === 'number') return { value };
  if (typeof value !== 'string')
    return { error: `${key} must be a duration such as "24h", got ${JSON.stringify(value)}` };
  try {
    return { value: parseExpiresAfter(value) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** What each `--events` line about a job says of it: its id (else its key) and its line. */
export function jobEventFields(job: Job): { job: string; line: number } {
  return { job: job.id ?? job.key, line: job.line };
}

/** The prepared body of a job whose `body` names a file: that file's object is the base request. */
export function withBase(input: CreateInput, base: Body | undefined): CreateInput {
  return base === undefined ? input : { ...input, base };
}

export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so key order in the line does not change a job's identity. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
