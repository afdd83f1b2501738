// Parsers for the parameters only `create` takes, shared by its flags, `config set` and prepareCreateBody (a batch
// line reaches the same checks). Each throws a plain Error with a one-line message, like parse.ts.
import { parseChoice, parseDuration, parseInteger, RATIOS, RESOLUTIONS, SERVICE_TIERS } from './parse.js';

export const TOOLS = ['web-search'] as const;
const TOOL_TYPES: Record<string, string> = { 'web-search': 'web_search' };

/** frames: 25+4n in [29, 289] (ark-api.md §2.1 [read]). */
export function parseFrames(text: string): number {
  const frames = parseInteger(text, 'frames', 29, 289);
  if ((frames - 25) % 4 !== 0) throw new Error(`frames must be 25+4n (29, 33, …, 289), got ${frames}`);
  return frames;
}

/** execution_expires_after in whole seconds, given as a duration (`24h`, `90m`): 1h–72h [read]. */
export function parseExpiresAfter(text: string): number {
  const seconds = Math.round(parseDuration(text) / 1000);
  if (seconds < 3600 || seconds > 259_200) throw new Error(`expires-after must be between 1h and 72h, got "${text}"`);
  return seconds;
}

/** The webhook receives task objects: https only, kept exactly as given (no slash trimming). */
export function parseCallbackUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`callback-url must be an http(s) URL, got "${text}"`);
  }
  // The notes ask for no scheme (ark-api.md §7); the server POSTs to it, so it must at least be http(s).
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`callback-url must be an http(s) URL, got "${text}"`);
  }
  return text;
}

export function parseTool(text: string): string {
  return parseChoice(text.trim(), 'tool', TOOLS);
}

/** `web-search,web-search` → `[{type:"web_search"}]`; duplicates collapse. */
export function toolsBody(names: string[]): { type: string }[] {
  return [...new Set(names.map(parseTool))].map((name) => ({ type: TOOL_TYPES[name] as string }));
}

export function parseSafetyId(text: string): string {
  const id = text.trim();
  if (id === '') throw new Error('safety-id must not be empty');
  // models.md §2: safety_identifier is at most 64 characters.
  if (id.length > 64) throw new Error(`safety-id must be at most 64 characters, got ${id.length}`);
  return id;
}

/** 2–30 or -1 for any model; which of these a model takes is checked with the model known (check-body.ts). */
export function parseDurationSeconds(text: string): number {
  return parseInteger(text, 'duration', 2, 30, [-1]);
}

export const OUTPUT_FORMATS = ['mp4', 'mov'] as const;
/** priority 0-9 (models.md §2: Seedance 2.x). */
export const parsePriority = (text: string) => parseInteger(text, 'priority', 0, 9);
export const parseOutputFormat = (text: string) =>
  parseChoice(text.trim().toLowerCase(), 'output-format', OUTPUT_FORMATS);

export const parseRatio = (text: string) => parseChoice(text.trim(), 'ratio', RATIOS);
export const parseServiceTier = (text: string) => parseChoice(text.trim(), 'service-tier', SERVICE_TIERS);
export const parseSeed = (text: string) => parseInteger(text, 'seed', -1, 4294967295);

/** The API matches resolutions case-insensitively (models.md): `1080P` and `4K` are sent as `1080p` and `4k`. */
export function parseResolution(text: string): (typeof RESOLUTIONS)[number] {
  const lower = text.trim().toLowerCase();
  const found = RESOLUTIONS.find((choice) => choice === lower);
  if (found) return found;
  throw new Error(`resolution must be one of ${RESOLUTIONS.join(', ')}, got "${text}"`);
}

/** --max-cost: an amount in the provider's currency (¥ Volcengine and the gateway, $ BytePlus). */
export function parseMaxCost(text: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new Error(`max-cost must be a positive amount (e.g. 5 or 0.5), got "${text}"`);
  }
  return value;
}
