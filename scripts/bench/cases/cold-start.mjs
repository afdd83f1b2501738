// 1. Cold start: `seedance --version` and `--help` against `node -e 0`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, root } from '../process.mjs';
import { figure } from '../report.mjs';
import { details, timeCommands } from '../timing.mjs';

const NAMES = ['cold start: --version', 'cold start: --help'];

export const coldStart = {
  id: 'cold-start',
  names: NAMES,
  async run({ runs, log }) {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const printed = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    if (printed.status !== 0 || printed.stdout.trim() !== version) {
      throw new Error(`--version printed ${JSON.stringify(printed.stdout)} (exit ${printed.status}), want ${version}`);
    }
    const node = process.execPath;
    const { tool, results } = timeCommands(
      [
        { name: 'node -e 0', argv: [node, '-e', '0'] },
        { name: 'seedance --version', argv: [node, bin, '--version'] },
        { name: 'seedance --help', argv: [node, bin, '--help'] },
      ],
      { runs, warmup: 3, env: process.env, cwd: root },
    );
    const base = results['node -e 0'].medianMs;
    log(`  timed with ${tool}, ${runs} runs each: node -e 0 ${base.toFixed(1)} ms`);
    return ['--version', '--help'].map((flag, i) => {
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
  },
};
