// `npm run bench`: start-up, status round trip, download, polling, batch and install figures, each as a ratio
// against a baseline measured in the same run (median of several runs). Writes bench-results.json.
//   node scripts/bench.mjs [--full] [--only id,id] [--strict]
//   --full (or BENCH_FULL=1)  also the 60 s polling case
//   --only                    cases by id: cold-start, mcp-startup, status, download, download-floors, polling, batch, batch-faults,
//                             install, floors
//                             (floors: --help and status against plain-Node floors on every installed Node)
//   --strict                  exit 1 when a target is missed too (by default only a missing figure fails)
// Knobs: BENCH_RUNS (short commands, default 30), BENCH_DOWNLOAD_RUNS (default 3), BENCH_INSTALL_RUNS (default 3),
// BENCH_BATCH_CONCURRENCY (default 100), BENCH_BATCH_JOBS (default 100), BENCH_BATCH_FAULT_JOBS (default 24), BENCH_BATCH_RUNS (default 1), BENCH_DOWNLOAD_DIR (default /dev/shm when it has room),
// BENCH_PIPE_MB (download-floors: the video's size, default 300),
// BENCH_NO_HYPERFINE / BENCH_NO_TIME force the fallback timers.
// BENCH_FLOOR_RUNS (floors, default 25); SEEDANCE_NODE_CACHE: where floors finds other Nodes (.ci/install-node's).
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { batch } from './bench/cases/batch.mjs';
import { batchFaults } from './bench/cases/batch-faults.mjs';
import { coldStart } from './bench/cases/cold-start.mjs';
import { download } from './bench/cases/download.mjs';
import { downloadFloors } from './bench/cases/download-floors.mjs';
import { install } from './bench/cases/install.mjs';
import { mcpStartup } from './bench/cases/mcp-startup.mjs';
import { nodeFloors } from './bench/cases/node-floors.mjs';
import { polling } from './bench/cases/polling.mjs';
import { statusRoundTrip } from './bench/cases/status.mjs';
import { root } from './bench/process.mjs';
import { machine, missing, printTable, skipped, writeResults } from './bench/report.mjs';

const CASES = [
  coldStart,
  mcpStartup,
  statusRoundTrip,
  download,
  downloadFloors,
  polling,
  batch,
  batchFaults,
  install,
  nodeFloors,
];

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: process.env.BENCH_FULL === '1' },
    only: { type: 'string' },
    strict: { type: 'boolean', default: false },
  },
});
const only = values.only ? new Set(values.only.split(',')) : null;
const unknown = [...(only ?? [])].filter((id) => !CASES.some((c) => c.id === id));
if (unknown.length) {
  console.error(`unknown case(s): ${unknown.join(', ')}; known: ${CASES.map((c) => c.id).join(', ')}`);
  process.exit(2);
}
if (!existsSync(join(root, 'dist/cli.js'))) {
  console.error('dist/cli.js is missing: run `npm run build` first (or `npm run bench`, which builds)');
  process.exit(2);
}

const options = {
  runs: positive('BENCH_RUNS', 30),
  downloadRuns: positive('BENCH_DOWNLOAD_RUNS', 3),
  installRuns: positive('BENCH_INSTALL_RUNS', 3),
  log: (line) => console.error(line),
};
const host = machine();
console.error(
  `machine: ${host.nproc} cores, ${host.cpu}, node ${host.node}, ${host.os}, load ${host.loadavg.join(' ')}`,
);
if (host.loadavg[0] > host.nproc / 2) {
  console.error('warning: the machine is busy (1-minute load above half the cores): wall-clock figures will be noisy');
}

const figures = [];
for (const benchCase of CASES) {
  if (only && !only.has(benchCase.id)) continue;
  const why =
    benchCase.unavailable?.() ?? (benchCase.slow && !values.full ? `${benchCase.slow}: run with --full` : null);
  if (why) {
    console.error(`${benchCase.id}: skipped: ${why}`);
    figures.push(...benchCase.names.map((name) => skipped(name, `skipped: ${why}`)));
    continue;
  }
  console.error(`${benchCase.id}…`);
  const started = performance.now();
  try {
    const got = await benchCase.run(options);
    const names = new Set(got.map((f) => f.name));
    figures.push(...got, ...benchCase.names.filter((n) => !names.has(n)).map((n) => missing(n, 'not measured')));
  } catch (error) {
    console.error(`${benchCase.id}: FAILED: ${error.message}`);
    figures.push(...benchCase.names.map((name) => missing(name, `failed: ${error.message.split('\n')[0]}`)));
  }
  console.error(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

console.log('');
printTable(figures);
const resultsPath = join(root, 'bench-results.json');
const loadEnd = loadavg().map((load) => Math.round(load * 100) / 100);
writeResults(resultsPath, { date: new Date().toISOString(), machine: { ...host, loadavgEnd: loadEnd }, figures });
console.error(`\nwrote ${resultsPath}`);

const missingCount = figures.filter((f) => f.status === 'MISSING').length;
const failedCount = figures.filter((f) => f.status === 'FAIL').length;
if (missingCount) console.error(`${missingCount} figure(s) missing`);
if (failedCount) console.error(`${failedCount} target(s) missed`);
process.exitCode = missingCount || (values.strict && failedCount) ? 1 : 0;

function positive(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}
