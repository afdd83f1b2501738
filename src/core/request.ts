import { randomUUID } from 'node:crypto';
import type { ConfigValues } from '../config/store.js';
import { UsageError } from '../errors.js';
import { bodySizeWarning, checkCreateBody } from './check-body.js';
import { type ContentItem, embedLocalImages, type MediaInput, mediaItems } from './media.js';
import { GATED } from './models/catalogue.js';
import { findModel, resolveModel } from './models/resolve.js';
import {
  bodyValue,
  fieldOf,
  PARAMS,
  type Param,
  type ParamValues,
  parseBodyField,
  parseDefault,
} from './params/table.js';
import { type ProviderName, parseSetPair } from './parse.js';

/** Create options as the user gave them (flags, or a batch line), before defaults: the table's typed values. */
export interface CreateInput extends MediaInput, ParamValues {
  prompt: string;
  model?: string;
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
  const fromDefaults: Body = {};
  const fromFlags: Body = {};
  const given = input as unknown as Record<string, unknown>;
  for (const row of PARAMS as readonly Param[]) {
    // config.json may be edited by hand: every default goes through the row's parser.
    const fallback = parseDefault(row, defaults[row.key]);
    if (fallback !== undefined) fromDefaults[row.body] = bodyValue(row, fallback);
    const value = given[fieldOf(row.key)];
    if (value !== undefined) fromFlags[row.body] = bodyValue(row, value);
  }
  const { model: baseModel, content: baseContent, ...baseFields } = base;
  const fromBase = defined(usage(() => parsedFields(baseFields, '--body')));
  const body: Body = {
    model: input.model ?? (typeof baseModel === 'string' ? baseModel : model),
    content: mergeContent(baseContent, input.prompt, media),
    ...defined(fromDefaults),
    ...fromBase,
    ...defined(fromFlags),
  };
  const setKeys = new Set<string>();
  for (const pair of input.set ?? []) {
    const [key, value] = usage(() => parseSetPair(pair));
    setKeys.add(key);
    setPath(
      body,
      key,
      usage(() => parseBodyField(key, value, `--set ${pair}`)),
    );
    if (key === 'content' && !isContent(value)) {
      throw new UsageError(`--set ${pair}: content must be a JSON array of items such as {"type":"text","text":"…"}`);
    }
    if (key === 'model' && (typeof value !== 'string' || value.trim() === '')) {
      throw new UsageError(`--set ${pair}: model must be a model id (use --model)`);
    }
  }
  // A config default is a default where it applies: `config set service-tier flex` must not break `-m 2.0`.
  const spec = findModel(String(body.model));
  for (const field of GATED) {
    const fromConfigOnly = fromDefaults[field] != null && fromBase[field] === undefined && !setKeys.has(field);
    if (fromConfigOnly && fromFlags[field] === undefined && spec?.params[field] === 'rejected') delete body[field];
  }
  return body;
}

function parsedFields(fields: Body, source: string): Body {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, parseBodyField(key, value, source)]));
}

function isContent(value: unknown): boolean {
  return (
    Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))
  );
}

/** Our parsers throw plain Errors; an input they refuse is the user's to fix (exit 2), not a bug. */
function usage<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
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

const DATA_URL = /^data:[\w.+/-]+;base64,[A-Za-z0-9+/=]*$/;

/**
 * The body as the UTF-8 JSON that is sent (the bytes of `JSON.stringify(body)`), written into one Buffer: a large
 * data URL is copied into it once, not first into a JSON string as large as the request (a 29 MB image is a 39 MB
 * data URL).
 */
export function serializeBody(body: Body): Buffer {
  const urls: string[] = [];
  const token = `@@seedance-data-url-${randomUUID()}-`;
  const json = JSON.stringify(body, (_key, value: unknown) =>
    typeof value === 'string' && value.length > 65_536 && DATA_URL.test(value)
      ? `${token}${urls.push(value) - 1}@@`
      : value,
  );
  if (urls.length === 0) return Buffer.from(json);
  // [text, index, text, index, …, text]: base64 needs no JSON escaping, so each URL goes in as its own bytes.
  const pieces = json.split(new RegExp(`"${token}(\\d+)@@"`));
  const url = (i: number) => urls[Number(pieces[i])] as string;
  let size = 0;
  for (let i = 0; i < pieces.length; i++)
    size += i % 2 === 0 ? Buffer.byteLength(pieces[i] as string) : url(i).length + 2;
  const bytes = Buffer.allocUnsafe(size);
  let at = 0;
  for (let i = 0; i < pieces.length; i++) {
    if (i % 2 === 0) at += bytes.write(pieces[i] as string, at, 'utf8');
    else
      at +=
        bytes.write(`"`, at, 'latin1') +
        bytes.write(url(i), at + 1, 'latin1') +
        bytes.write(`"`, at + 1 + url(i).length, 'latin1');
  }
  return bytes;
}

/** Binary units, named as such: 30,000,000 bytes is 28.6 MiB (not "28.6 MB"). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

const GATEWAY_PRIORITY = ['2.0', '2.0-fast'];

export interface PrepareOptions {
  /** Relative media paths are resolved against it (default: the process's directory). */
  cwd?: string;
  /** Where warnings go (a rule known only from third parties warns instead of refusing). */
  warn?: (message: string) => void;
  /** Aliases (`-m 2.0`) map to this provider's ids; default: the gateway. */
  provider?: ProviderName;
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
  const media = mediaItems(input, options.cwd ?? process.cwd());
  const body = buildCreateBody(input, defaults, model, media.items);
  const resolved = usage(() => resolveModel(String(body.model), options.provider ?? 'gateway'));
  body.model = resolved.id;
  // Sources disagree on its default (models.md §5.9): sent explicitly on every model that makes sound.
  if (resolved.spec?.sound && body.generate_audio == null) body.generate_audio = true;
  const warnings = checkCreateBody(body, resolved.spec);
  if (!resolved.spec) {
    warnings.unshift(`model ${resolved.id} is not in this version's catalogue: only the generic checks apply`);
  }
  // new-api refuses priority unless the upstream is 2.0 or 2.0 fast (models.md §4).
  const gateway = (options.provider ?? 'gateway') === 'gateway';
  if (gateway && body.priority != null && resolved.spec && !GATEWAY_PRIORITY.includes(resolved.spec.alias)) {
    throw new UsageError(`--priority is not accepted by the gateway for ${resolved.spec.name}: 2.0 and 2.0-fast only`, {
      hint: 'drop --priority, or use --provider ark/byteplus',
    });
  }
  // new-api forwards a fixed list of fields and silently drops output_format (models.md §4).
  if ((options.provider ?? 'gateway') === 'gateway' && body.output_format != null) {
    warnings.push('the gateway drops output_format (its channel forwards a fixed list of fields): expect mp4');
  }
  await embedLocalImages(media.local);
  const tooLarge = bodySizeWarning(body);
  for (const warning of tooLarge ? [...warnings, tooLarge] : warnings) options.warn?.(warning);
  return body;
}
