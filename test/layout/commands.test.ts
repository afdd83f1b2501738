import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

// Issue 14's check: src/commands holds the commands `seedance --help` lists and nothing else, and no command
// imports another (`grep -Rn "from '\./" src/commands` prints nothing). Shared code lives below the commands.
const dir = join(import.meta.dirname, '..', '..', 'src', 'commands');
const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));

it('src/commands holds only the commands that --help lists', async () => {
  const help = await runCli(['--help']);
  const section = /^Commands:\n([\s\S]*?)\n\n/m.exec(help.stdout)?.[1] ?? '';
  const listed = [...section.matchAll(/^ {2}([a-z-]+)\b/gm)].map((match) => match[1]);
  expect(listed).toContain('create');
  const commands = files.map((name) => name.replace(/\.ts$/, ''));
  expect(commands.filter((name) => !listed.includes(name))).toEqual([]);
  // Every listed command but commander's own `help` has its file.
  expect(listed.filter((name) => name !== 'help' && !commands.includes(name as string))).toEqual([]);
});

it('no command imports another', () => {
  // A static import (`from './x.js'`) or a lazy one (`import('./x.js')`).
  const sibling = /from '\.\/|import\('\.\//;
  expect(files.filter((name) => sibling.test(readFileSync(join(dir, name), 'utf8')))).toEqual([]);
});

it('only the output module asks a stream whether it is a terminal', () => {
  const src = join(dir, '..');
  const outside = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts') && !path.startsWith('output'))
    .filter((path) => readFileSync(join(src, path), 'utf8').includes('.isTTY'));
  expect(outside).toEqual([]);
});
