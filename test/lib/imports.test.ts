import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

// Written by scripts/build.mjs from esbuild's metafile: the sources of dist/index.js and the chunks it imports
// statically, i.e. everything `import('seedance')` evaluates (a dynamic import() is loaded only when reached).
it('importing the library loads none of the CLI framework: commander, ora, chalk, cli-progress', () => {
  const loads = JSON.parse(readFileSync(join(root, 'dist', 'lib-loads.json'), 'utf8')) as string[];
  expect(loads).toContain('src/index.ts');
  for (const name of ['commander', 'ora', 'chalk', 'cli-progress']) {
    expect(loads.filter((input) => input.includes(`node_modules/${name}/`))).toEqual([]);
  }
  expect(loads.filter((input) => input.startsWith('src/program/') || input === 'src/cli.ts')).toEqual([]);
  // The engine (ky, the HTTP client, the journal) loads at the first call, not at import.
  expect(loads.filter((input) => input.includes('node_modules/') || input.startsWith('src/api/'))).toEqual([]);
});
