import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * What a `.part` holds, written beside it (`<path>.part.json`) when its transfer starts: a later run resumes only the
 * same video (same task, same storage object), so two videos can never be spliced into one file.
 */
export interface PartRecord {
  /** The task whose video this is; null for a plain URL. */
  task: string | null;
  /** The URL without its query (a pre-signed URL's signature changes at every status read). */
  url: string;
  size: number | null;
  etag: string | null;
  lastModified: string | null;
}

export const recordPath = (part: string) => `${part}.json`;

export function readPartRecord(part: string): PartRecord | null {
  try {
    const value = JSON.parse(readFileSync(recordPath(part), 'utf8')) as Partial<PartRecord>;
    if (typeof value !== 'object' || value === null || typeof value.url !== 'string') return null;
    return {
      task: typeof value.task === 'string' ? value.task : null,
      url: value.url,
      size: typeof value.size === 'number' ? value.size : null,
      etag: typeof value.etag === 'string' ? value.etag : null,
      lastModified: typeof value.lastModified === 'string' ? value.lastModified : null,
    };
  } catch {
    return null;
  }
}

/** Atomic (temporary file, then rename): a record is either the old one or the new one, never half of each. */
export function writePartRecord(part: string, record: PartRecord): void {
  const path = recordPath(part);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record)}\n`, { mode: 0o644 });
  renameSync(temporary, path);
}

export function removePartRecord(part: string): void {
  rmSync(recordPath(part), { force: true });
}

/** Why the `.part` cannot be continued for this video, or null when it can. */
export function partMismatch(record: PartRecord | null, task: string | null, url: string): string | null {
  if (!record) return 'has no record of which video it holds';
  if (record.task !== task) return `was not this video's (${record.task ? `task ${record.task}` : 'a plain URL'})`;
  if (record.url !== withoutQuery(url)) return `was not this video's (another URL: ${record.url})`;
  return null;
}

/** The validator to send as If-Range: the ETag when it is strong, else the Last-Modified date. */
export function ifRangeOf(record: PartRecord | null): string | null {
  if (record?.etag && !record.etag.startsWith('W/')) return record.etag;
  return record?.lastModified ?? null;
}

/** Origin and path only: a signed URL's query holds credentials and changes at every status read. */
export function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:'
      ? `${parsed.origin}${parsed.pathname}`
      : `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}
