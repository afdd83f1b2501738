import { describe, expect, it } from 'vitest';
import { describeEstimate, estimateTokens, groupDigits, taskCost } from '../../src/core/estimate.js';
import type { ProviderName } from '../../src/core/parse.js';

describe('estimateTokens', () => {
  it('matches the reference example: 720p 16:9 5 s = 1280×720×121/1024', () => {
    const estimate = estimateTokens({ model: 'sd2.0', resolution: '720p', ratio: '16:9', duration: 5 });
    expect(estimate).toMatchObject({ width: 1280, height: 720, frames: 121, output_tokens: 108_900, assumed: [] });
    expect(estimate.note).toMatch(/^estimate/);
  });

  it('portrait ratios swap the sides; frames win over duration', () => {
    expect(estimateTokens({ model: 'sd2.0', resolution: '1080p', ratio: '9:16', frames: 49 })).toMatchObject({
      width: 1080,
      height: 1920,
      frames: 49,
    });
  });

  it('says what it assumed: defaults, adaptive, and the upper bound of -1', () => {
    const estimate = estimateTokens({ model: 'sd2.0', ratio: 'adaptive', duration: -1 });
    expect(estimate).toMatchObject({ width: 1280, height: 720, frames: 361 });
    expect(estimate.assumed.join('; ')).toMatch(/resolution 720p.*ratio 16:9 \(adaptive.*15 s.*upper bound/);
    expect(estimateTokens({ model: 'doubao-seedance-1-0-pro-250528' }).height).toBe(1080);
    expect(estimateTokens({ model: 'x', draft: true }).height).toBe(480);
  });

  it('one human line', () => {
    const line = describeEstimate(estimateTokens({ model: 'sd2.0', resolution: '720p', ratio: '16:9', duration: 5 }));
    expect(line).toBe(
      'estimate: ~108,900 tokens ≈ ¥5.01 at the Volcengine list price ¥46/1M tokens (Seedance 2.0 720p); ' +
        'the gateway bills in its own units (1280×720, 121 frames)',
    );
  });

  it.each<[string, Record<string, unknown>, ProviderName, number, number | null, string | null]>([
    [
      'gateway 2.0 720p 5 s',
      { model: 'sd2.0', resolution: '720p', ratio: '16:9', duration: 5 },
      'gateway',
      108_900,
      5.0094,
      'CNY',
    ],
    [
      'BytePlus 2.0 720p 5 s',
      { model: 'dreamina-seedance-2-0-260128', resolution: '720p', ratio: '16:9', duration: 5 },
      'byteplus',
      108_900,
      0.7623,
      'USD',
    ],
    [
      'Ark 2.0 4k tier',
      { model: 'doubao-seedance-2-0-260128', resolution: '4k', ratio: '16:9', duration: 5 },
      'ark',
      980_100,
      25.4826,
      'CNY',
    ],
    [
      'Ark 2.5 1080p',
      { model: 'doubao-seedance-2-5-260628', resolution: '1080p', ratio: '16:9', duration: 5 },
      'ark',
      245_025,
      18.866925,
      'CNY',
    ],
    [
      '1.5 pro silent flex',
      {
        model: 'seedance-1-5-pro-251215',
        resolution: '720p',
        ratio: '16:9',
        duration: 5,
        generate_audio: false,
        service_tier: 'flex',
      },
      'byteplus',
      108_900,
      0.06534,
      'USD',
    ],
    [
      'an unknown model: no price',
      { model: 'x', resolution: '720p', ratio: '16:9', duration: 5 },
      'ark',
      108_900,
      null,
      null,
    ],
    [
      '1.0 pro on Ark: price not found',
      { model: 'doubao-seedance-1-0-pro-250528', resolution: '720p', ratio: '16:9', duration: 5 },
      'ark',
      108_900,
      null,
      null,
    ],
  ])('%s', (_name, body, provider, tokens, price, currency) => {
    const estimate = estimateTokens(body, provider);
    expect(estimate.tokens).toBe(tokens);
    expect(estimate.currency).toBe(currency);
    if (price === null) expect(estimate.price).toBeNull();
    else expect(estimate.price).toBeCloseTo(price, 5);
  });

  it('a video input adds its seconds (15 s assumed) at the with-video rate', () => {
    const video = { type: 'video_url', video_url: { url: 'https://e.x/v.mp4' }, role: 'reference_video' };
    const body = { model: 'sd2.0', resolution: '720p', ratio: '16:9', duration: 5, content: [video] };
    const estimate = estimateTokens(body);
    expect(estimate.tokens).toBe(Math.floor((1280 * 720 * (24 * 20 + 1)) / 1024));
    expect(estimate.basis).toMatch(/¥28\/1M tokens \(Seedance 2\.0 720p with video input\)/);
    expect(estimate.assumed.join()).toMatch(/15 s of input video/);
  });
});

describe("taskCost: a finished task at its model's list price", () => {
  const usage = { completion_tokens: 108_900, total_tokens: 108_900 };
  it.each<[string, Parameters<typeof taskCost>[0], ReturnType<typeof taskCost>]>([
    [
      'Volcengine 2.0 at 720p',
      { model: 'doubao-seedance-2-0-260128', status: 'succeeded', resolution: '720p', usage },
      { tokens: 108_900, price: 5.0094, currency: 'CNY', basis: expect.stringMatching(/^Volcengine list price ¥46/) },
    ],
    [
      'BytePlus 2.0 fast, resolution not reported (its default 720p)',
      { model: 'dreamina-seedance-2-0-fast-260128', status: 'succeeded', resolution: null, usage },
      { tokens: 108_900, price: 0.60984, currency: 'USD', basis: expect.stringMatching(/BytePlus list price \$5\.6/) },
    ],
    ['not finished', { model: 'doubao-seedance-2-0-260128', status: 'running', resolution: '720p', usage }, null],
    ['no usage', { model: 'doubao-seedance-2-0-260128', status: 'succeeded', resolution: '720p', usage: null }, null],
    ['an unknown model', { model: 'x', status: 'succeeded', resolution: '720p', usage }, null],
    [
      'a price not known (1.0 pro on Volcengine)',
      { model: 'doubao-seedance-1-0-pro-250528', status: 'succeeded', resolution: '1080p', usage },
      null,
    ],
  ])('%s', (_name, task, expected) => {
    expect(taskCost(task)).toEqual(expected);
  });
});

describe('groupDigits', () => {
  it('writes what toLocaleString("en-US") writes', () => {
    for (const n of [0, 7, 999, 1000, 108_900, 1_234_567, 10_000_000, 987_654_321_012]) {
      expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
    }
  });
});
