import type { ArkError } from './errors.js';
import { type ModelRules, modelRules } from './models.js';

/** A create body after validation: what the task remembers of its request. `null` means "not set". */
export interface TaskRequest {
  model: string;
  prompt: string;
  ratio: string | null;
  resolution: string | null;
  duration: number | null;
  frames: number | null;
  seed: number | null;
  generateAudio: boolean | null;
  watermark: boolean | null;
  cameraFixed: boolean | null;
  returnLastFrame: boolean;
  serviceTier: string | null;
  executionExpiresAfter: number | null;
  draft: boolean | null;
  tools: unknown[] | null;
  safetyIdentifier: string | null;
  callbackUrl: string | null;
  priority: number | null;
  outputFormat: string | null;
}

export type Validation = { ok: true; request: TaskRequest } | { ok: false; error: ArkError };

type Json = Record<string, unknown>;

const RATIOS = ['16:9', '4:3', '1:1', '3:4', '9:16', '21:9', 'adaptive'];
const RESOLUTIONS = ['480p', '720p', '1080p', '4k'];
const ROLES: Record<string, string[]> = {
  image_url: ['first_frame', 'last_frame', 'reference_image'],
  video_url: ['reference_video'],
  audio_url: ['reference_audio'],
};
/** For a model the sandbox does not know: the largest any known model takes. */
const GENERIC_REFS = { image: 30, video: 10, audio: 10 };
const DATA_IMAGE = /^data:image\/(png|jpeg|jpg|webp|bmp|tiff|gif|heic|heif);base64,([A-Za-z0-9+/]+={0,2})$/;

class Refusal extends Error {
  constructor(readonly error: ArkError) {
    super(error.message);
  }
}

function invalid(param: string, detail: string): Refusal {
  const message = `The parameter \`${param}\` specified in the request is not valid: ${detail}.`;
  return new Refusal({ status: 400, code: 'InvalidParameter', message, param });
}

function missing(param: string): Refusal {
  const message = `The request failed because it is missing one or multiple required parameters: \`${param}\`.`;
  return new Refusal({ status: 400, code: 'MissingParameter', message, param });
}

