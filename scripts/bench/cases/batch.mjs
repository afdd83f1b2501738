// 5. `seedance batch`: 100 jobs under a 20 req/s rate limit, against the floor of 100 creates at 20/s plus one render.
// BENCH_BATCH_JOBS=200 (or 24) for the same row at another size.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, seedance } from '../process.mjs';
import { figure } from '../report.mjs';
import { withSandbox } from '../sandbox.mjs';

const JOBS = Number(process.env.BENCH_BATCH_JOBS ?? 100);
const RATE = 20;
const RENDER_S = 5;
const NAMES = [`batch: ${JOBS} jobs at ${RATE} req/s`];

export const batch = {
  id: 'batch',
  names: NAMES,
  unavailable() {
    // An unknown command followed by --help prints the top-level help with exit 0: look for batch's own usage.
    const help = spawnSync(process.execPath, [bin, 'batch', '--help'], { encoding: 'utf8' });
    return help.status === 0 && /^Usage: seedance batch/m.test(help.stdout) ? null : 'batch not available';
  },
  async run({ log }) {
    const concurrency = Number(process.env.BENCH_BATCH_CONCURRENCY ?? JOBS);
    const args = ['--render-time', `${RENDER_S}s`, '--rate-limit', String(RATE)];
    return withSandbox(args, async (sandbox) => {
      const jobs = join(sandbox.dir, 'jobs.jsonl');
      const lines = Array.from({ length: JOBS }, (_, i) =>
        JSON.stringify({ id: `job-${String(i + 1).padStart(3, '0')}`, prompt: `bench job ${i + 1}: a paper boat` }),
      );
      writeFileSync(jobs, `${lines.join('\n')}\n`);
      const result = await seedance(['batch', jobs, '--concurrency', String(concurrency), '--wait'], {
        env: sandbox.env,
        cwd: sandbox.dir,
      });
      const results = result.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
      const ids = new Set(results.map((r) => r.id));
      const failed = results.filter((r) => r.status !== 'succeeded');
      if (results.length !== JOBS || ids.size !== JOBS || failed.length) {
        throw new Error(
          `batch printed ${results.length} results, ${ids.size} distinct task ids, ${failed.length} not succeeded`,
        );
      }
      const created = await sandbox.taskCount();
      if (created !== JOBS) throw new Error(`the sandbox holds ${created} tasks for ${JOBS} jobs`);
      const floorS = JOBS / RATE + RENDER_S;
      const elapsedS = result.ms / 1000;
      log(`  concurrency ${concurrency}, render ${RENDER_S} s: ${elapsedS.toFixed(1)} s`);
      return [
        figure({
          name: NAMES[0],
          value: elapsedS,
          unit: 's',
          baseline: floorS,
          baselineLabel: `floor: ${JOBS}/${RATE} s + ${RENDER_S} s render`,
          ratio: elapsedS / floorS,
          target: '≤ 1.2× floor',
          check: (_, ratio) => ratio <= 1.2,
        }),
      ];
    });
  },
};
