import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { checkMedia } from '../../src/mcp/paths.js';
import { tempDir } from '../helpers/run-cli.js';

it('URLs pass; a local path must be inside an allowed folder, symlinks followed; ../ cannot climb out', () => {
  const allowed = tempDir('seedance-allowed-');
  const outside = tempDir('seedance-outside-');
  writeFileSync(join(outside, 'secret.png'), 'x');
  writeFileSync(join(allowed, 'ok.png'), 'x');
  mkdirSync(join(allowed, 'sub'));
  symlinkSync(join(outside, 'secret.png'), join(allowed, 'sub', 'link.png'));
  expect(checkMedia('https://example.com/a.png', 'f', allowed, [allowed])).toBe('https://example.com/a.png');
  expect(checkMedia('asset://asset-1', 'f', allowed, [allowed])).toBe('asset://asset-1');
  expect(checkMedia('ok.png', 'f', allowed, [allowed])).toBe(join(allowed, 'ok.png'));
  expect(() => checkMedia('../x.png', 'f', allowed, [allowed])).toThrow(/outside the folders/);
  expect(() => checkMedia(join(outside, 'secret.png'), 'f', allowed, [allowed])).toThrow(/outside the folders/);
  expect(() => checkMedia('sub/link.png', 'f', allowed, [allowed])).toThrow(/outside the folders/);
  expect(() => checkMedia(`file://${join(outside, 'secret.png')}`, 'f', allowed, [allowed])).toThrow(/outside/);
});
