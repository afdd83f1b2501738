/** The image formats Ark takes (ark-api.md §2.3: jpeg, png, webp, bmp, tiff, gif; heic/heif since 1.5 pro). */
export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'bmp', 'tiff', 'gif', 'heic', 'heif'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

export interface ImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis']);
const HEIF_BRANDS = new Set(['mif1', 'msf1']);

/** The format from the magic bytes, the name used in `data:image/<format>;base64,…`; undefined when not one of ours. */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  const ascii = (start: number, end: number) => Buffer.from(bytes.subarray(start, end)).toString('latin1');
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif';
  if (ascii(0, 2) === 'BM') return 'bmp';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'tiff';
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (HEIC_BRANDS.has(brand)) return 'heic';
    if (HEIF_BRANDS.has(brand)) return 'heif';
  }
  return undefined;
}

/** Format and pixel size from the file's header. Throws a plain Error saying what is wrong with the file. */
export async function readImageInfo(bytes: Buffer): Promise<ImageInfo> {
  const format = detectImageFormat(bytes);
  if (!format) throw new Error(`not a supported image (${IMAGE_FORMATS.join(', ')})`);
  // Loaded only when a local image is given: nothing else pays for it at start-up.
  const { imageSize } = await import('image-size');
  let size: { width: number; height: number };
  try {
    size = imageSize(bytes);
  } catch {
    throw new Error(`cannot read the size of this ${format} image (damaged or truncated?)`);
  }
  if (!(size.width > 0 && size.height > 0)) throw new Error(`cannot read the size of this ${format} image`);
  return { format, width: size.width, height: size.height };
}
