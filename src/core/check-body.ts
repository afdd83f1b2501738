// The rules of ark-api.md §2 that a create body can break, checked on the final body (flags, config defaults,
// --body and --set together) before anything is read or sent. Each rule says where it comes from: a rule read in
// the official docs or SDKs refuses (exit 2), one known only from third parties or inferred warns instead.
import { UsageError } from '../errors.js';
import { type ModelFamily, modelFamily } from './model-family.js';

type Body = Record<string, unknown>;

const MEDIA_TYPES = ['image_url', 'video_url', 'audio_url'] as const;
const LIMITS = { image_url: 9, video_url: 3, audio_url: 3 };
const MAX_MEDIA = 12;
const PROMPT_CJK_CHARS = 500;
const PROMPT_WORDS = 1000;
const BODY_BYTES = 64 * 1024 * 1024;

/** Throws a UsageError for a refused body; returns the warnings to print. */
export function checkCreateBody(body: Body): string[] {
  const warnings: string[] = [];
  const content = Array.isArray(body.content) ? (body.content as unknown[]).filter(isObject) : [];
  const text = content.flatMap((item) => (item.type === 'text' && typeof item.text === 'string' ? [item.text] : []));
  if (text.join('').trim() === '' && !content.some((item) => item.type !== 'text')) {
    throw new UsageError('a prompt is required (argument, --prompt-file <path> or --prompt-file -), or media');
  }
  const family = modelFamily(String(body.model));
  checkMedia(content, family, body.ratio);
  checkParameters(body, family, content, warnings);
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

function checkMedia(content: Body[], family: ModelFamily, ratio: unknown): void {
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
  // Counts are [3p] for 2.0 but consistent everywhere and enforced in COMFY's code, and the issue asks: refuse.
  const names = { image_url: 'images', video_url: 'reference videos', audio_url: 'reference audios' };
  for (const type of MEDIA_TYPES) {
    if (counts[type] > LIMITS[type]) {
      throw new UsageError(`too many ${names[type]}: ${counts[type]} (at most ${LIMITS[type]})`);
    }
  }
  if (roles.length > MAX_MEDIA) throw new UsageError(`too many media inputs: ${roles.length} (at most ${MAX_MEDIA})`);
  // Frame rules [read]; not mixing frames with reference media is [3p] for 2.0, and the issue asks: refuse.
  if (first > 1 || last > 1) throw new UsageError('at most one first frame and one last frame');
  if (last > 0 && first === 0) throw new UsageError('--last-frame needs --first-frame');
  if (first + last > 0 && references > 0) {
    throw new UsageError('--first-frame/--last-frame cannot be combined with --ref-image, --ref-video or --ref-audio');
  }
  // [3p] everywhere (and powertokens' BytePlus copy): audio alone is rejected; the issue asks to refuse.
  if (counts.audio_url > 0 && counts.image_url + counts.video_url === 0) {
    throw new UsageError('--ref-audio needs at least one --ref-image or --ref-video');
  }
  const oneX = family.version === '1.0' || family.version === '1.5';
  // [read] the 1.x modes have no video or audio input; and `adaptive` is not allowed with reference images.
  if (oneX && counts.video_url + counts.audio_url > 0) {
    throw new UsageError('reference video and audio need a Seedance 2.0 model');
  }
  if (oneX && count('reference_image') > 0 && ratio === 'adaptive') {
    throw new UsageError('--ratio adaptive is not allowed with reference images on Seedance 1.x');
  }
}

function checkParameters(body: Body, family: ModelFamily, content: Body[], warnings: string[]): void {
  const { version, variant } = family;
  const resolution = body.resolution;
  const small = version === '2.0' && (variant === 'fast' || variant === 'mini');
  if (resolution === '4k') {
    // [read] 1.x resolutions are 480p/720p/1080p; 4k is priced for 2.0 standard only (COMFY [read]).
    if (version === '1.0' || version === '1.5') throw new UsageError(`--resolution 4k needs Seedance 2.0 (standard)`);
    // [3p] 2.0 fast and mini stop at 720p: warn.
    if (small) warnings.push(`Seedance 2.0 ${variant} reportedly renders up to 720p; 4k is for 2.0 standard`);
    if (version === 'unknown') warnings.push(`4k is known to work with Seedance 2.0 (standard) only`);
  } else if (resolution === '1080p' && small) {
    warnings.push(`Seedance 2.0 ${variant} reportedly renders up to 720p`);
  }
  checkDuration(body.duration, version);
  if (typeof body.frames === 'number') {
    // [read] not for 1.5 pro; [inferred] not for 2.0 either: refuse the first, warn on the second.
    if (version === '1.5') throw new UsageError('--frames is not supported by Seedance 1.5 pro; use --duration');
    if (version === '2.0') warnings.push('--frames is probably not supported by Seedance 2.0; --duration is');
    if (body.duration !== undefined && body.duration !== null) warnings.push('--frames wins over --duration');
  }
  if (body.camera_fixed === true) {
    // [read] not in reference-image mode; [inferred] absent from 2.0 request models.
    if (content.some((item) => item.role === 'reference_image')) {
      throw new UsageError('--camera-fixed cannot be used with reference images');
    }
    if (version === '2.0') warnings.push('--camera-fixed is probably ignored by Seedance 2.0');
  }
  if (body.draft === true) {
    // [read] a draft is 480p, without the last frame and without flex.
    if (resolution !== undefined && resolution !== null && resolution !== '480p') {
      throw new UsageError('a --draft is always 480p; drop --resolution');
    }
    if (body.return_last_frame === true) throw new UsageError('--draft cannot be used with --return-last-frame');
    if (body.service_tier === 'flex') throw new UsageError('--draft cannot be used with --service-tier flex');
    if (version !== '1.5') warnings.push('--draft is documented for Seedance 1.5 pro only');
  }
}

// [read] 1.0: 2–12; [read] 1.5 pro: 4–12 or -1; [3p, many sources] 2.0: 4–15 or -1 (ark-api.md §2.1).
const DURATIONS: Record<ModelFamily['version'], { min: number; max: number; auto: boolean }> = {
  '1.0': { min: 2, max: 12, auto: false },
  '1.5': { min: 4, max: 12, auto: true },
  '2.0': { min: 4, max: 15, auto: true },
  unknown: { min: 2, max: 15, auto: true },
};

function checkDuration(duration: unknown, version: ModelFamily['version']): void {
  if (typeof duration !== 'number') return;
  const { min, max, auto } = DURATIONS[version];
  if ((duration === -1 && auto) || (Number.isInteger(duration) && duration >= min && duration <= max)) return;
  const model = version === 'unknown' ? 'this model' : `Seedance ${version}`;
  throw new UsageError(
    `--duration ${duration} is not allowed for ${model}: ${min}-${max} seconds${auto ? ', or -1 to let the model choose' : ''}`,
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
