import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { leavePart } from '../helpers/part.js';
import { tempDir } from '../helpers/run-cli.js';
import { KEY, useSandbox } from '../helpers/sandbox.js';
import { spawnCli } from '../helpers/spawn-cli.js';

// The sha256 on the worker thread (SEEDANCE_TEST_HASH forces it below its 8 MiB threshold), from the bundled CLI.
const s = useSandbox({ videoBytes: 3 * 1024 * 1024 });

async function download(id: string, cwd: string, hash = 'worker') {
  const env = {
    SEEDANCE_BASE_URL: s.sandbox.url,
    SEEDANCE_API_KEY: KEY,
    SEEDANCE_CONFIG_DIR: tempDir(),
    SEEDANCE_TEST_HASH: hash,
  };
  const child = spawnCli(['download', id, '-o', 'v.mp4', '--json'], { env, cwd });
  const { code } = await child.exit;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function finishedTask(): Promise<string> {
  const id = (await s.cli(['create', 'a fox'])).stdout.trim();
  s.sandbox.setTaskState(id, 'succeeded');
  return id;
}

it('a download hashed on the worker reports and verifies the sandbox sha256', async () => {
  const id = await finishedTask();
  const cwd = tempDir();
  const run = await download(id, cwd);
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout).sha256).toBe(s.sandbox.videoDigest(id).sha256);
  expect(sha256(join(cwd, 'v.mp4'))).toBe(s.sandbox.videoDigest(id).sha256);
});

it('a resume hashes the .part already on disk on the worker, then the rest', async () => {
  const id = await finishedTask();
  const cwd = tempDir();
  const size = await leavePart(s, id, cwd, 'v.mp4', 100_000);
  expect(size).toBeGreaterThan(0);
  const run = await download(id, cwd);
  expect(run.code).toBe(0);
  expect(s.sandbox.stats.storageRequests.at(-1)?.range).toBe(`bytes=${size}-`);
  expect(JSON.parse(run.stdout).sha256).toBe(s.sandbox.videoDigest(id).sha256);
  expect(sha256(join(cwd, 'v.mp4'))).toBe(s.sandbox.videoDigest(id).sha256);
});

it('a hash worker that fails fails the download: no file renamed into place, the .part kept', async () => {
  const id = await finishedTask();
  const cwd = tempDir();
  const run = await download(id, cwd, 'worker-crash');
  expect(run.code).toBe(8);
  expect(run.stderr).toContain("cannot compute the video's sha256");
  expect(existsSync(join(cwd, 'v.mp4'))).toBe(false);
  expect(statSync(join(cwd, 'v.mp4.part')).size).toBeGreaterThan(0);
});
