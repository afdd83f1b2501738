// Pure parsers shared by commander options and `config set`, so a value is checked the same way wherever it
// comes from. Each throws a plain Error with a one-line message; callers wrap it (InvalidArgumentError, UsageError).

export const PROVIDERS = ['gateway', 'ark', 'byteplus'] as const;
export const RATIOS = ['16:9', '4:3', '1:1', '3:4', '9:16', '21:9', 'adaptive'] as const;
export const RESOLUTIONS = ['480p', '720p', '1080p', '4k'] as const;
export const SERVICE_TIERS = ['default', 'flex'] as const;

export type ProviderName = (typeof PROVIDERS)[number];

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `90` and `90s` are seconds; `10m`, `1h`, `500ms`, `1h30m` also work. Returns milliseconds. */
export function parseDuration(text: string): number {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new Error(`invalid duration "${text}" (use e.g. 90, 90s, 10m, 1h)`);
  }
  return Math.round(parts.reduce((sum, [, value, unit]) => sum + Number(value) * (UNITS[unit as string] ?? 0), 0));
}

export function parseInteger(text: string, name: string, min: number, max: number, extra: number[] = []): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^-?\d+$/.test(trimmed) || !Number.isSafeInteger(value))
    throw new Error(`${name} must be an integer, got "${text}"`);
  if (extra.includes(value)) return value;
  if (value < min || value > max) {
    const also = extra.length > 0 ? ` or ${extra.join(', ')}` : '';
    throw new Error(`${name} must be between ${min} and ${max}${also}, got ${value}`);
  }
  return value;
}

export function parseBoolean(text: string, name: string): boolean {
  const value = text.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new Error(`${name} must be true or false, got "${text}"`);
}

export function parseChoice<T extends string>(text: string, name: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new Error(`${name} must be one of ${choices.join(', ')}, got "${text}"`);
}

/**
 * The shortest fixed poll interval: below 1 s a poll loop only hammers the API (and `0` polled hundreds of times a
 * second). Core polling enforces it for every front end (core/poll.ts); the CLI's parser says it in its own words.
 */
export const MIN_POLL_INTERVAL_MS = 1000;

export function parseInterval(text: string): number {
  const ms = parseDuration(text);
  if (ms < MIN_POLL_INTERVAL_MS) throw new Error(`interval must be at least 1s, got "${text}"`);
  return ms;
}

export function parseHttpUrl(text: string, name: string, { httpsOnly = false } = {}): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${name} must be a URL, got "${text}"`);
  }
  const allowed = httpsOnly ? ['https:'] : ['https:', 'http:'];
  if (!allowed.includes(url.protocol)) throw new Error(`${name} must be an ${allowed.join(' or ')} URL, got "${text}"`);
  return text.replace(/\/+$/, '');
}

/** `--set key=value`: the value is JSON when it parses as JSON ("5" → 5, "true" → true), a string otherwise. */
export function parseSetPair(text: string): [string, unknown] {
  const eq = text.indexOf('=');
  const key = eq < 0 ? '' : text.slice(0, eq).trim();
  if (key === '' || key.split('.').some((part) => part.trim() === '')) {
    throw new Error(`--set expects key=value (a dotted key nests: a.b=1), got "${text}"`);
  }
  const raw = text.slice(eq + 1);
  try {
    return [key, JSON.parse(raw)];
  } catch {
    return [key, raw];
  }
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0
    ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
    : `${m}:${String(s).padStart(2, '0')}`;
}
