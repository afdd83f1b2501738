// `npm run demo`: the main job end to end against the bundled sandbox, with no API key and no network:
// sandbox up → create → status until done → download → gallery page → sandbox down.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { shellLine } from './shell-line.mjs';

const bin = new URL('../bin/seedance.js', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'seedance-demo-'));
const sandbox = spawn(process.execPath, [bin, 'sandbox', '--port', '0', '--render-time', '8s'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const baseUrl = await new Promise((resolve, reject) => {
  createInterface({ input: sandbox.stdout }).once('line', resolve);
  sandbox.once('exit', (code) => reject(new Error(`sandbox exited (${code})`)));
});
const env = { ...process.env, SEEDANCE_BASE_URL: baseUrl, SEEDANCE_API_KEY: 'sk-demo-key', SEEDANCE_CONFIG_DIR: work };

function seedance(...args) {
  console.error(`$ ${shellLine(['seedance', ...args])}`);
  const run = spawnSync(process.execPath, [bin, ...args], {
    env,
    cwd: work,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (run.stdout) process.stdout.write(run.stdout);
  if (run.status !== 0) throw new Error(`seedance ${args[0]} exited with ${run.status}`);
  return run.stdout.trim();
}

try {
  console.error(`sandbox at ${baseUrl}\n`);
  const id = seedance(
    ...['create', 'A Christmas bunny flying in the sky', '--ratio', '16:9', '--duration', '5', '--return-last-frame'],
  );
  seedance('status', id);
  seedance('wait', id, '--interval', '1s');
  seedance('status', id);
  const path = seedance('download', id, '-o', 'bunny.mp4', '--sidecar', '--last-frame');
  const page = seedance('gallery');
  console.error(`\ndone: the playable video (a 2 s H.264 test clip from the sandbox) is ${join(work, path)}`);
  console.error(`      its gallery page: ${join(work, page)}`);
} finally {
  sandbox.kill('SIGTERM');
}
