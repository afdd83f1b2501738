import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { auditRun } from '../helpers/audit.js';
import { tempDir } from '../helpers/run-cli.js';
import { KEY, startTestSandbox } from '../helpers/sandbox.js';

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
    'tsconfig.lib.json',
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

// The installed bin runs on whatever `node` PATH finds, as it does for a user: .ci/run puts each Node version of
// .ci/node-versions first on PATH and runs this file (vitest included) on it, with SEEDANCE_TEST_NODE set.
it('runs on the Node version under test', async () => {
  const expected = process.env.SEEDANCE_TEST_NODE;
  if (expected) expect(process.version).toBe(`v${expected}`);
  const doctor = await installedCli(['doctor', '--json'], env());
  const node = JSON.parse(doctor.stdout).checks.find((c: { name: string }) => c.name === 'node');
  expect(node.detail).toContain(`${process.version} `);
});

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ renderMs: 300, videoBytes: 256 * 1024 });
});
afterAll(() => sandbox?.close());

function env(extra: Record<string, string> = {}) {
  return { SEEDANCE_BASE_URL: sandbox.url, SEEDANCE_API_KEY: KEY, SEEDANCE_CONFIG_DIR: tempDir(), ...extra };
}

/** Runs the installed `node_modules/.bin/seedance` as a child (async: the sandbox lives in this process). */
function installedCli(args: string[], extraEnv: Record<string, string>, cwd?: string) {
  const bin = join(installed, 'node_modules', '.bin', 'seedance');
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      bin,
      args,
      { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...extraEnv } },
      (error, stdout, stderr) => {
        auditRun(stdout, stderr, extraEnv.SEEDANCE_CONFIG_DIR);
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

it('the installed CLI creates, waits for and saves a video, then shows it by id', async () => {
  const e = env();
  const cwd = tempDir();
  const created = await installedCli(
    ['create', 'a fox in the snow', '--wait', '-o', 'fox.mp4', '--interval', '1s'],
    e,
    cwd,
  );
  expect(created.stderr).not.toMatch(/^error:/m);
  expect(created.code).toBe(0);
  expect(statSync(join(cwd, 'fox.mp4')).size).toBe(256 * 1024);
  const shown = await installedCli(['status', '@last', '--json'], e);
  expect(shown.code).toBe(0);
  expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'succeeded' });
  const listed = await installedCli(['list', '--json'], e);
  expect(listed.code).toBe(0);
  expect(listed.stdout).toContain(JSON.parse(shown.stdout).id);
});

it('the installed CLI exits with the documented codes: 3 for a rejected key, 7 for an unknown task', async () => {
  const badKey = await installedCli(['status', 'cgt-20260101000000-nosuch'], env({ SEEDANCE_API_KEY: 'bad-key' }));
  expect(badKey.code).toBe(3);
  expect(badKey.stderr).toMatch(/^error: /m);
  const unknown = await installedCli(['status', 'cgt-20260101000000-nosuch'], env());
  expect(unknown.code).toBe(7);
});
