import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { tempDir } from '../helpers/run-cli.js';
import { KEY, startTestSandbox } from '../helpers/sandbox.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { until } from '../helpers/until.js';

// Issue 12 §1 with the built CLI, real processes and a real Ctrl-C: a .part is continued only for its own video.
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ renderMs: 600, videoBytes: 4 * 1024 * 1024 });
});
afterAll(() => sandbox.close());

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function env() {
  return { SEEDANCE_BASE_URL: sandbox.url, SEEDANCE_API_KEY: KEY, SEEDANCE_CONFIG_DIR: tempDir() };
}

/** Starts `argv`, waits for `<cwd>/out.mp4.part` to hold bytes, then Ctrl-C: exit 130 with the .part kept. */
async function interrupted(argv: string[], e: Record<string, string>, cwd: string): Promise<void> {
  sandbox.faults.throttleBytesPerSec = 512 * 1024;
  try {
    const part = join(cwd, 'out.mp4.part');
    const run = spawnCli(argv, { env: e, cwd });
    await until(() => existsSync(part) && statSync(part).size > 0, 'the .part file to grow');
    run.child.kill('SIGINT');
    expect((await run.exit).code).toBe(130);
  } finally {
    sandbox.faults.throttleBytesPerSec = 0;
  }
}

it('download A, Ctrl-C, then download B to the same path: the file is B, and the old .part is said not to be B', async () => {
  const e = env();
  const ids: string[] = [];
  for (const prompt of ['video a', 'video b']) {
    const created = spawnCli(['create', prompt], { env: e });
    await created.exit;
    ids.push(created.stdout().trim());
  }
  const [a, b] = ids as [string, string];
  for (const id of ids) sandbox.setTaskState(id, 'succeeded');
  const cwd = tempDir();
  await interrupted(['download', a, '-o', 'out.mp4'], e, cwd);
  const run = spawnCli(['download', b, '-o', 'out.mp4'], { env: e, cwd });
  expect((await run.exit).code).toBe(0);
  expect(run.stderr()).toContain(`out.mp4.part was not this video's (task ${a}); starting over`);
  expect(run.stderr()).not.toContain('resuming');
  expect(sha256(join(cwd, 'out.mp4'))).toBe(sandbox.videoDigest(b).sha256);
  expect(existsSync(join(cwd, 'out.mp4.part.json'))).toBe(false);
});

it('create "v1" -o out.mp4, Ctrl-C while it downloads, then create "v2" -o out.mp4: out.mp4 is v2', async () => {
  const e = env();
  const cwd = tempDir();
  await interrupted(['create', 'v1', '-o', 'out.mp4'], e, cwd);
  const run = spawnCli(['create', 'v2', '-o', 'out.mp4', '--json'], { env: e, cwd });
  expect((await run.exit).code).toBe(0);
  const task = JSON.parse(run.stdout());
  expect(run.stderr()).toMatch(/out\.mp4\.part was not this video's \(task cgt-[\w-]+\); starting over/);
  expect(task.file.sha256).toBe(sandbox.videoDigest(task.id).sha256);
  expect(sha256(join(cwd, 'out.mp4'))).toBe(sandbox.videoDigest(task.id).sha256);
});
