import { expect, it } from 'vitest';
import { hyperlink } from '../../src/output/hyperlink.js';
import type { Io } from '../../src/output/io.js';
import { decideMode } from '../../src/output/mode.js';

const io = (isTTY: boolean, env: Record<string, string> = {}) =>
  ({ env, stderr: { isTTY, columns: 100 } }) as unknown as Pick<Io, 'env' | 'stderr'>;

it('OSC 8: a path becomes a file:// URL, a URL stays itself; anything else, or control bytes, stay plain text', () => {
  expect(hyperlink('fox.mp4', '/tmp/my clips/fox.mp4')).toBe(
    '\x1b]8;;file:///tmp/my%20clips/fox.mp4\x1b\\fox.mp4\x1b]8;;\x1b\\',
  );
  expect(hyperlink('v', 'https://cdn.example/v.mp4?sig=a;b')).toBe(
    '\x1b]8;;https://cdn.example/v.mp4?sig=a;b\x1b\\v\x1b]8;;\x1b\\',
  );
  expect(hyperlink('v', 'https://cdn.example/\x1b]8;;evil\x07')).toBe(
    '\x1b]8;;https://cdn.example/%1B]8;;evil\x1b\\v\x1b]8;;\x1b\\',
  );
  expect(hyperlink('v', 'javascript:alert(1)')).toBe('v');
  expect(hyperlink('v', 'relative/path.mp4')).toBe('v');
});

it('links only on a terminal: never in a pipe, in CI, with --json, NO_COLOR, --no-color or SEEDANCE_HYPERLINKS=0', () => {
  expect(decideMode({}, io(true)).hyperlinks).toBe(true);
  expect(decideMode({}, io(true, { FORCE_COLOR: '0' })).hyperlinks).toBe(true);
  expect(decideMode({}, io(false)).hyperlinks).toBe(false);
  expect(decideMode({}, io(false, { FORCE_COLOR: '3' })).hyperlinks).toBe(false);
  expect(decideMode({}, io(true, { CI: 'true' })).hyperlinks).toBe(false);
  expect(decideMode({ json: true }, io(true)).hyperlinks).toBe(false);
  expect(decideMode({}, io(true, { NO_COLOR: '1' })).hyperlinks).toBe(false);
  expect(decideMode({ color: false }, io(true)).hyperlinks).toBe(false);
  expect(decideMode({}, io(true, { TERM: 'dumb' })).hyperlinks).toBe(false);
  expect(decideMode({}, io(true, { SEEDANCE_HYPERLINKS: '0' })).hyperlinks).toBe(false);
});
