import { describe, expect, it } from 'vitest';
import { rateText } from '../../src/output/download-progress.js';

describe('the download bar shows speed and ETA only once they mean something', () => {
  it('nothing in the first second, or before a byte arrived (not `| ETA 0s`)', () => {
    expect(rateText(0, 0, 100 * 2 ** 20)).toBe('');
    expect(rateText(5 * 2 ** 20, 999, 100 * 2 ** 20)).toBe('');
    expect(rateText(0, 5000, 100 * 2 ** 20)).toBe('');
  });

  it('then the speed of this run and the time left at that speed', () => {
    expect(rateText(10 * 2 ** 20, 2000, 90 * 2 ** 20)).toBe(' | 5.0 MiB/s | ETA 18s');
    expect(rateText(2 ** 20, 1000, 150 * 2 ** 20)).toBe(' | 1.0 MiB/s | ETA 2m30s');
    expect(rateText(2 ** 20, 1000, 4000 * 2 ** 20)).toBe(' | 1.0 MiB/s | ETA 1h06m');
  });

  it('an unknown size: the speed alone', () => {
    expect(rateText(2 ** 20, 1000, null)).toBe(' | 1.0 MiB/s');
  });
});
