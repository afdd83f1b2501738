import { describe, expect, it } from 'vitest';
import { detectImageFormat, readImageInfo } from '../../src/core/image-info.js';
import { jpeg, png, webp } from '../helpers/images.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('detectImageFormat', () => {
  it.each([
    ['jpeg', jpeg(400, 400)],
    ['png', png(400, 400)],
    ['webp', webp(400, 400)],
    ['gif', bytes('GIF89a\x90\x01\x90\x01')],
    ['bmp', bytes('BM\0\0\0\0')],
    ['tiff', bytes('II*\0\x08\0\0\0')],
    ['tiff', bytes('MM\0*\0\0\0\x08')],
    ['heic', bytes('\0\0\0\x18ftypheic\0\0\0\0')],
    ['heif', bytes('\0\0\0\x18ftypmif1\0\0\0\0')],
  ])('%s', (format, data) => {
    expect(detectImageFormat(data)).toBe(format);
  });

  it.each([
    ['avif', bytes('\0\0\0\x18ftypavif\0\0\0\0')],
    ['svg', bytes('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['empty', Buffer.alloc(0)],
  ])('%s is not ours', (_name, data) => {
    expect(detectImageFormat(data)).toBeUndefined();
  });
});

describe('readImageInfo', () => {
  it('reads width and height from the header', async () => {
    expect(await readImageInfo(jpeg(1920, 1080))).toEqual({ format: 'jpeg', width: 1920, height: 1080 });
    expect(await readImageInfo(webp(301, 5999))).toEqual({ format: 'webp', width: 301, height: 5999 });
  });

  it('says what is wrong with a file it cannot read', async () => {
    await expect(readImageInfo(bytes('hello'))).rejects.toThrow(/not a supported image \(jpeg, png, webp/);
    await expect(readImageInfo(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 2]))).rejects.toThrow(/cannot read the size/);
  });
});
