import { expect, it } from 'vitest';
import { parseByteSize } from '../../src/core/byte-size.js';

it.each([
  ['65536', 65_536],
  ['500k', 500_000],
  ['500 kB', 500_000],
  ['200MB', 200_000_000],
  ['200mb', 200_000_000],
  ['1.5GB', 1_500_000_000],
  ['64KiB', 65_536],
  ['1GiB', 2 ** 30],
  ['2Mi', 2 * 2 ** 20],
  ['10b', 10],
])('%s is %d bytes (k, M, G decimal; Ki, Mi, Gi binary)', (text, bytes) => {
  expect(parseByteSize(text, 'video-size', 1, 2 ** 40)).toBe(bytes);
});

it.each(['', 'MB', '-5', '1e6', '5 parsecs', '1.2.3k'])('%j is refused', (text) => {
  expect(() => parseByteSize(text, 'video-size', 1, 2 ** 40)).toThrow(/video-size must be a size in bytes/);
});

it('names the bounds in units', () => {
  expect(() => parseByteSize('2TiB', 'video-size', 64, 2 ** 40)).toThrow(
    'video-size must be between 64 bytes and 1TiB, got "2TiB"',
  );
});
