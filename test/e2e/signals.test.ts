import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { tempDir } from '../helpers/run-cli.js';
import { KEY, startTestSandbox } from '../helpers/sandbox.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { until } from '../helpers/until.js';

// Real processes and real signals: the sandbox runs on the wall clock here.
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ renderMs: 600, videoBytes: 4 * 1024 * 1024 });
});
afterAll(() => sandbox.close());

function env() {
  return { SEEDANCE_BASE_URL: sandbox.url, SEEDANCE_API_KEY: KEY, SEEDANCE_CONFIG_DIR: tempDir() };
}

it('SIGINT during wait: exit 130, the task keeps rendering, the resume command is printed', async () => {
  const e = env();
  const created = spawnCli(['create', 'a fox #stuck'], { env: e });
  expect((await created.exit).code).toBe(0);
  const id = created.stdout().trim();
  const run = spawnCli(['wait', id, '--interval', '1s'], { env: e });
  await run.waitFor(/queued|running/);
  run.child.kill('SIGINT');
  expect((await run.exit).code).toBe(130);
  expect(run.stderr()).toContain(`task ${id} keeps rendering`);
  expect(run.stderr()).toContain(`seedance wait ${id}`);
});

it('SIGTERM during create --wait: exit 143, the task id is on stderr and in the history', async () => {
  const e = env();
  const run = spawnCli(['create', 'a fox #stuck', '--wait', '--interval', '1s'], { env: e });
  await run.waitFor(/created (cgt-\S+)/);
  const id = /created (cgt-\S+)/.exec(run.stderr())?.[1];
  run.child.kill('SIGTERM');
  expect((await run.exit).code).toBe(143);
  expect(run.stderr()).toContain(`seedance wait ${id}`);
  const list = spawnCli(['status', '@last', '--json'], { env: e });
  await list.exit;
  expect(JSON.parse(list.stdout()).id).toBe(id);
});

it('SIGINT during download: exit 130, the .part stays, no final file, and a rerun resumes', async () => {
  const e = env();
  const created = spawnCli(['create', 'a fox'], { env: e });
  await created.exit;
  const id = created.stdout().trim();
  sandbox.setTaskState(id, 'succeeded');
  sandbox.faults.throttleBytesPerSec = 1024 * 1024;
  const cwd = tempDir();
  const part = join(cwd, 'v.mp4.part');
  const run = spawnCli(['download', id, '-o', 'v.mp4'], { env: e, cwd });
  await until(() => existsSync(part) && statSync(part).size > 0, 'the .part file to grow');
  run.child.kill('SIGINT');
  const { code } = await run.exit;
  expect(code).toBe(130);
  expect(run.stderr()).toContain('the .part file is kept');
  expect(existsSync(join(cwd, 'v.mp4'))).toBe(false);
  expect(existsSync(join(cwd, 'v.mp4.lock'))).toBe(false);
  const kept = statSync(part).size;
  expect(kept).toBeGreaterThan(0);
  sandbox.faults.throttleBytesPerSec = 0;
  const again = spawnCli(['download', id, '-o', 'v.mp4'], { env: e, cwd });
  expect((await again.exit).code).toBe(0);
  expect(again.stderr()).toContain(`resuming v.mp4 at`);
  expect(
    createHash('sha256')
      .update(readFileSync(join(cwd, 'v.mp4')))
      .digest('hex'),
  ).toBe(sandbox.videoDigest(id).sha256);
});

it('two processes downloading to the same target: one wins, the other refuses', async () => {
  const e = env();
  const created = spawnCli(['create', 'a fox'], { env: e });
  await created.exit;
  const id = created.stdout().trim();
  sandbox.setTaskState(id, 'succeeded');
  sandbox.faults.throttleBytesPerSec = 2 * 1024 * 1024;
  const cwd = tempDir();
  const first = spawnCli(['download', id, '-o', 'v.mp4'], { env: e, cwd });
  await until(() => existsSync(join(cwd, 'v.mp4.lock')), 'the first download to lock its target');
  const second = spawnCli(['download', id, '-o', 'v.mp4'], { env: e, cwd });
  expect((await second.exit).code).toBe(2);
  expect(second.stderr()).toMatch(/another seedance process \(pid \d+\) is downloading/);
  sandbox.faults.throttleBytesPerSec = 0;
  expect((await first.exit).code).toBe(0);
});
