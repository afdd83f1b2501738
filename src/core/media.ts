import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fsReason, UsageError } from '../errors.js';
import { readImageInfo } from './image-info.js';

export type ContentItem = Record<string, unknown>;

/** An image: a path, an http(s)/asset:// or data:image URL, or (from the library) the file's bytes. */
export type ImageSource = string | Uint8Array;

export interface MediaInput {
  firstFrame?: ImageSource;
  lastFrame?: ImageSource;
  refImage?: ImageSource[];
  refVideo?: string[];
  refAudio?: string[];
}

/** A local image (a path, or bytes) whose item still lacks its data URL; filled in by `embedLocalImages`. */
export interface LocalImage {
  flag: string;
  /** The path, or how error messages name bytes given in memory. */
  path: string;
  bytes?: Uint8Array;
  holder: { url: string };
}

export interface MediaItems {
  items: ContentItem[];
  local: LocalImage[];
}

const REMOTE = /^(https?|asset):\/\/\S/i;
const DATA_IMAGE = /^data:image\/[a-z0-9.+-]+;base64,/i;
// Image limits are [read] in BPDOC (1.x) and the same in every 2.0 source and in COMFY's code: refuse.
// BPDOC says "short side > 300, long side < 6000", 2.0 sources "300–6000": the bounds themselves pass.
// "< 30 MB" (ark-api.md §2.3): decimal megabytes, as the tool counts MB everywhere (30 MiB would let 1.4 MB more through).
const MAX_IMAGE_BYTES = 30_000_000;
const MIN_SIDE = 300;
const MAX_SIDE = 6000;
const MIN_RATIO = 0.4;
const MAX_RATIO = 2.5;

/**
 * content[] items for the media flags, in the order the prompt counts them ("Image 1", "Video 1", "Audio 1"):
 * first/last frame, reference images, videos, audios. URLs pass through unchanged; local images are only noted
 * here (read later, after the cheap checks), local video and audio are refused: Ark takes them only as URLs.
 */
export function mediaItems(input: MediaInput, cwd: string): MediaItems {
  const local: LocalImage[] = [];
  const image = (flag: string, source: ImageSource, role: string): ContentItem => {
    const holder = { url: typeof source === 'string' ? source : '' };
    if (typeof source !== 'string') local.push({ flag, path: `(${source.length} bytes)`, bytes: source, holder });
    else if (!REMOTE.test(source) && !DATA_IMAGE.test(source))
      local.push({ flag, path: localPath(flag, source, cwd), holder });
    return { type: 'image_url', image_url: holder, role };
  };
  const items: ContentItem[] = [];
  if (input.firstFrame !== undefined) items.push(image('--first-frame', input.firstFrame, 'first_frame'));
  if (input.lastFrame !== undefined) items.push(image('--last-frame', input.lastFrame, 'last_frame'));
  for (const source of input.refImage ?? []) items.push(image('--ref-image', source, 'reference_image'));
  for (const source of input.refVideo ?? []) items.push(remoteItem('--ref-video', source, 'video_url'));
  for (const source of input.refAudio ?? []) items.push(remoteItem('--ref-audio', source, 'audio_url'));
  return { items, local };
}

function remoteItem(flag: string, source: string, type: 'video_url' | 'audio_url'): ContentItem {
  if (!REMOTE.test(source)) {
    // ark-api.md §2.3 [3p] and the sandbox: base64 is not accepted for video/audio, so a local file cannot be sent.
    const kind = type === 'video_url' ? 'video' : 'audio';
    throw new UsageError(`${flag} ${source}: ${kind} must be a public https:// URL or an asset://<id>`, {
      hint: `the API downloads ${kind} itself and does not take local files or data: URLs; upload the file first`,
    });
  }
  return { type, [type]: { url: source }, role: type === 'video_url' ? 'reference_video' : 'reference_audio' };
}

function localPath(flag: string, source: string, cwd: string): string {
  if (/^file:\/\//i.test(source)) return fileURLToPath(source);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    throw new UsageError(`${flag} ${source}: use a local file, an http(s):// URL, an asset://<id> or a data:image URL`);
  }
  return resolve(cwd, source);
}

/** Reads and checks every local image, then puts its data URL in place. Nothing is sent if one fails. */
export async function embedLocalImages(local: LocalImage[]): Promise<void> {
  for (const image of local) image.holder.url = await imageDataUrl(image);
}

async function imageDataUrl({ flag, path, bytes: given }: LocalImage): Promise<string> {
  const fail = (what: string) => new UsageError(`${flag} ${path}: ${what}`);
  const tooLarge = (size: number) =>
    size >= MAX_IMAGE_BYTES
      ? fail(`${(size / 1e6).toFixed(1)} MB; images must be under 30 MB (30,000,000 bytes)`)
      : null;
  let bytes: Buffer;
  if (given) {
    const large = tooLarge(given.length);
    if (large) throw large;
    bytes = Buffer.from(given.buffer, given.byteOffset, given.byteLength);
  } else {
    try {
      const info = await stat(path);
      if (!info.isFile()) throw fail('not a file');
      const large = tooLarge(info.size);
      if (large) throw large;
      bytes = await readFile(path);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw fail(`cannot read the file: ${fsReason(error)}`);
    }
  }
  let image: Awaited<ReturnType<typeof readImageInfo>>;
  try {
    image = await readImageInfo(bytes);
  } catch (error) {
    throw fail((error as Error).message);
  }
  const { width, height, format } = image;
  const size = `${width}×${height} px`;
  if (Math.min(width, height) < MIN_SIDE || Math.max(width, height) > MAX_SIDE) {
    throw fail(`${size}; each side must be ${MIN_SIDE}–${MAX_SIDE} px`);
  }
  const ratio = width / height;
  if (ratio < MIN_RATIO || ratio > MAX_RATIO) {
    throw fail(`${size} has aspect ratio ${ratio.toFixed(2)}; it must be ${MIN_RATIO}–${MAX_RATIO} (width / height)`);
  }
  return `data:image/${format};base64,${bytes.toString('base64')}`;
}
