// The rules a create body can break, checked on the final body (flags, config defaults, --body and --set together)
// before anything is read or sent. The model's rules come from its catalogue entry (reference/models.md, which
// wins over ark-api.md); a model the catalogue does not know gets only the generic checks.
import { UsageError } from '../errors.js';
import { GATED, type Gated, MODELS, type ModelSpec } from './models/catalogue.js';
import { findModel } from './models/resolve.js';

type Body = Record<string, unknown>;

const MEDIA_TYPES = ['image_url', 'video_url', 'audio_url'] as const;
const PROMPT_CJK_CHARS = 500;
const PROMPT_WORDS = 1000;
const BODY_BYTES = 64 * 1024 * 1024;

/**
 * Throws a UsageError for a refused body; returns the warnings to print. `spec` is the model's catalogue entry
 * (models.md); null for a model this version does not know, which gets only the generic checks.
 */
export function checkCreateBody(body: Body, spec: ModelSpec | null = findModel(String(body.model))): string[] {
  const warnings: string[] = [];
  const content = Array.isArray(body.content) ? (body.content as unknown[]).filter(isObject) : [];
  const text = content.flatMap((item) => (item.type === 'text' && typeof item.text === 'string' ? [item.text] : []));
  if (text.join('').trim() === '' && !content.some((item) => item.type !== 'text')) {
    throw new UsageError('a prompt is required (argument, --prompt-file <path> or --prompt-file -), or media');
  }
  const model = spec ? `${spec.name} (${String(body.model)})` : String(body.model);
  checkMedia(content, spec, model, body.ratio, warnings);
  checkParameters(body, spec, model, content, warnings);
  const prompt = text.join('\n');
  const cjk = prompt.match(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g)?.length ?? 0;
  const words = prompt.split(/\s+/).filter(Boolean).length;
  // [3p] "recommended ≤ 500 Chinese characters / ≤ 1000 English words"; no hard maximum is known: warn.
  if (cjk > PROMPT_CJK_CHARS || words > PROMPT_WORDS) {
    warnings.push(
      `the prompt is long (${cjk > PROMPT_CJK_CHARS ? `${cjk} CJK characters` : `${words} words`}); ` +
        `≤ ${PROMPT_CJK_CHARS} Chinese characters or ≤ ${PROMPT_WORDS} English words is recommended`,
    );
  }
  return warnings;
}

function checkMedia(content: Body[], spec: ModelSpec | null, model: string, ratio: unknown, warnings: string[]): void {
  const counts = { image_url: 0, video_url: 0, audio_url: 0 };
  const roles: string[] = [];
  for (const item of content) {
    const type = MEDIA_TYPES.find((t) => t === item.type);
    if (!type) continue;
    counts[type] += 1;
    // An image without a role is a first frame (ark-api.md §2.2 [read]).
    roles.push(typeof item.role === 'string' ? item.role : type === 'image_url' ? 'first_frame' : type);
  }
  const count = (role: string) => roles.filter((r) => r === role).length;
  const first = count('first_frame');
  const last = count('last_frame');
  const references = roles.length - first - last;
  // Role rules hold on every model [P]: a lone last frame, two of a kind, frames mixed with references.
  if (first > 1 || last > 1) throw new UsageError('at most one first frame and one last frame');
  if (last > 0 && first === 0) throw new UsageError('--last-frame needs --first-frame');
  if (first + last > 0 && references > 0) {
    throw new UsageError('--first-frame/--last-frame cannot be combined with --ref-image, --ref-video or --ref-audio');
  }
  const modes = spec?.modes;
  if (first > 0 && modes && !modes.firstFrame) throw new UsageError(`${model} takes no --first-frame (text only)`);
  if (last > 0 && modes && !modes.lastFrame) {
    throw new UsageError(`${model} takes a --first-frame only, no --last-frame`);
  }
  if (last > 0 && modes?.lastFrameNeedsAdaptive && ratio !== undefined && ratio !== null && ratio !== 'adaptive') {
    throw new UsageError(`${model} takes a first and a last frame only with --ratio adaptive, got ${String(ratio)}`);
  }
  if (references > 0 && modes && !modes.references) {
    throw new UsageError(`${model} takes no reference media (--ref-image, --ref-video, --ref-audio)`, {
      hint: 'reference media need Seedance 2.0 or 2.5',
    });
  }
  // A model this version does not know gets the largest limits any known model has.
  const limits = modes?.references ?? (modes ? null : GENERIC_LIMITS);
  if (limits && references > 0) {
    const names = { image_url: 'images', video_url: 'reference videos', audio_url: 'reference audios' };
    const limitOf = { image_url: limits.image, video_url: limits.video, audio_url: limits.audio };
    const on = spec ? ` for ${model}` : '';
    for (const type of MEDIA_TYPES) {
      if (counts[type] > limitOf[type]) {
        const detail = limitOf[type] === 0 ? 'none allowed' : `at most ${limitOf[type]}`;
        throw new UsageError(`too many ${names[type]}${on}: ${counts[type]} (${detail})`);
      }
    }
    if (roles.length > limits.total) {
      throw new UsageError(`too many media inputs${on}: ${roles.length} (at most ${limits.total})`);
    }
    if (modes?.referencesDisputed) {
      warnings.push(`${model}: reference images are reported both to work and to be rejected; the API decides`);
    }
  }
  // Audio as the only reference: 400 on 2.0 [P], allowed on 2.5 [D].
  if (counts.audio_url > 0 && counts.image_url + counts.video_url === 0 && modes && !modes.audioOnly) {
    throw new UsageError(`--ref-audio needs at least one --ref-image or --ref-video on ${model}`, {
      hint: 'Seedance 2.5 (-m 2.5) takes audio-only references',
    });
  }
  if (ratio === 'adaptive' && modes?.noAdaptiveRefs && count('reference_image') > 0) {
    throw new UsageError(`--ratio adaptive is not allowed with reference images on ${model}`);
  }
  if (ratio === 'adaptive' && modes?.noAdaptiveT2V && roles.length === 0) {
    throw new UsageError(`--ratio adaptive needs an input image on ${model}`);
  }
}

