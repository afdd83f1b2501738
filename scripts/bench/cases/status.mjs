// 2. One `seedance status` round trip against a local sandbox, against `node -e 0` and `curl -s` of the same URL.
import { bin, seedance } from '../process.mjs';
import { figure } from '../report.mjs';
import { API_KEY, withSandbox } from '../sandbox.mjs';
import { details, hasCommand, timeCommands } from '../timing.mjs';

const NAMES = ['status round trip vs node', 'status round trip vs curl'];

export const statusRoundTrip = {
  id: 'status',
  names: NAMES,
  async run({ runs, log }) {
    return withSandbox(['--render-time', '0'], async (sandbox) => {
      const id = await sandbox.createTask();
      const task = await sandbox.task(id);
      if (task.status !== 'succeeded') throw new Error(`task ${id} is ${task.status}, want succeeded`);
      const shown = await seedance(['status', id], { env: sandbox.env, cwd: sandbox.dir });
      if (!shown.stdout.includes(id)) throw new Error(`status printed ${JSON.stringify(shown.stdout)}, not the task`);
      const node = process.execPath;
      const withCurl = hasCommand('curl');
      const commands = [
        { name: 'node -e 0', argv: [node, '-e', '0'] },
        { name: 'status', argv: [node, bin, 'status', id] },
      ];
      if (withCurl) {
        commands.push({
          name: 'curl',
          argv: [
            'curl',
            '-s',
            '-f',
            '-o',
            '/dev/null',
            '-H',
            `Authorization: Bearer ${API_KEY}`,
            sandbox.statusUrl(id),
          ],
        });
      }
      const { tool, results } = timeCommands(commands, { runs, warmup: 3, env: sandbox.env, cwd: sandbox.dir });
      log(`  timed with ${tool}, ${runs} runs each`);
      const status = results.status.medianMs;
      const base = results['node -e 0'].medianMs;
      const extra = details(results, 'status', 'node -e 0');
      if (extra.cpuRatio)
        log(`  status: CPU ${extra.cpuMs} ms vs node -e 0 ${extra.baselineCpuMs} ms (${extra.cpuRatio}×)`);
      const figures = [
        figure({
          name: NAMES[0],
          value: status,
          unit: 'ms',
          baseline: base,
          baselineLabel: 'node -e 0',
          ratio: status / base,
          target: '≤ 2× node -e 0',
          check: (_, ratio) => ratio <= 2,
          extra,
        }),
      ];
      if (withCurl) {
        const curl = results.curl.medianMs;
        figures.push(
          figure({
            name: NAMES[1],
            value: status,
            unit: 'ms',
            baseline: curl,
            baselineLabel: 'curl -s',
            ratio: status / curl,
          }),
        );
      } else {
        figures.push({ ...figure({ name: NAMES[1], value: status, unit: 'ms' }), note: 'n/a (curl not installed)' });
        log('  curl not installed: n/a');
      }
      return figures;
    });
  },
};
