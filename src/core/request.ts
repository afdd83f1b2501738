import type { ConfigValues } from '../config/store.js';
import { UsageError } from '../errors.js';
import { bodySizeWarning, checkCreateBody } from './check-body.js';
import { PARAM_CHECKS, parseExpiresAfter, toolsBody } from './create-params.js';
import { type ContentItem, embedLocalImages, type MediaInput, mediaItems } from './media.js';
import { parseSetPair } from './parse.js';

/** Create options as the user gave them (flags, or a batch line), before defaults. */
export interface CreateInput extends MediaInput {
  prompt: string;
  model?: string;
  ratio?: string;
  duration?: number;
  frames?: number;
  resolution?: string;
  audio?: boolean;
  watermark?: boolean;
  seed?: number;
  cameraFixed?: boolean;
  returnLastFrame?: boolean;
  callbackUrl?: string;
  serviceTier?: string;
  /** execution_expires_after, in seconds */
  expiresAfter?: number;
  draft?: boolean;
  /** tool names (`web-search`) */
  tool?: string[];
  safetyId?: string;
  set?: string[];
  /** A base request (`--body file.json`): every field the flags or config set wins over it. */
  base?: Body;
}

export type Body = Record<string, unknown>;

/**
 * The request body of a create (ark-api.md §2, the provider's page): content[] with the text and media items,
 * generation fields at top level. Precedence: --set > flags > --body > config defaults. Only fields someone set
 * are sent; never null. `media` are the items built from the media flags (see mediaItems).
 */
export function buildCreateBody(
  input: CreateInput,
  defaults: ConfigValues,
  model: string,
  media: ContentItem[] = [],
): Body {
  const { base = {} } = input;
  const fromDefaults: Body = {
    ratio: defaults.ratio,
    resolution: defaults.resolution,
    duration: defaults.duration,
    frames: defaults.frames,
    generate_audio: defaults.audio,
    watermark: defaults.watermark,
    seed: defaults.seed,
    camera_fixed: defaults['camera-fixed'],
    return_last_frame: defaults['return-last-frame'],
    callback_url: defaults['callback-url'],
    service_tier: defaults['service-tier'],
    execution_expires_after: fromConfig('expires-after', defaults, (v) => parseExpiresAfter(v)),
    draft: defaults.draft,
    tools: fromConfig('tool', defaults, (v) => toolsBody(v.split(','))),
    safety_identifier: defaults['safety-id'],
  };
  const fromFlags: Body = {
    ratio: input.ratio,
    resolution: input.resolution,
    duration: input.duration,
    frames: input.frames,
    generate_audio: input.audio,
    watermark: input.watermark,
    seed: input.seed,
    camera_fixed: input.cameraFixed,
    return_last_frame: input.returnLastFrame,
    callback_url: input.callbackUrl,
    service_tier: input.serviceTier,
    execution_expires_after: input.expiresAfter,
    draft: input.draft,
    tools: input.tool && input.tool.length > 0 ? toolsBody(input.tool) : undefined,
    safety_identifier: input.safetyId,
  };
  const { model: baseModel, content: baseContent, ...baseFields } = base;
  const body: Body = {
    model: input.model ?? (typeof baseModel === 'string' ? baseModel : model),
    content: mergeContent(baseContent, input.prompt, media),
    ...defined(fromDefaults),
    ...defined(baseFields),
    ...defined(fromFlags),
  };
  for (const pair of input.set ?? []) {
    const [key, value] = parseSetPair(pair);
    setPath(body, key, value);
  }
  return body;
}

/** The prompt replaces the base's text items, media flags replace its media items; the rest of it stays. */
function mergeContent(base: unknown, prompt: string, media: ContentItem[]): ContentItem[] {
  const items = Array.isArray(base) ? (base as ContentItem[]) : [];
  const text = prompt ? [{ type: 'text', text: prompt }] : items.filter((item) => item?.type === 'text');
  return [...text, ...(media.length > 0 ? media : items.filter((item) => item?.type !== 'text'))];
}

function defined(fields: Body): Body {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null));
}

function fromConfig<T>(key: string, defaults: ConfigValues, parse: (text: string) => T): T | undefined {
  const value = defaults[key];
  if (value === undefined) return undefined;
  try {
    return parse(String(value));
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (config) — fix it with: seedance config set ${key} <value>`);
  }
}

/** `a.b.c=1` nests; an existing non-object on the way is replaced. */
export function setPath(target: Body, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node: Body = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Body;
  }
  node[keys.at(-1) as string] = value;
}

/** Shortens data: URLs for human display: `data:image/png;base64,iVBORw0KGgo…(1.2 MB)`. */
export function summarizeBody(body: Body): Body {
  return JSON.parse(
    JSON.stringify(body, (_key, value: unknown) => {
      if (typeof value === 'string' && value.startsWith('data:') && value.length > 80) {
        return `${value.slice(0, 48)}…(${formatBytes(Math.floor((value.length - value.indexOf(',') - 1) * 0.75))})`;
      }
      return value;
    }),
  ) as Body;
}

/** Binary units, named as such: 30,000,000 bytes is 28.6 MiB (not "28.6 MB"). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

export interface PrepareOptions {
  /** Relative media paths are resolved against it (default: the process's directory). */
  cwd?: string;
  /** Where warnings go (a rule known only from third parties warns instead of refusing). */
  warn?: (message: string) => void;
}

/**
 * The body a create sends, with every input checked first: nothing is sent when one fails (UsageError, exit 2).
 * Order: values, then the combination rules on the final body, and only then the local images are read.
 * Used by `create` and `batch`.
 */
export async function prepareCreateBody(
  input: CreateInput,
  defaults: ConfigValues,
  model: string,
  options: PrepareOptions = {},
): Promise<Body> {
  for (const [key, check] of Object.entries(PARAM_CHECKS)) {
    const value = input[key as keyof CreateInput];
    if (value === undefined) continue;
    try {
      check(String(value));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const media = mediaItems(input, options.cwd ?? process.cwd());
  const body = buildCreateBody(input, defaults, model, media.items);
  const warnings = checkCreateBody(body);
  await embedLocalImages(media.local);
  const tooLarge = bodySizeWarning(body);
  for (const warning of tooLarge ? [...warnings, tooLarge] : warnings) options.warn?.(warning);
  return body;
}
