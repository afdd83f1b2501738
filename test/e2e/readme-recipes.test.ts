import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { auditRun } from '../helpers/audit.js';
import { tempDir } from '../helpers/run-cli.js';
import { KEY, startTestSandbox } from '../helpers/sandbox.js';
import { skipNote } from '../helpers/skip.js';
import { BIN } from '../helpers/spawn-cli.js';

// The README's recipes, extracted and run as a user would paste them: the README never rots.
const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
function recipe(name: string): string {
  const match = new RegExp(`<!-- recipe: ${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match?.[1]) throw new Error(`README has no recipe "${name}"`);
  return match[1];
}
const hasJq = spawnSync('jq', ['--version']).status === 0;

let sandbox: Sandbox;
let binDir: string;
beforeAll(async () => {
  sandbox = await startTestSandbox({ renderMs: 300 });
  // `seedance` and `npx seedance` on PATH, as after `npm install -g seedance`.
  binDir = tempDir('seedance-bin-');
  writeFileSync(join(binDir, 'seedance'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  writeFileSync(
    join(binDir, 'npx'),
    `#!/bin/sh\n[ "$1" = seedance ] && shift\nexec "${process.execPath}" "${BIN}" "$@"\n`,
  );
  chmodSync(join(binDir, 'seedance'), 0o755);
  chmodSync(join(binDir, 'npx'), 0o755);
});
afterAll(() => sandbox.close());

/** Async: the sandbox runs in this process, so a blocking spawnSync would starve it. */
function bash(script: string, extraEnv: Record<string, string> = {}) {
  const cwd = tempDir();
  const child = spawn('bash', ['-eo', 'pipefail', '-c', script], {
    cwd,
    env: {
      PATH: `${binDir}:${process.env.PATH}`,
      HOME: cwd,
      SEEDANCE_BASE_URL: sandbox.url,
      SEEDANCE_API_KEY: KEY,
      SEEDANCE_CONFIG_DIR: join(cwd, '.seedance'),
      ...extraEnv,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise<{ status: number | null; stdout: string; stderr: string; cwd: string }>((resolve) =>
    child.on('close', (status) => {
      auditRun(stdout, stderr, join(cwd, '.seedance'));
      resolve({ status, stdout, stderr, cwd });
    }),
  );
}

it('several videos, waited for together', async () => {
  const run = await bash(recipe('several'));
  expect(run.status, run.stderr).toBe(0);
  expect(readdirSync(join(run.cwd, 'videos'))).toHaveLength(3);
}, 60_000);

it.skipIf(!hasJq)(
  `jq one-liners${skipNote(hasJq, 'jq is not installed')}`,
  async () => {
    const run = await bash(recipe('jq'));
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('succeeded');
    expect(lines.at(-1)).toBe('1');
  },
  60_000,
);

it('the GitHub Actions job step', async () => {
  const yaml = recipe('github');
  const step = /run: \|\n((?: {10}.*\n)+)/.exec(yaml)?.[1]?.replace(/^ {10}/gm, '');
  expect(step).toBeDefined();
  const outputs = join(tempDir(), 'github-output');
  const run = await bash(step as string, { GITHUB_OUTPUT: outputs });
  expect(run.status, run.stderr).toBe(0);
  expect(existsSync(join(run.cwd, 'fox.mp4'))).toBe(true);
  expect(existsSync(join(run.cwd, 'fox.json'))).toBe(true);
  expect(readFileSync(outputs, 'utf8')).toMatch(/^path=fox\.mp4$/m);
}, 60_000);
