// 3. `seedance download` of 100 MiB and 1 GiB videos over loopback against `curl -o` of the same storage URL:
// throughput, peak RSS, and identical files.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { curl, rssTool, seedance } from '../process.mjs';
import { figure } from '../report.mjs';
import { withSandbox } from '../sandbox.mjs';
import { median } from '../timing.mjs';

const MiB = 2 ** 20;
const SIZES = [
  { label: '100 MiB', bytes: 100 * MiB },
  { label: '1 GiB', bytes: 1024 * MiB },
];
const NAMES = [
  'download 1 GiB throughput',
  'download 100 MiB throughput',
  'peak RSS, 100 MiB download',
  'peak RSS, 1 GiB download',
];

export const download = {
  id: 'download',
  names: NAMES,
  async run({ downloadRuns, log }) {
    const parent = outputParent();
    log(`  peak RSS via ${rssTool}; files written under ${parent}`);
    const measured = {};
    for (const size of SIZES) {
      measured[size.label] = await measure(size, downloadRuns, parent, log);
    }
    const big = measured['1 GiB'];
    const small = measured['100 MiB'];
    const limitMb = 100;
    return [
      throughputFigure(NAMES[0], big, (_, ratio) => ratio >= 0.9, '≥ 0.9× curl'),
      throughputFigure(NAMES[1], small),
      figure({
        name: NAMES[2],
        value: small.rssMb,
        unit: 'MB',
        baseline: small.curlRssMb,
        baselineLabel: 'curl',
        ratio: small.curlRssMb === null ? null : small.rssMb / small.curlRssMb,
        target: `< ${limitMb} MB`,
        check: (value) => value < limitMb,
      }),
      figure({
        name: NAMES[3],
        value: big.rssMb,
        unit: 'MB',
        baseline: small.rssMb,
        baselineLabel: '100 MiB download',
        ratio: big.rssMb / small.rssMb,
        target: `< ${limitMb} MB, 0.9–1.1× 100 MiB`,
        check: (value, ratio) => value < limitMb && ratio >= 0.9 && ratio <= 1.1,
      }),
    ];
  },
};

function throughputFigure(name, m, check, target = '') {
  return figure({
    extra: { cpuS: m.cpuS, curlCpuS: m.curlCpuS, timesMs: m.timesMs, curlTimesMs: m.curlTimesMs },
    name,
    value: m.mbps,
    unit: 'MB/s',
    baseline: m.curlMbps,
    baselineLabel: 'curl -o',
    ratio: m.mbps / m.curlMbps,
    target,
    check,
  });
}

/**
 * Where the downloads land. tmpfs by default: on a VM, disk writeback of the previous 1 GiB file stalls the next
 * writer for seconds at random (dd of 1 GiB took 0.2–2.8 s here), which drowns the client's own cost.
 */
export function outputParent() {
  const chosen = process.env.BENCH_DOWNLOAD_DIR;
  if (chosen) return chosen;
  const shm = '/dev/shm';
  if (existsSync(shm)) {
    const { bavail, bsize } = statfsSync(shm);
    if (bavail * bsize > 3 * 2 ** 30) return shm;
  }
  return tmpdir();
}

async function measure(size, runs, parent, log) {
  return withSandbox(['--render-time', '0', '--video-size', String(size.bytes)], async (sandbox) => {
    const id = await sandbox.createTask();
    const task = await sandbox.task(id);
    if (task.status !== 'succeeded' || !task.video_url) throw new Error(`task ${id} has no video (${task.status})`);
    const out = mkdtempSync(join(parent, 'seedance-bench-dl-'));
    const ours = join(out, 'seedance.mp4');
    const theirs = join(out, 'curl.mp4');
    const times = { seedance: [], curl: [] };
    const rss = { seedance: [], curl: [] };
    const cpu = { seedance: [], curl: [] };
    let reported = null;
    try {
      for (let i = 0; i < runs; i++) {
        // Alternate who goes first so page-cache and CPU-frequency drift hit both alike.
        const order = i % 2 ? ['seedance', 'curl'] : ['curl', 'seedance'];
        for (const who of order) {
          // Each writer starts from an empty target and no dirty pages of the one before.
          rmSync(who === 'curl' ? theirs : ours, { force: true });
          spawnSync('sync');
          const options = { env: sandbox.env, cwd: sandbox.dir };
          const result =
            who === 'curl'
              ? await curl(['-o', theirs, task.video_url], { ...options, rss: rssTool === '/usr/bin/time' })
              : await seedance(['download', id, '-o', ours, '--force', '--json'], { ...options, rss: true });
          times[who].push(result.ms);
          rss[who].push(result.maxRssKb);
          cpu[who].push(result.cpuS);
          if (who === 'seedance') {
            const json = JSON.parse(result.stdout);
            if (reported && json.sha256 !== reported.sha256)
              throw new Error('download --json sha256 changed between runs');
            reported = json;
          }
        }
      }
      for (const [who, path] of [
        ['seedance', ours],
        ['curl', theirs],
      ]) {
        const bytes = statSync(path).size;
        if (bytes !== size.bytes) throw new Error(`${who} wrote ${bytes} bytes, want ${size.bytes}`);
      }
      const [oursHash, theirsHash] = [await sha256(ours), await sha256(theirs)];
      if (oursHash !== theirsHash) throw new Error(`sha256 differs: seedance ${oursHash}, curl ${theirsHash}`);
      if (reported.sha256 !== oursHash || reported.bytes !== size.bytes) {
        throw new Error(
          `download --json reported ${reported.bytes} bytes sha256 ${reported.sha256}, file has ${oursHash}`,
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    const mb = size.bytes / 1e6;
    const m = {
      mbps: mb / (median(times.seedance) / 1000),
      curlMbps: mb / (median(times.curl) / 1000),
      rssMb: toMb(median(rss.seedance)),
      // Without GNU time only our own process can report its RSS.
      curlRssMb: rss.curl.includes(null) ? null : toMb(median(rss.curl)),
      cpuS: cpu.seedance.includes(null) ? null : median(cpu.seedance),
      timesMs: times.seedance.map(Math.round),
      curlTimesMs: times.curl.map(Math.round),
      curlCpuS: cpu.curl.includes(null) ? null : median(cpu.curl),
    };
    log(
      `  ${size.label}: seedance ${fmt(times.seedance)} ms, curl ${fmt(times.curl)} ms; ` +
        `CPU s seedance ${fmtS(cpu.seedance)}, curl ${fmtS(cpu.curl)}; ` +
        `peak RSS seedance ${fmt(rss.seedance.map(toMb))} MB, curl ${rss.curl.includes(null) ? 'n/a' : fmt(rss.curl.map(toMb))} MB; sha256 equal`,
    );
    return m;
  });
}

/** GNU time and resourceUsage report KiB; the target is in (decimal) MB. */
function toMb(kib) {
  return (kib * 1024) / 1e6;
}

function fmtS(values) {
  return values.includes(null) ? 'n/a' : `[${values.map((v) => v.toFixed(2)).join(', ')}]`;
}

function fmt(values) {
  return `[${values.map((v) => Math.round(v)).join(', ')}]`;
}

async function sha256(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * MiB })) hash.update(chunk);
  return hash.digest('hex');
}
