// 1. Cold start: `seedance --version` and `--help`, and importing the library (ESM and require), against `node -e 0`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bin, root } from '../process.mjs';
import { figure } from '../report.mjs';
import { details, timeCommands } from '../timing.mjs';

const NAMES = ['cold start: --version', 'cold start: --help'];
const LIBRARY = ['library: import', 'library: require'];

export const coldStart = {
  id: 'cold-start',
  names: [...NAMES, ...LIBRARY],
  async run({ runs, log }) {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const printed = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    if (printed.status !== 0 || printed.stdout.trim() !== version) {
      throw new Error(`--version printed ${JSON.stringify(printed.stdout)} (exit ${printed.status}), want ${version}`);
    }
    const node = process.execPath;
    const esm = pathToFileURL(join(root, 'dist', 'index.js')).href;
    const cjs = join(root, 'dist', 'index.cjs');
    const { tool, results } = timeCommands(
      [
        { name: 'node -e 0', argv: [node, '-e', '0'] },
        { name: 'seedance --version', argv: [node, bin, '--version'] },
        { name: 'seedance --help', argv: [node, bin, '--help'] },
        { name: 'library: import', argv: [node, '--input-type=module', '-e', `await import(${JSON.stringify(esm)})`] },
        { name: 'library: require', argv: [node, '-e', `require(${JSON.stringify(cjs)})`] },
      ],
      { runs, warmup: 3, env: process.env, cwd: root },
    );
    const base = results['node -e 0'].medianMs;
    log(`  timed with ${tool}, ${runs} runs each: node -e 0 ${base.toFixed(1)} ms`);
    const cli = ['--version', '--help'].map((flag, i) => {
      const extra = details(results, `seedance ${flag}`, 'node -e 0');
      if (extra.cpuRatio) log(`  ${flag}: CPU ${extra.cpuMs} ms vs ${extra.baselineCpuMs} ms (${extra.cpuRatio}×)`);
      return figure({
        name: NAMES[i],
        value: results[`seedance ${flag}`].medianMs,
        unit: 'ms',
        baseline: base,
        baselineLabel: 'node -e 0',
        ratio: results[`seedance ${flag}`].medianMs / base,
        target: '≤ 1.5× node -e 0',
        check: (_, ratio) => ratio <= 1.5,
        extra,
      });
    });
    // The library: its engine loads at the first call, so an import should cost little more than Node itself.
    const library = LIBRARY.map((name) =>
      figure({
        name,
        value: results[name].medianMs,
        unit: 'ms',
        baseline: base,
        baselineLabel: 'node -e 0',
        ratio: results[name].medianMs / base,
        target: '≤ 1.5× node -e 0',
        check: (_, ratio) => ratio <= 1.5,
        extra: details(results, name, 'node -e 0'),
      }),
    );
    return [...cli, ...library];
  },
};
