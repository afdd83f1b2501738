import { rangeStart, type StorageResponse, totalSize } from '../api/storage.js';
import type { PartRecord } from './part-record.js';

const EXPIRED = new Set([401, 403, 404, 410]);

/** What this attempt asked for, and what the run knows so far. */
export interface Attempt {
  /** The byte the request starts at (0: the whole video). */
  offset: number;
  /** What the .part holds (null: nothing of this video, or a stream). */
  record: PartRecord | null;
  /** The If-Range validator sent with the Range. */
  ifRange: string | null;
  /** The size an earlier response of this run claimed. */
  claimedTotal: number | null;
  /** The bytes go to a file (a .part that can be emptied and renamed), not a stream. */
  file: boolean;
}

export type Verdict =
  /** 401/403/404/410: the signed URL expired or is not accessible. */
  | { kind: 'expired' }
  /** 416 for a .part that already holds the whole video: nothing left to fetch. */
  | { kind: 'complete' }
  /** 416 otherwise: what we hold is not a prefix of this object. */
  | { kind: 'not-a-prefix' }
  /** Another failed status: try again. */
  | { kind: 'retry'; message: string }
  /** A 206 from a host that ignores If-Range, but its size or ETag says the object was replaced. */
  | { kind: 'replaced' }
  /** A 200 (or a range elsewhere) to a Range request: the body is the whole video again. `changed`: If-Range said so. */
  | { kind: 'restart'; changed: boolean }
  /** The body continues at `offset` (or is the whole video when it is 0). */
  | { kind: 'write' };

/** Reads a storage response to a download attempt: what to do with it, before any of its body is read. */
export function classify(response: Pick<StorageResponse, 'status' | 'ok' | 'headers'>, attempt: Attempt): Verdict {
  const { offset, record } = attempt;
  if (EXPIRED.has(response.status)) return { kind: 'expired' };
  if (response.status === 416 && offset > 0) {
    const whole = totalSize(response, 0);
    const sameSize = (attempt.claimedTotal ?? record?.size ?? whole) === whole;
    // A run stopped between its last byte and the rename leaves a whole .part.
    return attempt.file && whole === offset && sameSize ? { kind: 'complete' } : { kind: 'not-a-prefix' };
  }
  if (!response.ok) return { kind: 'retry', message: `the storage host answered HTTP ${response.status}` };
  if (offset > 0 && response.status === 206 && record && !sameObject(record, response)) return { kind: 'replaced' };
  if (offset > 0 && (response.status !== 206 || rangeStart(response) !== offset)) {
    const changed = Boolean(attempt.ifRange) && response.status === 200 && !!record && !sameObject(record, response);
    return { kind: 'restart', changed };
  }
  return { kind: 'write' };
}

/** The object the .part was started from: same size, ETag and Last-Modified, where both sides know them. */
function sameObject(record: PartRecord, response: Pick<StorageResponse, 'status' | 'headers'>): boolean {
  const same = (ours: string | number | null, theirs: string | number | null) =>
    ours === null || theirs === null || ours === theirs;
  return (
    same(record.size, totalSize(response, response.status === 206 ? (rangeStart(response) ?? 0) : 0)) &&
    same(record.etag, response.headers.get('etag')) &&
    same(record.lastModified, response.headers.get('last-modified'))
  );
}
