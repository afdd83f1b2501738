import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { shellLine } from '../../scripts/shell-line.mjs';
import { shellWord } from '../../src/output/sanitize.js';

const words = ['seedance', 'create', 'A Christmas bunny', 'it\'s $HOME `x` \\ "q"', '--ratio', '16:9', '', 'a\nb'];

it('npm run demo prints its commands quoted as a shell reads them back, by the rule of shellWord', () => {
  expect(shellLine(['seedance', 'create', 'A Christmas bunny', '--ratio', '16:9'])).toBe(
    "seedance create 'A Christmas bunny' --ratio 16:9",
  );
  expect(shellLine(words)).toBe(words.map(shellWord).join(' '));
  const echoed = execFileSync('bash', ['--norc', '--noprofile', '-c', `printf '%s\\0' ${shellLine(words)}`]);
  expect(echoed.toString('utf8').split('\0').slice(0, -1)).toEqual(words);
});
