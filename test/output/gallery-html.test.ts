import { expect, it } from 'vitest';
import { type GalleryItem, recreateCommand } from '../../src/core/gallery.js';
import { escapeHtml, galleryHtml } from '../../src/output/gallery-html.js';

const item = (over: Partial<GalleryItem>): GalleryItem => ({
  id: 'cgt-1',
  path: '/videos/my clips/a #1.mp4',
  missing: false,
  poster: null,
  prompt: 'p',
  model: 'sd2.0',
  ratio: '16:9',
  resolution: '720p',
  duration: 5,
  seed: 1,
  tokens: 108_900,
  cost: { price: 5.0094, currency: 'CNY' },
  created_at: '2026-03-30T08:40:07Z',
  finished_at: null,
  bytes: 2048,
  command: 'seedance create p',
  ...over,
});

it('escapes the five HTML specials', () => {
  expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
  );
});

it('links to videos relative to the page, each path segment URL-encoded', () => {
  const html = galleryHtml([item({ poster: '/videos/my clips/a #1.last-frame.png' })], '/videos', 'title');
  expect(html).toContain('src="my%20clips/a%20%231.mp4" poster="my%20clips/a%20%231.last-frame.png"');
  expect(html).toContain('<dt>cost</dt><dd>≈ ¥5.01 (list price)</dd>');
  expect(html).toContain('<dt>tokens</dt><dd>108,900</dd>');
  expect(html).toContain('<dt>created</dt><dd>2026-03-30 08:40:07 UTC</dd>');
  expect(html).toContain('<dt>size</dt><dd>2.0 KiB</dd>');
});

it('an empty folder says how to fill it', () => {
  expect(galleryHtml([], '/videos', 't')).toContain('No videos here yet');
});

it('the command asks for the same video: prompt and shaping parameters, shell-quoted', () => {
  const body = { ratio: '9:16', resolution: '1080p', duration: 8, seed: 42, generate_audio: false, camera_fixed: true };
  expect(recreateCommand("it's a fox", 'sd2.0', body)).toBe(
    "seedance create 'it'\\''s a fox' --model sd2.0 --ratio 9:16 --resolution 1080p --duration 8 --seed 42 --no-audio --camera-fixed",
  );
  expect(recreateCommand('$(rm -rf ~)', null, {})).toBe("seedance create '$(rm -rf ~)'");
});