/** Validates a create body the way Ark does (ark-api.md §2): strict types and ranges, `null` as "not set". */
export function validateCreate(body: unknown): Validation {
  try {
    return { ok: true, request: parseRequest(body) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, error: error.error };
    throw error;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseRequest(body: unknown): TaskRequest {
  if (!isObject(body)) throw invalid('body', 'the request body must be a JSON object');
  if (body.model == null || body.model === '') throw missing('model');
  if (typeof body.model !== 'string') throw invalid('model', 'must be a string');
  const rules = modelRules(body.model);
  const prompt = checkContent(body.content, rules, body.model, body.ratio);
  const draft = optionalBoolean(body, 'draft');
  const request: TaskRequest = {
    model: body.model,
    prompt,
    ratio: optionalEnum(body, 'ratio', RATIOS),
    resolution: optionalEnum(body, 'resolution', RESOLUTIONS),
    duration: optionalInteger(body, 'duration', (n) => n === -1 || (n >= 2 && n <= 30), 'between 2 and 30, or -1'),
    frames: optionalInteger(
      body,
      'frames',
      (n) => n >= 29 && n <= 289 && (n - 25) % 4 === 0,
      'of the form 25+4n in [29, 289]',
    ),
    seed: optionalInteger(body, 'seed', (n) => n >= -1 && n <= 2 ** 32 - 1, 'between -1 and 4294967295'),
    generateAudio: optionalBoolean(body, 'generate_audio'),
    watermark: optionalBoolean(body, 'watermark'),
    cameraFixed: optionalBoolean(body, 'camera_fixed'),
    returnLastFrame: optionalBoolean(body, 'return_last_frame') ?? false,
    serviceTier: optionalEnum(body, 'service_tier', ['default', 'flex']),
    executionExpiresAfter: optionalInteger(
      body,
      'execution_expires_after',
      (n) => n >= 3600 && n <= 259200,
      'between 3600 and 259200',
    ),
    draft,
    tools: checkTools(body.tools),
    safetyIdentifier: optionalString(body, 'safety_identifier'),
    callbackUrl: optionalString(body, 'callback_url'),
    priority: optionalInteger(body, 'priority', (n) => n >= 0 && n <= 9, 'between 0 and 9'),
    outputFormat: optionalEnum(body, 'output_format', ['mp4', 'mov']),
  };
  if (request.callbackUrl !== null && !/^https?:\/\//.test(request.callbackUrl)) {
    throw invalid('callback_url', 'must be an http or https URL');
  }
  if (rules) checkModelRules(body, request, rules);
  if (draft) {
    if (request.resolution !== null && request.resolution !== '480p') throw invalid('resolution', 'a draft is 480p');
    if (request.returnLastFrame) throw invalid('return_last_frame', 'not supported for a draft');
    if (request.serviceTier === 'flex') throw invalid('service_tier', 'flex is not supported for a draft');
  }
  return request;
}

/** The model's own rules (models.md): fields it wants empty, its resolutions and durations. */
function checkModelRules(body: Json, request: TaskRequest, rules: ModelRules): void {
  const mode = Array.isArray(body.content)
    ? (body.content as Json[]).some((item) => isObject(item) && String(item.role ?? '').startsWith('reference'))
      ? 'r2v'
      : (body.content as Json[]).some((item) => isObject(item) && item.type === 'image_url')
        ? 'i2v'
        : 't2v'
    : 't2v';
  for (const field of rules.empty) {
    if (body[field] != null) {
      const message = `the specified parameter \`${field}\` is not supported for model ${request.model} in ${mode}, must be empty`;
      throw new Refusal({ status: 400, code: 'InvalidParameter', message, param: field });
    }
  }
  if (request.resolution !== null && !rules.resolutions.includes(request.resolution)) {
    throw invalid('resolution', `${request.resolution} is not supported by ${request.model}`);
  }
  const [min, max] = rules.durations;
  const d = request.duration;
  if (d !== null && !((d === -1 && rules.auto) || (d >= min && d <= max))) {
    throw invalid('duration', `must be between ${min} and ${max}${rules.auto ? ', or -1' : ''} for ${request.model}`);
  }
}

function optionalEnum(body: Json, key: string, allowed: string[]): string | null {
  const value = body[key];
  if (value == null) return null;
  if (typeof value !== 'string' || !allowed.includes(value)) throw invalid(key, `must be one of ${allowed.join(', ')}`);
  return value;
}

function optionalInteger(body: Json, key: string, inRange: (n: number) => boolean, range: string): number | null {
  const value = body[key];
  if (value == null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || !inRange(value)) {
    throw invalid(key, `must be an integer ${range}`);
  }
  return value;
}

function optionalBoolean(body: Json, key: string): boolean | null {
  const value = body[key];
  if (value == null) return null;
  if (typeof value !== 'boolean') throw invalid(key, 'must be a boolean');
  return value;
}

function optionalString(body: Json, key: string): string | null {
  const value = body[key];
  if (value == null) return null;
  if (typeof value !== 'string') throw invalid(key, 'must be a string');
  return value;
}

function checkTools(tools: unknown): unknown[] | null {
  if (tools == null) return null;
  const ok = Array.isArray(tools) && tools.every((tool) => isObject(tool) && tool.type === 'web_search');
  if (!ok) throw invalid('tools', 'must be a list of {"type":"web_search"}');
  return tools as unknown[];
}

/** Checks the items one by one, then the combination rules of Seedance 2.0; returns the prompt text. */
function checkContent(content: unknown, rules: ModelRules | null, model: string, ratio: unknown): string {
  if (content == null || (Array.isArray(content) && content.length === 0)) throw missing('content');
  if (!Array.isArray(content)) throw invalid('content', 'must be an array');
  const texts: string[] = [];
  const roles: string[] = [];
  const counts: Record<string, number> = { image_url: 0, video_url: 0, audio_url: 0 };
  content.forEach((item: unknown, index) => {
    const at = `content[${index}]`;
    if (!isObject(item)) throw invalid(at, 'must be an object');
    const type = item.type;
    if (type === 'text') {
      if (typeof item.text !== 'string') throw invalid(`${at}.text`, 'must be a string');
      texts.push(item.text);
    } else if (type === 'draft_task') {
      if (!isObject(item.draft_task) || typeof item.draft_task.id !== 'string') throw missing(`${at}.draft_task.id`);
    } else if (typeof type === 'string' && type in ROLES) {
      checkMediaItem(item, type, at);
      counts[type] = (counts[type] ?? 0) + 1;
      roles.push(typeof item.role === 'string' ? item.role : ROLES[type]![0]!);
    } else {
      throw invalid(`${at}.type`, `unknown content type ${JSON.stringify(type)}`);
    }
  });
  checkCombination(roles, counts, rules, model, ratio);
  return texts.join('\n');
}

function checkMediaItem(item: Json, type: string, at: string): void {
  if (item.role != null && !ROLES[type]!.includes(item.role as string)) {
    throw invalid(`${at}.role`, `a ${type} item takes the role ${ROLES[type]!.join(' or ')}`);
  }
  const holder = item[type];
  const url = isObject(holder) ? holder.url : undefined;
  if (typeof url !== 'string' || url === '') throw missing(`${at}.${type}.url`);
  if (url.startsWith('data:')) {
    if (type !== 'image_url') throw invalid(`${at}.${type}.url`, 'video and audio must be URLs, not base64 data');
    const match = DATA_IMAGE.exec(url);
    if (!match || match[2]!.length % 4 !== 0) {
      throw invalid(`${at}.image_url.url`, 'a data URL must be data:image/<format>;base64,<base64 data>');
    }
  } else if (!/^(https?|asset):\/\/./.test(url)) {
    throw invalid(`${at}.${type}.url`, 'must be an http(s) URL, an asset:// id or a data URL');
  }
}

function checkCombination(
  roles: string[],
  counts: Record<string, number>,
  rules: ModelRules | null,
  model: string,
  ratio: unknown,
): void {
  const count = (role: string) => roles.filter((r) => r === role).length;
  const frames = count('first_frame') + count('last_frame');
  const references = roles.length - frames;
  if (count('first_frame') > 1 || count('last_frame') > 1) {
    throw invalid('content', 'at most one first_frame and one last_frame image are allowed');
  }
  if (count('last_frame') > 0 && count('first_frame') === 0) throw invalid('content', 'last_frame needs a first_frame');
  if (frames > 0 && references > 0) {
    throw invalid('content', 'first/last frame images cannot be mixed with reference images, videos or audios');
  }
  if (references > 0) {
    if (rules && rules.refs === null) throw invalid('content', `reference media are not supported by ${model}`);
    const refs = rules?.refs ?? GENERIC_REFS;
    const limits: Record<string, number> = { image_url: refs.image, video_url: refs.video, audio_url: refs.audio };
    for (const [type, limit] of Object.entries(limits)) {
      if ((counts[type] ?? 0) > limit) throw invalid('content', `at most ${limit} ${type} items are allowed`);
    }
  }
  if (rules && count('last_frame') > 0) {
    if (!rules.lastFrame) throw invalid('content', `last_frame is not supported by ${model}`);
    if (rules.lastFrameAdaptive && ratio != null && ratio !== 'adaptive') {
      throw invalid('ratio', 'first and last frames need the ratio adaptive');
    }
  }
  const audioOnly = (counts.audio_url ?? 0) > 0 && (counts.image_url ?? 0) + (counts.video_url ?? 0) === 0;
  if (audioOnly && rules && !rules.audioOnly)
    throw invalid('content', 'reference_audio cannot be the only reference input');
}
