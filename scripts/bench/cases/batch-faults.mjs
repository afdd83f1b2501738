// 6. `seedance batch` under refusals (issue 18): the soak run of 24 jobs, 3 s renders, concurrency 8, --download,
// with one kind of refusal at a time, as a ratio against the same run with no fault (median of BENCH_BATCH_RUNS).
// The concurrency-limit row compares with a fault-free run at --concurrency equal to the server's limit: the time a
// client that knew the limit from the start would take. BENCH_BATCH_FAULT_JOBS=200 for the big run.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedance } from '../process.mjs';
import { figure } from '../report.mjs';
import { withSandbox } from '../sandbox.mjs';

const RENDER_S = 3;
const CONCURRENCY = 8;
const SERVER_LIMIT = 3;
const jobsCount = () => Number(process.env.BENCH_BATCH_FAULT_JOBS ?? 24);
const runsCount = () => Number(process.env.BENCH_BATCH_RUNS ?? 1);

const ROWS = [
  {
    id: 'create-429',
    name: 'batch faults: first 20 creates 429 (Retry-After 1)',
    args: ['--create-errors', '20', '--retry-after', '1'],
  },
  {
    id: 'poll-503',
    name: 'batch faults: first 30 polls 503 (Retry-After 1)',
    args: ['--poll-errors', '30', '--retry-after', '1'],
  },
  {
    id: 'concurrency',
    name: `batch faults: concurrency limit ${SERVER_LIMIT} (429)`,
    args: ['--concurrency-limit', String(SERVER_LIMIT)],
    baseline: 'limit',
  },
];

export const batchFaults = {
  id: 'batch-faults',
  names: ROWS.map((row) => row.name),
  async run({ log }) {
    const jobs = jobsCount();
    const median = async (args, concurrency) => {
      const times = [];
      for (let i = 0; i < runsCount(); i++) times.push(await once(args, concurrency, jobs));
      times.sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)];
    };
    const clean = await median([], CONCURRENCY);
    log(`  no fault, ${jobs} jobs at concurrency ${CONCURRENCY}: ${clean.toFixed(1)} s`);
    const atLimit = await median([], SERVER_LIMIT);
    log(`  no fault, ${jobs} jobs at concurrency ${SERVER_LIMIT}: ${atLimit.toFixed(1)} s`);
    const figures = [];
    for (const row of ROWS) {
      const elapsed = await median(row.args, CONCURRENCY);
      const baseline = row.baseline === 'limit' ? atLimit : clean;
      log(`  ${row.id}: ${elapsed.toFixed(1)} s`);
      figures.push(
        figure({
          name: row.name,
          value: elapsed,
          unit: 's',
          baseline,
          baselineLabel:
            row.baseline === 'limit'
              ? `no fault, --concurrency ${SERVER_LIMIT} (${jobs} jobs)`
              : `no fault (${jobs} jobs, concurrency ${CONCURRENCY})`,
          ratio: elapsed / baseline,
          target: '≤ 1.5×',
          check: (_, ratio) => ratio <= 1.5,
        }),
      );
    }
    return figures;
  },
};

/** One run: every job must succeed, once, with its file saved (the CLI checks each file's sha256 as it saves it). */
async function once(sandboxArgs, concurrency, jobs) {
  const args = ['--render-time', `${RENDER_S}s`, '--video-size', String(256 * 1024), ...sandboxArgs];
  return withSandbox(args, async (sandbox) => {
    const file = join(sandbox.dir, 'jobs.jsonl');
    const lines = Array.from({ length: jobs }, (_, i) =>
      JSON.stringify({ id: `job-${String(i + 1).padStart(3, '0')}`, prompt: `bench job ${i + 1}: a paper boat` }),
    );
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = join(sandbox.dir, 'out');
    const result = await seedance(
      ['batch', file, '--concurrency', String(concurrency), '--download', '--output-dir', out],
      { env: sandbox.env, cwd: sandbox.dir },
    );
    const results = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const ids = new Set(results.map((r) => r.id));
    const failed = results.filter((r) => r.status !== 'succeeded' || !r.file);
    const files = readdirSync(out).filter((name) => name.endsWith('.mp4'));
    if (results.length !== jobs || ids.size !== jobs || failed.length || files.length !== jobs) {
      throw new Error(
        `batch printed ${results.length} results, ${ids.size} distinct task ids, ${failed.length} not saved, ${files.length} files`,
      );
    }
    const created = await sandbox.taskCount();
    if (created !== jobs) throw new Error(`the sandbox holds ${created} tasks for ${jobs} jobs`);
    return result.ms / 1000;
  });
}