const GENERIC_LIMITS = { image: 30, video: 10, audio: 10, total: 50 };
const FLAG: Record<Gated, string> = {
  service_tier: '--service-tier',
  priority: '--priority',
  camera_fixed: '--camera-fixed',
  frames: '--frames',
  draft: '--draft',
  output_format: '--output-format',
};

function checkParameters(body: Body, spec: ModelSpec | null, model: string, content: Body[], warnings: string[]): void {
  const resolution = body.resolution;
  if (spec && typeof resolution === 'string' && !(spec.resolutions as string[]).includes(resolution)) {
    throw new UsageError(`--resolution ${resolution} is not available on ${model}: ${spec.resolutions.join(', ')}`);
  }
  checkDuration(body.duration, spec, model);
  for (const field of GATED) {
    if (body[field] === undefined || body[field] === null || !spec) continue;
    const applies = spec.params[field];
    if (applies === 'rejected') {
      const takers = MODELS.filter((m) => m.params[field] === 'yes').map((m) => m.alias);
      throw new UsageError(`${FLAG[field]} is not accepted by ${model}: the API answers 400 (must be empty)`, {
        hint: `${FLAG[field]} is for ${takers.join(', ')}; drop it`,
      });
    }
    if (applies === 'ignored') warnings.push(`${FLAG[field]} has no effect on ${model}`);
  }
  if (typeof body.frames === 'number' && body.duration !== undefined && body.duration !== null) {
    warnings.push('--frames wins over --duration');
  }
  if (body.generate_audio === true && spec && !spec.sound) warnings.push(`${model} makes no sound: --audio is ignored`);
  if (body.camera_fixed === true && content.some((item) => item.role === 'reference_image')) {
    throw new UsageError('--camera-fixed cannot be used with reference images');
  }
  if (body.draft === true) {
    // [read] a draft is 480p, without the last frame and without flex.
    if (resolution !== undefined && resolution !== null && resolution !== '480p') {
      throw new UsageError('a --draft is always 480p; drop --resolution');
    }
    if (body.return_last_frame === true) throw new UsageError('--draft cannot be used with --return-last-frame');
    if (body.service_tier === 'flex') throw new UsageError('--draft cannot be used with --service-tier flex');
  }
}

/** Any model: 2-30 s or -1; a known one: its own range (models.md §1). */
const GENERIC_DURATIONS = { min: 2, max: 30, auto: true };

function checkDuration(duration: unknown, spec: ModelSpec | null, model: string): void {
  if (typeof duration !== 'number') return;
  const { min, max, auto } = spec?.durations ?? GENERIC_DURATIONS;
  if ((duration === -1 && auto) || (Number.isInteger(duration) && duration >= min && duration <= max)) return;
  throw new UsageError(
    `--duration ${duration} is not allowed for ${spec ? model : 'any model'}: ${min}-${max} seconds${auto ? ', or -1 to let the model choose' : ''}`,
  );
}

/** Run once local images are embedded. [3p] request bodies should stay under 64 MB: warn. */
export function bodySizeWarning(body: Body): string | undefined {
  const bytes = jsonBytes(body);
  if (bytes <= BODY_BYTES) return undefined;
  return `the request is ${(bytes / 1024 ** 2).toFixed(0)} MB; the API reportedly refuses bodies over 64 MB`;
}

/**
 * The size of the body as JSON without building it: an embedded image is a string of tens of MB, and a copy of it
 * only to measure it would be one more of them held at once. A data URL is base64 (no character JSON escapes).
 */
export function jsonBytes(body: Body): number {
  let dataUrls = 0;
  const rest = JSON.stringify(body, (_key, value: unknown) => {
    if (typeof value !== 'string' || !value.startsWith('data:')) return value;
    dataUrls += value.length;
    return '';
  });
  return Buffer.byteLength(rest) + dataUrls;
}

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
