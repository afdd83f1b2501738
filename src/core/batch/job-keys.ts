import { PARAMS, type Param, paramJobKeys, parseParam } from '../params/table.js';
import type { CreateInput } from '../request.js';

/** How a job value is read from JSON before it reaches prepareCreateBody (which checks the values themselves). */
export type JobKeyKind = 'string' | 'number' | 'boolean' | 'strings' | 'set' | 'body' | 'expires';

/**
 * Job keys, by their create flag name (kebab-case; snake_case and camelCase are accepted too), and the CreateInput
 * field each fills. A test holds this table against the create command's options, so a new flag is not forgotten.
 */
export const JOB_KEYS = {
  prompt: { field: 'prompt', kind: 'string' },
  model: { field: 'model', kind: 'string' },
  // Every create parameter, from the parameter table (src/core/params/table.ts).
  ...paramJobKeys(),
  'first-frame': { field: 'firstFrame', kind: 'string' },
  'last-frame': { field: 'lastFrame', kind: 'string' },
  'ref-image': { field: 'refImage', kind: 'strings' },
  'ref-video': { field: 'refVideo', kind: 'strings' },
  'ref-audio': { field: 'refAudio', kind: 'strings' },
  set: { field: 'set', kind: 'set' },
  body: { field: 'base', kind: 'body' },
} as const satisfies Record<string, { field: keyof CreateInput; kind: JobKeyKind }>;

/** CreateInput fields no job key fills: `never` (a test holds it so at compile time). */
export type FieldsWithoutJobKey = Exclude<keyof CreateInput, (typeof JOB_KEYS)[keyof typeof JOB_KEYS]['field']>;

export function jobKey(key: string): { field: keyof CreateInput; kind: JobKeyKind } | undefined {
  return Object.hasOwn(JOB_KEYS, key) ? JOB_KEYS[key as keyof typeof JOB_KEYS] : undefined;
}

/** Create options that belong to the whole batch (or make no sense per job); a job naming one gets a clear error. */
export const BATCH_ONLY_KEYS = new Set([
  'prompt-file',
  'dry-run',
  'wait',
  'download',
  'output',
  'force',
  'save-last-frame',
  'sidecar',
  'gallery',
  'timeout',
  'interval',
  'on-timeout',
  'max-cost',
]);

/** `ref_image`, `refImage` and `ref-image` all name the flag `--ref-image`. */
export function normalizeJobKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

/** A parameter's job value through its table row's parser; other keys pass as read. */
export function parseJobValue(key: string, value: unknown): { value: unknown } | { error: string } {
  const row = (PARAMS as readonly Param[]).find((param) => param.key === key);
  if (!row) return { value };
  try {
    return { value: parseParam(row, value) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
