/**
 * One line of an append-only JSON-lines file (the history, a batch state file). Every record is written with
 * `type` as its first key, in one write(2) ending in a newline. A record cut short by a crash or a full disk has no
 * newline, so the next append continues the same line: `{"type":"intent","local_id":"cut-sh{"type":"created",...}`.
 * The whole record after the cut is recovered; a `{"type":"` inside a string value is escaped, so it cannot be
 * mistaken for a record's start. `intact` is false when anything on the line was lost.
 */
export function parseJournalLine<T>(
  line: string,
  accept: (value: unknown) => value is T,
): { record?: T; intact: boolean } {
  const whole = tryRecord(line, accept);
  if (whole) return { record: whole, intact: true };
  for (let at = line.indexOf(RECORD_START, 1); at > 0; at = line.indexOf(RECORD_START, at + 1)) {
    const record = tryRecord(line.slice(at), accept);
    if (record) return { record, intact: false };
  }
  return { intact: false };
}

const RECORD_START = '{"type":"';

function tryRecord<T>(text: string, accept: (value: unknown) => value is T): T | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return accept(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
