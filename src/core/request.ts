import type { ConfigValues } from '../config/store.js';
import { parseSetPair } from './parse.js';

/** Create options as the user gave them (flags), before defaults. */
export interface CreateInput {
  prompt: string;
  model?: string;
  ratio?: string;
  duration?: number;
  resolution?: string;
  audio?: boolean;
  watermark?: boolean;
  seed?: number;
  cameraFixed?: boolean;
  returnLastFrame?: boolean;
  set?: string[];
}

export type Body = Record<string, unknown>;
type ContentItem = Record<string, unknown>;

/**
 * The request body of a create (ark-api.md §2, the provider's page): content[] with the text item, generation
 * fields at top level. Only fields the user set — or configured as defaults — are sent; never null.
 */
export function buildCreateBody(input: CreateInput, defaults: ConfigValues, model: string): Body {
  const content: ContentItem[] = [];
  if (input.prompt) content.push({ type: 'text', text: input.prompt });
  const body: Body = {
    model: input.model ?? model,
    content,
    ratio: input.ratio ?? defaults.ratio,
    resolution: input.resolution ?? defaults.resolution,
    duration: input.duration ?? defaults.duration,
    generate_audio: input.audio ?? defaults.audio,
    watermark: input.watermark ?? defaults.watermark,
    seed: input.seed,
    camera_fixed: input.cameraFixed || undefined,
    return_last_frame: input.returnLastFrame ?? (defaults['return-last-frame'] || undefined),
    service_tier: defaults['service-tier'],
  };
  for (const [key, value] of Object.entries(body)) if (value === undefined) delete body[key];
  for (const pair of input.set ?? []) {
    const [key, value] = parseSetPair(pair);
    setPath(body, key, value);
  }
  return body;
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

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/**
 * The body a create sends, with every input checked first (nothing is sent when one fails). Async because local
 * media files are read and encoded. Used by `create` and `batch`.
 */
export async function prepareCreateBody(input: CreateInput, defaults: ConfigValues, model: string): Promise<Body> {
  return buildCreateBody(input, defaults, model);
}
