// One row per create parameter: its flag, help, config key, batch job key and body field come from here, so adding
// a parameter is one row (plus its tests). The row's key is the flag's long name, the config key and the job key;
// the CreateInput field is its camelCase (what commander calls the option's attribute).

import { UsageError } from '../../errors.js';
import {
  OUTPUT_FORMATS,
  parseCallbackUrl,
  parseDurationSeconds,
  parseExpiresAfter,
  parseFrames,
  parseOutputFormat,
  parsePriority,
  parseRatio,
  parseResolution,
  parseSafetyId,
  parseSeed,
  parseServiceTier,
  parseTool,
  TOOLS,
  toolsBody,
} from '../create-params.js';
import { parseBoolean, RATIOS, RESOLUTIONS, SERVICE_TIERS } from '../parse.js';

/** How a batch line's JSON value is read before the row's parser sees it (src/core/batch/job-keys.ts). */
export type ParamKind = 'string' | 'number' | 'boolean' | 'strings' | 'expires';

export interface Param<T = unknown, K extends string = string> {
  /** `camera-fixed`: flag `--camera-fixed`, config key, job key. */
  key: K;
  /** The API's name for it (`camera_fixed`). */
  body: string;
  short?: string;
  /** The flag's value name (`<seconds>`); none for a switch. */
  arg?: string;
  help: string;
  /** A switch that also has `--no-<key>`: its help. */
  negate?: string;
  /** Shown in help and completion; the parser decides what is accepted. */
  choices?: readonly string[];
  kind: ParamKind;
  /** Text (a flag, config.json, `--set`, `--body`, a batch line) → the typed value; throws a one-line Error. */
  parse(text: string): T;
  /** A repeatable flag: every use adds to a list. */
  repeatable?: boolean;
  /** Typed value → body value (default: as is). */
  toBody?(value: T): unknown;
  /** What `config set` stores (default: the parsed value); `expires-after` keeps `24h` as written. */
  store?(text: string): string | number | boolean;
  config: string;
  /** A body field's value from `--set`/`--body` goes through `parse` unless false (tools are objects). */
  parseBody?: boolean;
}

const bool = (name: string) => (text: string) => parseBoolean(text, name);
const param = <T, const K extends string = string>(row: Param<T, K>): Param<T, K> => row;

export const PARAMS = [
  param({
    key: 'ratio',
    body: 'ratio',
    short: 'r',
    arg: '<ratio>',
    help: 'aspect ratio',
    choices: RATIOS,
    kind: 'string',
    parse: parseRatio,
    config: 'default --ratio',
  }),
  param({
    key: 'duration',
    body: 'duration',
    short: 'd',
    arg: '<seconds>',
    help: 'length in seconds: 4-15 (2.5: 4-30, 1.5: 4-12, 1.0: 2-12), or -1 to let the model choose',
    kind: 'number',
    parse: parseDurationSeconds,
    config: 'default --duration',
  }),
  param({
    key: 'frames',
    body: 'frames',
    arg: '<n>',
    help: 'length in frames at 24 fps, 25+4n in 29-289 (Seedance 1.0 only)',
    kind: 'number',
    parse: parseFrames,
    config: 'default --frames',
  }),
  param({
    key: 'resolution',
    body: 'resolution',
    arg: '<res>',
    help: 'output resolution, any case (4k: 2.0 only; 2.0 fast/mini: 480p, 720p)',
    choices: RESOLUTIONS,
    kind: 'string',
    parse: parseResolution,
    config: 'default --resolution',
  }),
  param({
    key: 'audio',
    body: 'generate_audio',
    help: 'generate audio (generate_audio; the default on models that make sound)',
    negate: 'generate a silent video',
    kind: 'boolean',
    parse: bool('audio'),
    config: 'default --audio',
  }),
  param({
    key: 'watermark',
    body: 'watermark',
    help: 'add a watermark',
    negate: 'no watermark',
    kind: 'boolean',
    parse: bool('watermark'),
    config: 'default --watermark',
  }),
  param({
    key: 'seed',
    body: 'seed',
    arg: '<n>',
    help: 'seed: -1 (random) to 4294967295',
    kind: 'number',
    parse: parseSeed,
    config: 'default --seed',
  }),
  param({
    key: 'camera-fixed',
    body: 'camera_fixed',
    help: 'keep the camera fixed (Seedance 1.x)',
    kind: 'boolean',
    parse: bool('camera-fixed'),
    config: 'default --camera-fixed',
  }),
  param({
    key: 'return-last-frame',
    body: 'return_last_frame',
    help: 'also produce the last frame as an image',
    kind: 'boolean',
    parse: bool('return-last-frame'),
    config: 'default --return-last-frame',
  }),
  param({
    key: 'callback-url',
    body: 'callback_url',
    arg: '<url>',
    help: 'http(s) URL the server POSTs the task to on every status change',
    kind: 'string',
    parse: parseCallbackUrl,
    config: 'default --callback-url',
  }),
  param({
    key: 'service-tier',
    body: 'service_tier',
    arg: '<tier>',
    help: 'flex: offline, cheaper, slower (Seedance 1.x)',
    choices: SERVICE_TIERS,
    kind: 'string',
    parse: parseServiceTier,
    config: 'default --service-tier',
  }),
  param({
    key: 'expires-after',
    body: 'execution_expires_after',
    arg: '<duration>',
    help: 'expire the task if not done after this long (1h-72h)',
    kind: 'expires',
    // Seconds; a plain number is seconds too, so a batch line's 7200 and the body's value parse the same way.
    parse: parseExpiresAfter,
    // Kept as written (`24h`), so `config list` shows what the user typed.
    store: (text) => {
      parseExpiresAfter(text);
      return text.trim();
    },
    config: 'default --expires-after (1h-72h)',
  }),
  param({
    key: 'draft',
    body: 'draft',
    help: 'a cheap 480p draft (Seedance 1.5 pro only)',
    kind: 'boolean',
    parse: bool('draft'),
    config: 'default --draft',
  }),
  param({
    key: 'priority',
    body: 'priority',
    arg: '<n>',
    help: 'queue priority 0-9 (Seedance 2.x)',
    kind: 'number',
    parse: parsePriority,
    config: 'default --priority (Seedance 2.x)',
  }),
  param({
    key: 'output-format',
    body: 'output_format',
    arg: '<format>',
    help: 'container of the video (Seedance 2.5)',
    choices: OUTPUT_FORMATS,
    kind: 'string',
    parse: parseOutputFormat,
    config: 'default --output-format (Seedance 2.5)',
  }),
  param<string[], 'tool'>({
    key: 'tool',
    body: 'tools',
    arg: '<name>',
    help: `let the model use a tool (repeatable: ${TOOLS.join(', ')})`,
    kind: 'strings',
    repeatable: true,
    parse: (text) => [...new Set(text.split(',').map(parseTool))],
    toBody: (names) => (names.length > 0 ? toolsBody(names) : undefined),
    store: (text) => [...new Set(text.split(',').map(parseTool))].join(','),
    config: `default --tool, comma-separated (${TOOLS.join(', ')})`,
    parseBody: false,
  }),
  param({
    key: 'safety-id',
    body: 'safety_identifier',
    arg: '<id>',
    help: 'your end-user id for safety checks (safety_identifier)',
    kind: 'string',
    parse: parseSafetyId,
    config: 'default --safety-id',
  }),
] as const;

