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
  return id;
}

/** 2–15 or -1 for any model; which of these a model takes is checked with the model known (check-body.ts). */
export function parseDurationSeconds(text: string): number {
  return parseInteger(text, 'duration', 2, 15, [-1]);
}

/** Typed create values that did not come through commander (a batch line) get the flags' checks here. */
export const PARAM_CHECKS: Record<string, (text: string) => unknown> = {
  ratio: (v) => parseChoice(v, 'ratio', RATIOS),
  resolution: (v) => parseChoice(v, 'resolution', RESOLUTIONS),
  duration: parseDurationSeconds,
  frames: parseFrames,
  seed: (v) => parseInteger(v, 'seed', -1, 4294967295),
  callbackUrl: parseCallbackUrl,
  serviceTier: (v) => parseChoice(v, 'service-tier', SERVICE_TIERS),
  expiresAfter: (v) => parseInteger(v, 'expires-after (seconds)', 3600, 259_200),
  safetyId: parseSafetyId,
};
