// 3b. One large video over loopback, four clients side by side: `curl -o`, the plainest Node pipe (node:http into a
// WriteStream), the same pipe with a sha256 computed in line (the floor of any client that hashes on its main
// thread), and `seedance download`. Throughput as a ratio against curl in the same run; peak RSS of seedance.
// BENCH_PIPE_MB sets the size (default 300 MB, as issue 14 measured).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rssTool, run, seedance } from '../process.mjs';
import { figure } from '../report.mjs';
import { withSandbox } from '../sandbox.mjs';
import { median } from '../timing.mjs';
import { outputParent } from './download.mjs';

const PIPE = `import { createWriteStream } from 'node:fs';
import { get } from 'node:http';

get(process.argv[2], (res) => res.pipe(createWriteStream(process.argv[3])));
`;

const PIPE_SHA256 = `import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { get } from 'node:http';

get(process.argv[2], (res) => {
  const hash = createHash('sha256');
  res.on('data', (chunk) => hash.update(chunk));
  res.on('end', () => process.stdout.write(hash.digest('hex') + '\\n'));
  res.pipe(createWriteStream(process.argv[3]));
});
`;

const CLIENTS = ['curl', 'node pipe', 'node pipe + sha256', 'seedance download'];
const NAMES = [
  'loopback download: node pipe',
  'loopback download: node pipe + sha256',
  'loopback download: seedance download',
  'peak RSS, loopback seedance download',
];

export const downloadFloors = {
  id: 'download-floors',
  names: NAMES,
  unavailable: () => (spawnSync('curl', ['--version']).status === 0 ? null : 'curl is not installed'),
  async run({ downloadRuns, log }) {
    const bytes = Math.round(Number(process.env.BENCH_PIPE_MB || 300) * 1e6);
    const parent = outputParent();
    const out = mkdtempSync(join(parent, 'seedance-bench-floors-'));
    const pipe = join(out, 'pipe.mjs');
    const pipeSha = join(out, 'pipe-sha256.mjs');
    writeFileSync(pipe, PIPE);
    writeFileSync(pipeSha, PIPE_SHA256);
    try {
      return await withSandbox(['--render-time', '0', '--video-size', String(bytes)], async (sandbox) => {
        const id = await sandbox.createTask();
        const url = (await sandbox.task(id)).video_url;
        const target = join(out, 'video.mp4');
        const options = { env: sandbox.env, cwd: sandbox.dir };
        const argv = {
          curl: ['curl', '-s', '-f', '-o', target, url],
          'node pipe': [process.execPath, pipe, url, target],
          'node pipe + sha256': [process.execPath, pipeSha, url, target],
        };
        const times = Object.fromEntries(CLIENTS.map((c) => [c, []]));
        const rss = [];
        for (let i = 0; i < downloadRuns; i++) {
          // Rotate who goes first so page-cache and CPU-frequency drift hit all alike.
          const order = CLIENTS.map((_, k) => CLIENTS[(k + i) % CLIENTS.length]);
          for (const who of order) {
            rmSync(target, { force: true });
            spawnSync('sync');
            let result;
            if (who === 'seedance download') {
              result = await seedance(['download', id, '-o', target, '--force', '--json'], { ...options, rss: true });
              rss.push(result.maxRssKb);
            } else {
              result = await run(argv[who], options);
              if (result.code !== 0) throw new Error(`${who} exited ${result.code}: ${result.stderr.trim()}`);
            }
            const size = statSync(target).size;
            if (size !== bytes) throw new Error(`${who} wrote ${size} bytes, want ${bytes}`);
            times[who].push(result.ms);
          }
        }
        rmSync(target, { force: true });
        const mb = bytes / 1e6;
        const mbps = Object.fromEntries(CLIENTS.map((c) => [c, mb / (median(times[c]) / 1000)]));
        for (const c of CLIENTS) {
          log(`  ${c}: ${times[c].map(Math.round).join(', ')} ms (${mbps[c].toFixed(0)} MB/s)`);
        }
        log(`  ${mb} MB each; peak RSS of seedance via ${rssTool}`);
        const vsCurl = (c, target, check) =>
          figure({
            name: `loopback download: ${c}`,
            value: mbps[c],
            unit: 'MB/s',
            baseline: mbps.curl,
            baselineLabel: 'curl -o',
            ratio: mbps[c] / mbps.curl,
            target,
            check,
            extra: { timesMs: times[c].map(Math.round), curlTimesMs: times.curl.map(Math.round) },
          });
        const rssMb = (median(rss) * 1024) / 1e6;
        return [
          vsCurl('node pipe'),
          vsCurl('node pipe + sha256'),
          vsCurl('seedance download', '≥ 0.8× curl', (_, ratio) => ratio >= 0.8),
          figure({
            name: NAMES[3],
            value: rssMb,
            unit: 'MB',
            target: '< 100 MB',
            check: (value) => value < 100,
          }),
        ];
      });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
};
