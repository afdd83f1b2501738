import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { videoSha256 } from '../../src/sandbox/video-bytes.js';
import { KEY } from '../helpers/key.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { spawnCli } from '../helpers/spawn-cli.js';

/** `seedance sandbox …` as a real process; resolves with its base URL (its first stdout line) and a stop. */
async function sandboxProcess(args: string[]) {
  const child = spawnCli(['sandbox', '--port', '0', ...args]);
  await child.waitFor(/^http:\/\/127\.0\.0\.1:\d+\n/, 'stdout');
  const url = child.stdout().trim();
  return {
    url,
    stop: async () => {
      child.child.kill('SIGTERM');
      return (await child.exit).code;
    },
  };
}

describe('seedance sandbox', () => {
  it('--state: a task created before a restart is known after it, finishes, and downloads the same video', async () => {
    const dir = tempDir('seedance-sandbox-state-');
    const args = ['--render-time', '1s', '--video-size', '200k', '--state', join(dir, 'state.json')];
    const env = (url: string) => ({ SEEDANCE_BASE_URL: url, SEEDANCE_API_KEY: KEY, SEEDANCE_CONFIG_DIR: dir });

    const first = await sandboxProcess(args);
    const created = await runCli(['create', 'a fox'], { env: env(first.url) });
    expect(created.code).toBe(0);
    const id = created.stdout.trim();
    expect(await first.stop()).toBe(0);

    const second = await sandboxProcess(args);
    try {
      const waited = await runCli(['wait', id, '--interval', '1s'], { env: env(second.url) });
      expect(waited.code).toBe(0);
      const file = join(dir, 'fox.mp4');
      const downloaded = await runCli(['download', id, '-o', file], { env: env(second.url) });
      expect(downloaded.code).toBe(0);
      const bytes = readFileSync(file);
      expect(bytes.length).toBe(200_000);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(
        videoSha256({ key: id, ratio: null, size: 200_000 }),
      );
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it('a --state file that is not one is a usage error', async () => {
    const run = await runCli(['sandbox', '--state', import.meta.filename]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a sandbox state file');
  });

  it('--video-size takes units and its help shows the default', async () => {
    const help = await runCli(['sandbox', '--help']);
    expect(help.stdout).toMatch(/--video-size <size>[\s\S]*1GiB[\s\S]*\(default: 64KiB\)/);
    const bad = await runCli(['sandbox', '--video-size', '12 parsecs']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('video-size must be a size in bytes, e.g. 65536, 500k, 200MB, 1GiB');
  });

  it('--region byteplus: BytePlus ids work on the Ark paths, doubao- ids answer 404; volcengine the reverse', async () => {
    const region = async (name: string) => {
      const sandbox = await sandboxProcess(['--region', name]);
      const create = async (provider: string) =>
        runCli(['--provider', provider, 'create', 'a fox', '-m', '2.0', '--json'], {
          env: { SEEDANCE_BASE_URL: `${sandbox.url}/api/v3`, SEEDANCE_API_KEY: KEY, SEEDANCE_CONFIG_DIR: tempDir() },
        });
      try {
        return { byteplus: await create('byteplus'), ark: await create('ark') };
      } finally {
        expect(await sandbox.stop()).toBe(0);
      }
    };
    const byteplus = await region('byteplus');
    expect(byteplus.byteplus.code).toBe(0);
    expect(JSON.parse(byteplus.byteplus.stdout).id).toMatch(/^cgt-/);
    expect(byteplus.ark.code).toBe(2);
    expect(byteplus.ark.stderr).toMatch(/HTTP 404\): The model or endpoint doubao-seedance-2-0-260128 does not exist/);
    const volcengine = await region('volcengine');
    expect(volcengine.ark.code).toBe(0);
    expect(volcengine.byteplus.code).toBe(2);
    expect(volcengine.byteplus.stderr).toMatch(
      /HTTP 404\): The model or endpoint dreamina-seedance-2-0-260128 does not exist/,
    );
    const bad = await runCli(['sandbox', '--region', 'mars']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are volcengine, byteplus/);
  });
});
