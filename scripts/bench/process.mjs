// Spawning the built CLI (and curl) without blocking the event loop, with wall time and, on request, peak RSS.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = new URL('../../', import.meta.url).pathname;
export const bin = join(root, 'bin/seedance.js');
const rssWrapper = join(root, 'scripts/bench/rss-wrapper.mjs');

/** How peak RSS and CPU are measured here: GNU time when present, else a wrapper reading process.resourceUsage(). */
export const rssTool = existsSync('/usr/bin/time') && !process.env.BENCH_NO_TIME ? '/usr/bin/time' : 'resourceUsage';

/**
 * Runs `argv` to completion. Resolves {code, signal, stdout, stderr, ms, endedAt, maxRssKb, cpuS} (endedAt on the
 * performance.now() clock). `rss: true` measures peak RSS and user+system CPU seconds (without GNU time only for a
 * `seedance` argv, through the wrapper).
 */
export function run(argv, { env, cwd, rss = false, seedance = false } = {}) {
  const dir = rss ? mkdtempSync(join(tmpdir(), 'seedance-bench-rss-')) : null;
  const rssFile = dir ? join(dir, 'rss') : null;
  let command = argv;
  let childEnv = env;
  if (rss && rssTool === '/usr/bin/time') {
    command = ['/usr/bin/time', '-f', '%M %U %S', '-o', rssFile, ...argv];
  } else if (rss && seedance) {
    command = [process.execPath, rssWrapper, ...argv.slice(2)];
    childEnv = { ...env, BENCH_RSS_FILE: rssFile };
  } else if (rss) {
    throw new Error(`peak RSS of ${argv[0]} needs /usr/bin/time`);
  }
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command[0], command.slice(1), { env: childEnv, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text) => {
      stderr += text;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const endedAt = performance.now();
      const ms = endedAt - started;
      let maxRssKb = null;
      let cpuS = null;
      if (rssFile) {
        // GNU time writes "Command exited with non-zero status" lines first: the figures are on the last line.
        const text = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').trim().split('\n').pop() : '';
        const match = /^(\d+) ([\d.]+) ([\d.]+)$/.exec(text ?? '');
        if (match) [maxRssKb, cpuS] = [Number(match[1]), Number(match[2]) + Number(match[3])];
        rmSync(dir, { recursive: true, force: true });
      }
      resolve({ code, signal, stdout, stderr, ms, endedAt, maxRssKb, cpuS });
    });
  });
}

/** Runs the CLI and throws unless it exits 0. */
export async function seedance(args, options = {}) {
  const result = await run([process.execPath, bin, ...args], { ...options, seedance: true });
  if (result.code !== 0) {
    throw new Error(`seedance ${args.join(' ')} exited ${result.code ?? result.signal}: ${result.stderr.trim()}`);
  }
  return result;
}

export async function curl(args, options = {}) {
  const result = await run(['curl', '-s', '-f', ...args], options);
  if (result.code !== 0) throw new Error(`curl ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
  return result;
}
