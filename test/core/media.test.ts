import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { embedLocalImages, mediaItems } from '../../src/core/media.js';
import { jpeg, png, writeImages } from '../helpers/images.js';

const img = writeImages({ 'a.png': png(640, 480), 'b.jpg': jpeg(300, 750), 'big.png': png(6001, 3000) });

describe('mediaItems', () => {
  it('orders frames, images, videos, audios with their roles; URLs pass through unchanged', () => {
    const { items, local } = mediaItems(
      {
        refImage: ['https://e.x/1.png', 'asset://asset-123'],
        refVideo: ['https://e.x/v.mp4', 'asset://asset-9'],
        refAudio: ['http://e.x/a.mp3'],
      },
      '/',
    );
    expect(local).toEqual([]);
    expect(items).toEqual([
      { type: 'image_url', image_url: { url: 'https://e.x/1.png' }, role: 'reference_image' },
      { type: 'image_url', image_url: { url: 'asset://asset-123' }, role: 'reference_image' },
      { type: 'video_url', video_url: { url: 'https://e.x/v.mp4' }, role: 'reference_video' },
      { type: 'video_url', video_url: { url: 'asset://asset-9' }, role: 'reference_video' },
      { type: 'audio_url', audio_url: { url: 'http://e.x/a.mp3' }, role: 'reference_audio' },
    ]);
  });

  it('local images are resolved against cwd and embedded as data URLs with the format of their bytes', async () => {
    const { items, local } = mediaItems({ firstFrame: 'a.png', lastFrame: pathToFileURL(img['b.jpg']!).href }, img.dir);
    expect(local.map((l) => l.path)).toEqual([img['a.png'], img['b.jpg']]);
    await embedLocalImages(local);
    expect(items.map((i) => i.role)).toEqual(['first_frame', 'last_frame']);
    const urls = items.map((i) => (i.image_url as { url: string }).url);
    expect(urls[0]).toBe(`data:image/png;base64,${png(640, 480).toString('base64')}`);
    expect(urls[1]).toMatch(/^data:image\/jpeg;base64,\/9j\//);
  });

  it('a data:image URL passes through; other schemes and local video/audio are refused naming the flag', () => {
    expect(mediaItems({ refImage: ['data:image/png;base64,AAAA'] }, '/').local).toEqual([]);
    expect(() => mediaItems({ refImage: ['ftp://e.x/a.png'] }, '/')).toThrow(/--ref-image ftp:\/\/e\.x\/a\.png: use/);
    expect(() => mediaItems({ refVideo: ['clip.mp4'] }, '/')).toThrow(/--ref-video clip\.mp4: video must be a public/);
    expect(() => mediaItems({ refAudio: ['data:audio/mp3;base64,AAAA'] }, '/')).toThrow(/--ref-audio .*audio must/);
  });

  it('checks size limits: 6001 px is refused, a directory is not a file', async () => {
    await expect(embedLocalImages(mediaItems({ refImage: ['big.png'] }, img.dir).local)).rejects.toThrow(
      /big\.png: 6001×3000 px; each side must be 300–6000 px/,
    );
    await expect(embedLocalImages(mediaItems({ refImage: ['.'] }, img.dir).local)).rejects.toThrow(/not a file/);
  });
});
