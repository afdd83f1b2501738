// A `seedance sandbox` child process for one case: its URL, an env that points the CLI at it, and a task factory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { bin, seedance } from './process.mjs';

export const API_KEY = 'sk-bench-key-0000';

export async function startSandbox(args) {
  const dir = mkdtempSync(join(tmpdir(), 'seedance-bench-'));
  const child = spawn(process.execPath, [bin, 'sandbox', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text) => {
    stderr += text;
  });
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited (${code}): ${stderr.trim()}`)));
  });
  const env = {
    ...process.env,
    SEEDANCE_BASE_URL: url,
    SEEDANCE_API_KEY: API_KEY,
    SEEDANCE_CONFIG_DIR: join(dir, 'config'),
    NO_COLOR: '1',
  };
  for (const name of ['SEEDANCE_PROVIDER', 'ARK_API_KEY', 'CI', 'FORCE_COLOR']) delete env[name];
  return {
    url,
    env,
    dir,
    /** Creates a task and returns its id (stdout of `create`). */
    async createTask(prompt = 'bench: a fox running through snow') {
      const { stdout } = await seedance(['create', prompt], { env, cwd: dir });
      return stdout.trim();
    },
    /** The normalised Task from `status --json`. */
    async task(id) {
      const { stdout } = await seedance(['status', id, '--json'], { env, cwd: dir });
      return JSON.parse(stdout);
    },
    /** How many tasks the sandbox holds (its Ark list route, which sees every task): a create made twice shows. */
    async taskCount() {
      for (;;) {
        const response = await fetch(`${url}/api/v3/contents/generations/tasks?page_size=1`, {
          headers: { authorization: `Bearer ${API_KEY}` },
        });
        if (response.status === 429) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          continue;
        }
        if (!response.ok) throw new Error(`the sandbox's task list answered ${response.status}`);
        return (await response.json()).total;
      }
    },
    /** The gateway status URL of a task (what `status` GETs), for curl and for the bench's own poller. */
    statusUrl(id) {
      return `${url}/v1/video/generations/${id}`;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `body(sandbox)` with a fresh sandbox, always stopping it. */
export async function withSandbox(args, body) {
  const sandbox = await startSandbox(args);
  try {
    return await body(sandbox);
  } finally {
    await sandbox.stop();
  }
}