export type Params = typeof PARAMS;
export type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type ValueOf<P> = P extends Param<infer T, string> ? T : never;

/** The typed values of the table's parameters, by CreateInput field (`cameraFixed`). */
export type ParamValues = { [P in Params[number] as Camel<P['key']>]?: ValueOf<P> };

/** The batch job keys of the table's rows: the key names the CreateInput field and how its JSON is read. */
export type ParamJobKeys = { [P in Params[number] as P['key']]: { field: Camel<P['key']>; kind: P['kind'] } };

/** Built from the rows when called: a module that reads it at load time sees every row there is. */
export function paramJobKeys(): ParamJobKeys {
  return Object.fromEntries(
    PARAMS.map((row) => [row.key, { field: fieldOf(row.key), kind: row.kind }]),
  ) as ParamJobKeys;
}

export function fieldOf(key: string): string {
  return key.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The row a body field belongs to. */
export function paramByBody(field: string): Param | undefined {
  return (PARAMS as readonly Param[]).find((row) => row.body === field);
}

/** The body value of a typed value. */
export function bodyValue(row: Param, value: unknown): unknown {
  return row.toBody ? (row.toBody as (v: unknown) => unknown)(value) : value;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : JSON.stringify(value);
}

/** A value from anywhere but commander (a batch line, a test), through the row's parser. */
export function parseParam(row: Param, value: unknown): unknown {
  return value === undefined || value === null ? undefined : row.parse(asText(value));
}

/**
 * A default from config.json, through the row's parser: the file may have been edited by hand, and a bad value
 * ends the command (exit 2) naming the file and the key before anything is sent.
 */
export function parseDefault(row: Param, value: unknown): unknown {
  try {
    return parseParam(row, value);
  } catch (error) {
    const message = (error as Error).message;
    throw new UsageError(`config.json: ${message.includes(row.key) ? '' : `${row.key}: `}${message}`, {
      code: 'config_invalid',
      hint: `fix it with: seedance config set ${row.key} <value> (or seedance config unset ${row.key})`,
    });
  }
}

/** A body field's value (from `--set` or `--body`) through its row's parser; `source` names where it came from. */
export function parseBodyField(field: string, value: unknown, source: string): unknown {
  const row = paramByBody(field);
  if (!row || row.parseBody === false || value === undefined || value === null) return value;
  try {
    return parseParam(row, value);
  } catch (error) {
    // Named as the body names it: `--set generate_audio=maybe` is about generate_audio, not --audio.
    const message = (error as Error).message;
    const named = message.startsWith(`${row.key} `) ? `${row.body}${message.slice(row.key.length)}` : message;
    throw new Error(`${source}: ${named}`);
  }
}
