// 6. What a first `npx seedance` pays: installing the packed tarball into an empty prefix from a warm npm cache,
// against installing a one-file package the same way.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, run } from '../process.mjs';
import { figure } from '../report.mjs';
import { median } from '../timing.mjs';

const NAMES = ['install: time', 'install: packages', 'install: tarball size'];

export const install = {
  id: 'install',
  names: NAMES,
  async run({ installRuns, log }) {
    const dir = mkdtempSync(join(tmpdir(), 'seedance-bench-install-'));
    try {
      const ours = pack(root, dir);
      const minimalDir = join(dir, 'minimal');
      mkdirSync(minimalDir);
      writeFileSync(join(minimalDir, 'package.json'), JSON.stringify({ name: 'bench-minimal', version: '1.0.0' }));
      writeFileSync(join(minimalDir, 'index.js'), 'export {};\n');
      const minimal = pack(minimalDir, dir);
      const times = { ours: [], minimal: [] };
      let packages = null;
      // One untimed round first: it warms npm's cache and the file system.
      for (let i = 0; i <= installRuns; i++) {
        for (const [who, tarball] of [
          ['ours', ours],
          ['minimal', minimal],
        ]) {
          const prefix = mkdtempSync(join(dir, `prefix-${who}-`));
          const result = await run(
            [
              'npm',
              'install',
              '--prefix',
              prefix,
              '--offline',
              '--no-audit',
              '--no-fund',
              '--no-update-notifier',
              tarball.path,
            ],
            { cwd: prefix },
          );
          if (result.code !== 0)
            throw new Error(`npm install ${tarball.filename} exited ${result.code}: ${result.stderr}`);
          if (i > 0) times[who].push(result.ms);
          if (who === 'ours') packages = countPackages(join(prefix, 'node_modules'));
          rmSync(prefix, { recursive: true, force: true });
        }
      }
      log(`  ${ours.filename}: ${ours.entryCount} files, ${(ours.size / 1000).toFixed(1)} kB packed`);
      const time = median(times.ours);
      const base = median(times.minimal);
      return [
        figure({
          name: NAMES[0],
          value: time,
          unit: 'ms',
          baseline: base,
          baselineLabel: 'one-file package',
          ratio: time / base,
        }),
        figure({
          name: NAMES[1],
          value: packages,
          unit: 'pkgs',
          baseline: 1,
          baselineLabel: 'one-file package',
          ratio: packages,
          target: '1 (all bundled)',
          check: (value) => value === 1,
        }),
        figure({
          name: NAMES[2],
          value: ours.size / 1000,
          unit: 'kB',
          extra: { files: ours.entryCount, unpackedKb: Math.round(ours.unpackedSize / 100) / 10 },
        }),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function pack(cwd, destination) {
  const result = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], {
    cwd,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`npm pack in ${cwd} exited ${result.status}: ${result.stderr}`);
  const [info] = JSON.parse(result.stdout);
  return { ...info, path: join(destination, info.filename) };
}

/** Installed packages under node_modules, nested ones included (scoped names count once each). */
function countPackages(nodeModules) {
  let count = 0;
  let entries;
  try {
    entries = readdirSync(nodeModules, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || !entry.isDirectory()) continue;
    if (entry.name.startsWith('@')) {
      for (const scoped of readdirSync(join(nodeModules, entry.name))) {
        count += 1 + countPackages(join(nodeModules, entry.name, scoped, 'node_modules'));
      }
    } else {
      count += 1 + countPackages(join(nodeModules, entry.name, 'node_modules'));
    }
  }
  return count;
}
