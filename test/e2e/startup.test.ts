import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from '../helpers/run-cli.js';
import { BIN } from '../helpers/spawn-cli.js';

// What the built CLI costs before it does anything (issue 17): the bundle's startup path, run as a user would.

/** The Node built-ins a run of the built CLI loaded, from process.moduleLoadList at exit. */
function builtinsLoaded(args: string[], script = BIN): string[] {
  const dir = tempDir();
  const hook = join(dir, 'hook.mjs');
  const list = join(dir, 'loaded.json');
  writeFileSync(
    hook,
    `process.on('exit', () => process.getBuiltinModule('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));\n`,
  );
  const run = spawnSync(process.execPath, ['--import', hook, script, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, SEEDANCE_CONFIG_DIR: dir },
  });
  expect(run.status).toBe(0);
  return JSON.parse(readFileSync(list, 'utf8')) as string[];
}

it('help through commander loads neither child_process (commander only needs it for external commands) nor fs streams', () => {
  const empty = join(tempDir(), 'empty.mjs');
  writeFileSync(empty, '');
  // Node 20's own ESM loader reads files with fs/promises: only what an empty ESM entry does not load counts.
  const floor = new Set(builtinsLoaded([], empty));
  // `help` goes through commander (`--help` into a pipe prints the text the build captured, and loads even less).
  const loaded = builtinsLoaded(['help']);
  expect(loaded).toContain('NativeModule internal/modules/esm/loader');
  const avoidable = ['child_process', 'internal/fs/promises', 'internal/readline/interface', 'internal/fs/streams'];
  expect(avoidable.map((name) => `NativeModule ${name}`).filter((m) => loaded.includes(m) && !floor.has(m))).toEqual(
    [],
  );
});

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const hasCompileCache = major > 22 || (major === 22 && minor >= 1);

it(`keeps compiled code in TMPDIR for the next run ${hasCompileCache ? 'on' : 'not on'} Node ${process.version}`, () => {
  const tmp = tempDir();
  const run = spawnSync(process.execPath, [BIN, '--help'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmp, SEEDANCE_CONFIG_DIR: tmp },
  });
  expect(run.status).toBe(0);
  expect(run.stderr).toBe('');
  const cache = join(tmp, 'node-compile-cache');
  if (hasCompileCache) expect(readdirSync(cache).length).toBeGreaterThan(0);
  else expect(existsSync(cache)).toBe(false);
});

it('still starts when TMPDIR is a file, missing, or a folder no cache can be made in', () => {
  const file = join(tempDir(), 'a-file');
  writeFileSync(file, '');
  // Node 22 and 24 spin forever on enableCompileCache() under /proc: the timeout makes that a failure, not a hang.
  for (const tmp of [file, join(tempDir(), 'missing', 'deeper'), '/proc/seedance-no-such-dir']) {
    const run = spawnSync(process.execPath, [BIN, '--version'], {
      encoding: 'utf8',
      timeout: 10_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmp },
    });
    expect({ tmp, status: run.status, signal: run.signal }).toEqual({ tmp, status: 0, signal: null });
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }
});

/** The files of dist/ that loading `file` loads (its static imports, transitively), file included. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  for (const [, path] of source.matchAll(/(?:from|import)\s*"(\.\.?\/[^"]+)"/g)) {
    staticClosure(join(dirname(file), path as string), seen);
  }
  return seen;
}

it('the program past the fast paths (commander, the context, the API client, the output) loads as a few files', () => {
  // esbuild makes a chunk per combination of lazy importers: `status` loaded 36 files before scripts/build.mjs made
  // every lazily imported module import src/run.ts first (~0.4 ms a file on Node 24).
  const dist = join(dirname(BIN), '..', 'dist');
  const cli = join(dist, 'cli.js');
  const run = /import\("(\.\/chunks\/run-[^"]+)"\)/.exec(readFileSync(cli, 'utf8'))?.[1];
  expect(run).toBeDefined();
  const files = staticClosure(join(dist, run as string), staticClosure(cli));
  expect([...files].map((file) => file.slice(dist.length + 1)).length).toBeLessThanOrEqual(5);
});
