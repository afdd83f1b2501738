import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/run-cli.js';

const root = join(import.meta.dirname, '..', '..');
let installed: string;
let files: string[];
let manifest: string;
let restoredManifest: string;
let installOutput: string;

// The way `npx seedance` meets the package: the packed tarball installed into an empty folder. The pack runs its
// real lifecycle (prepack builds and strips the manifest, postpack restores it) in a copy of the project, so the
// build it makes never swaps the dist/ that other suites are running.
beforeAll(() => {
  const project = tempDir('seedance-project-');
  for (const name of ['src', 'node_modules']) symlinkSync(join(root, name), join(project, name));
  for (const name of [
    'package.json',
    '.npmignore',
    'tsconfig.json',
    'README.md',
    'LICENSE',
    'bin',
    'schema',
    'scripts',
  ]) {
    cpSync(join(root, name), join(project, name), { recursive: true });
  }
  manifest = readFileSync(join(project, 'package.json'), 'utf8');
  const packDir = tempDir('seedance-pack-');
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], {
    cwd: project,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  restoredManifest = readFileSync(join(project, 'package.json'), 'utf8');
  const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = (info?.files ?? []).map((f) => f.path);
  installed = tempDir('seedance-install-');
  execFileSync('npm', ['init', '-y'], { cwd: installed, stdio: 'ignore' });
  const install = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--offline', join(packDir, info?.filename ?? '')],
    { cwd: installed, encoding: 'utf8' },
  );
  if (install.status !== 0) throw new Error(`npm install failed: ${install.stderr}`);
  installOutput = install.stdout + install.stderr;
}, 120_000);

it('ships only what a user needs', () => {
  expect(files).toContain('bin/seedance.js');
  expect(files).toContain('dist/cli.js');
  expect(files).toContain('README.md');
  expect(files).toContain('LICENSE');
  expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('.ci/'))).toEqual([]);
});

it('ships a manifest without scripts, so installing the tarball runs and warns about none', () => {
  const shipped = JSON.parse(readFileSync(join(installed, 'node_modules', 'seedance', 'package.json'), 'utf8'));
  expect(shipped.scripts).toBeUndefined();
  expect(shipped.allowScripts).toBeUndefined();
  expect(shipped.bin).toEqual({ seedance: 'bin/seedance.js' });
  expect(installOutput).not.toMatch(/install.scripts|prepare/i);
  // The project's own package.json is back as it was after the pack.
  expect(restoredManifest).toBe(manifest);
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
