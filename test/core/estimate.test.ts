import { describe, expect, it } from 'vitest';
import { describeEstimate, estimateTokens } from '../../src/core/estimate.js';

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
    expect(line).toBe('estimate: ~108,900 output tokens (1280×720, 121 frames)');
  });
});
