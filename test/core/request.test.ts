import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCreateBody, prepareCreateBody, summarizeBody } from '../../src/core/request.js';
import { png, writeImages } from '../helpers/images.js';

describe('buildCreateBody', () => {
  it('follows the provider page: content[] with the text, fields at top level, unset fields omitted', () => {
    const body = buildCreateBody(
      { prompt: 'a bunny', ratio: '16:9', duration: 11, audio: true, watermark: false },
      {},
      'sd2.0',
    );
    expect(body).toEqual({
      model: 'sd2.0',
      content: [{ type: 'text', text: 'a bunny' }],
      ratio: '16:9',
      duration: 11,
      generate_audio: true,
      watermark: false,
    });
  });

  it('uses config defaults, and flags win over them', () => {
    const body = buildCreateBody(
      { prompt: 'x', ratio: '1:1' },
      { ratio: '9:16', duration: 6, 'service-tier': 'flex' },
      'm',
    );
    expect(body).toMatchObject({ ratio: '1:1', duration: 6, service_tier: 'flex' });
  });

  it('--set adds and nests fields, parsing JSON values', () => {
    const body = buildCreateBody(
      { prompt: 'x', set: ['priority=2', 'metadata.tag=demo', 'tools=[{"type":"web_search"}]'] },
      {},
      'm',
    );
    expect(body).toMatchObject({ priority: 2, metadata: { tag: 'demo' }, tools: [{ type: 'web_search' }] });
  });

  it('--model overrides the default model', () => {
    expect(buildCreateBody({ prompt: 'x', model: 'other' }, {}, 'sd2.0').model).toBe('other');
  });

  it('maps every parameter flag to its body field', () => {
    const body = buildCreateBody(
      {
        prompt: 'x',
        frames: 49,
        cameraFixed: true,
        returnLastFrame: true,
        callbackUrl: 'https://h.example/cb',
        serviceTier: 'flex',
        expiresAfter: 7200,
        draft: true,
        tool: ['web-search'],
        safetyId: 'u1',
      },
      {},
      'm',
    );
    expect(body).toEqual({
      model: 'm',
      content: [{ type: 'text', text: 'x' }],
      frames: 49,
      camera_fixed: true,
      return_last_frame: true,
      callback_url: 'https://h.example/cb',
      service_tier: 'flex',
      execution_expires_after: 7200,
      draft: true,
      tools: [{ type: 'web_search' }],
      safety_identifier: 'u1',
    });
  });

  it('config defaults cover the new keys; expires-after and tool are converted', () => {
    const defaults = { 'expires-after': '24h', tool: 'web-search', 'safety-id': 'me', seed: 3, 'camera-fixed': false };
    expect(buildCreateBody({ prompt: 'x' }, defaults, 'm')).toMatchObject({
      execution_expires_after: 86400,
      tools: [{ type: 'web_search' }],
      safety_identifier: 'me',
      seed: 3,
      camera_fixed: false,
    });
    expect(() => buildCreateBody({ prompt: 'x' }, { 'expires-after': '2m' }, 'm')).toThrow(
      /config.json: expires-after must be/,
    );
  });

  it('--body is the base: flags and --set win, config loses, nulls are dropped', () => {
    const base = {
      model: 'base-model',
      content: [
        { type: 'text', text: 'base prompt' },
        { type: 'video_url', video_url: { url: 'https://v' } },
      ],
      ratio: '4:3',
      seed: null,
      priority: 1,
    };
    const body = buildCreateBody(
      { prompt: 'new prompt', base, set: ['priority=2'] },
      { ratio: '1:1', duration: 6 },
      'm',
    );
    expect(body).toEqual({
      model: 'base-model',
      content: [
        { type: 'text', text: 'new prompt' },
        { type: 'video_url', video_url: { url: 'https://v' } },
      ],
      ratio: '4:3',
      duration: 6,
      priority: 2,
    });
    const media = [{ type: 'image_url', image_url: { url: 'https://i' }, role: 'reference_image' }];
    expect(buildCreateBody({ prompt: '', base }, {}, 'm', media).content).toEqual([base.content[0], media[0]]);
  });
});

describe('prepareCreateBody', () => {
  const img = writeImages({ 'ok.png': png(500, 500) });

  it('checks the combination before reading any file', async () => {
    await expect(prepareCreateBody({ prompt: 'x', lastFrame: 'missing.png' }, {}, 'sd2.0')).rejects.toThrow(
      /--last-frame needs --first-frame/,
    );
  });

  it('refuses an image of 30 MB (30,000,000 bytes) or more without reading it', async () => {
    const path = join(img.dir, 'big.png');
    writeFileSync(path, png(500, 500));
    // 30,000,000 bytes is under 30 MiB: the limit is the reference's decimal "30 MB" (ark-api.md §2.3).
    truncateSync(path, 30_000_000);
    await expect(prepareCreateBody({ prompt: 'x', refImage: [path] }, {}, 'sd2.0')).rejects.toThrow(
      /big\.png: 30\.0 MB; images must be under 30 MB \(30,000,000 bytes\)/,
    );
  });

  it('resolves paths against cwd, embeds the image and hands warnings to warn', async () => {
    const warnings: string[] = [];
    const input = { prompt: 'Image 1 waves', refImage: ['ok.png'], priority: 3 };
    const body = await prepareCreateBody({ ...input, model: '1.0-pro' }, {}, 'sd2.0', {
      cwd: img.dir,
      warn: (message) => warnings.push(message),
      provider: 'byteplus',
    });
    expect(JSON.stringify(body.content)).toContain('data:image/png;base64,');
    expect(body.model).toBe('seedance-1-0-pro-250528');
    expect(warnings).toEqual([
      expect.stringMatching(/reference images are reported both to work and to be rejected/),
      '--priority has no effect on Seedance 1.0 pro (seedance-1-0-pro-250528)',
    ]);
  });
});

it('summarizeBody shortens data URLs only', () => {
  const data = `data:image/png;base64,${'A'.repeat(4000)}`;
  const short = summarizeBody({ content: [{ image_url: { url: data } }, { text: 'keep' }] });
  expect(JSON.stringify(short)).toContain('…(2.9 KiB)');
  expect(JSON.stringify(short)).toContain('keep');
  expect(JSON.stringify(short).length).toBeLessThan(200);
});
