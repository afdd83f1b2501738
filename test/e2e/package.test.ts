import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/run-cli.js';

const root = join(import.meta.dirname, '..', '..');
let installed: string;
let files: string[];

// The way `npx seedance` meets the package: the packed tarball installed into an empty folder.
beforeAll(() => {
  const packDir = tempDir('seedance-pack-');
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], {
    cwd: root,
    encoding: 'utf8',
  });
  const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = (info?.files ?? []).map((f) => f.path);
  installed = tempDir('seedance-install-');
  execFileSync('npm', ['init', '-y'], { cwd: installed, stdio: 'ignore' });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(packDir, info?.filename ?? '')], {
    cwd: installed,
    stdio: 'ignore',
  });
}, 120_000);

it('ships only what a user needs', () => {
  expect(files).toContain('bin/seedance.js');
  expect(files).toContain('dist/cli.js');
  expect(files).toContain('README.md');
  expect(files).toContain('LICENSE');
  expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('.ci/'))).toEqual([]);
});

it('installs with no runtime dependency to fetch, and runs --help and --version', () => {
  expect(readdirSync(join(installed, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['seedance']);
  const bin = join(installed, 'node_modules', '.bin', 'seedance');
  expect(existsSync(bin)).toBe(true);
  const help = spawnSync(bin, ['--help'], { encoding: 'utf8' });
  expect(help.status).toBe(0);
  expect(help.stdout).toContain('Usage: seedance');
  expect(help.stdout).toContain('Exit codes:');
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
});
