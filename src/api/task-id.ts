import { ApiError } from '../errors.js';

/**
 * A task id the API sent is untrusted input (the default gateway is a third party's): it becomes a request path,
 * a file name, a journal line and the stdout a script captures. Only ids that are safe in all four are used:
 * letters, digits, `-`, `_`, `.`, never `..`, not starting with `.` (`.` is a path segment of its own), 1–128 chars.
 */
const PLAUSIBLE_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

export function isPlausibleTaskId(id: string): boolean {
  return PLAUSIBLE_ID.test(id) && !id.includes('..');
}

/** An id the API sent that we refuse to use; `escapedId` is how it is shown and journaled. */
export class UnusableTaskIdError extends ApiError {
  readonly escapedId: string;

  constructor(escapedId: string, status: number) {
    super(`the API returned an unusable task id ${escapedId}`, {
      code: 'unusable_task_id',
      // A 2xx status: a create that answered this way may have made a (paid) task; create-task journals it so.
      status,
      hint: 'a task id holds only letters, digits, -, _ and . (at most 128); report this to the API provider',
    });
    this.escapedId = escapedId;
  }
}

/** Returns the id when it is plausible; otherwise throws, the id shown escaped (never stripped into another id). */
export function checkTaskId(id: unknown, status: number): string {
  if (typeof id === 'string' && isPlausibleTaskId(id)) return id;
  throw new UnusableTaskIdError(escapeId(id), status);
}

const MAX_SHOWN = 200;

/**
 * JSON-style, with every character outside printable ASCII as `\uXXXX`: escape sequences, newlines, bidi overrides
 * and look-alike letters are visible, never interpreted. Long ids are cut, saying how long they were.
 */
export function escapeId(id: unknown): string {
  if (typeof id !== 'string') return id === undefined ? '(none)' : `(a ${id === null ? 'null' : typeof id})`;
  const shown = id.length > MAX_SHOWN ? id.slice(0, MAX_SHOWN) : id;
  const escaped = JSON.stringify(shown).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return id.length > MAX_SHOWN ? `${escaped}… (${id.length} characters)` : escaped;
}
