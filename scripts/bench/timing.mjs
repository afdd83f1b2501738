// Wall-clock timing of short commands: hyperfine when installed, else an interleaved spawnSync loop.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times each command ({name, argv}) `runs` times after `warmup` untimed runs and returns
 * {tool, results: {name: {medianMs, timesMs, cpuMs?}}} (cpuMs with hyperfine only). Any non-zero exit throws: a figure from a failing run is no figure.
 */
export function timeCommands(commands, { runs, warmup, env, cwd }) {
  const useHyperfine = hasCommand('hyperfine') && !process.env.BENCH_NO_HYPERFINE;
  const results = useHyperfine
    ? withHyperfine(commands, runs, warmup, env, cwd)
    : withLoop(commands, runs, warmup, env, cwd);
  return { tool: useHyperfine ? 'hyperfine' : 'spawnSync loop', results };
}

function withHyperfine(commands, runs, warmup, env, cwd) {
  const dir = mkdtempSync(join(tmpdir(), 'seedance-bench-hf-'));
  const exportPath = join(dir, 'hyperfine.json');
  try {
    const args = ['-N', '--style', 'none', '--warmup', String(warmup), '--runs', String(runs)];
    args.push('--export-json', exportPath);
    for (const command of commands) args.push(`--command-name=${command.name}`, command.argv.map(shellQuote).join(' '));
    const run = spawnSync('hyperfine', args, { env, cwd, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`hyperfine failed (exit ${run.status}): ${run.stderr.trim()}`);
    const report = JSON.parse(readFileSync(exportPath, 'utf8'));
    const results = {};
    for (const result of report.results) {
      const failed = (result.exit_codes ?? []).filter((code) => code !== 0);
      if (failed.length) throw new Error(`${result.command}: exit codes ${failed.join(',')}`);
      results[result.command] = {
        medianMs: result.median * 1000,
        timesMs: result.times.map((t) => t * 1000),
        // Mean user+system CPU: steadier than wall time when other work shares the machine.
        cpuMs: (result.user + result.system) * 1000,
      };
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Interleaved so that a slow phase of the machine (another job, thermal) hits every command alike.
function withLoop(commands, runs, warmup, env, cwd) {
  const times = Object.fromEntries(commands.map((c) => [c.name, []]));
  for (let i = 0; i < warmup + runs; i++) {
    for (const command of commands) {
      const started = performance.now();
      const run = spawnSync(command.argv[0], command.argv.slice(1), { env, cwd, stdio: 'ignore' });
      const ms = performance.now() - started;
      if (run.status !== 0) throw new Error(`${command.name}: exit ${run.status ?? run.signal}`);
      if (i >= warmup) times[command.name].push(ms);
    }
  }
  return Object.fromEntries(
    Object.entries(times).map(([name, timesMs]) => [name, { medianMs: median(timesMs), timesMs }]),
  );
}

function shellQuote(arg) {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

/** Wall and CPU details of one command against a baseline, for the log and bench-results.json. */
export function details(results, name, baseName) {
  const { timesMs, cpuMs } = results[name];
  const baseCpu = results[baseName].cpuMs;
  const extra = { timesMs: timesMs.map((t) => Math.round(t * 10) / 10) };
  if (cpuMs !== undefined && baseCpu !== undefined) {
    Object.assign(extra, {
      cpuMs: Math.round(cpuMs),
      baselineCpuMs: Math.round(baseCpu),
      cpuRatio: Math.round((cpuMs / baseCpu) * 1000) / 1000,
    });
  }
  return extra;
}
