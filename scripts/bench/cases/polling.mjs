// 4. `seedance wait` over a 60 s render: how many polls it makes, and how long after the task finished it returns.
import { setTimeout as sleep } from 'node:timers/promises';
import { bin, run } from '../process.mjs';
import { figure } from '../report.mjs';
import { API_KEY, withSandbox } from '../sandbox.mjs';

const RENDER_S = 60;
const PROBE_MS = 50;
const MAX_INTERVAL_S = 10;
const NAMES = [`polling: requests over a ${RENDER_S} s render`, 'polling: task finished → wait returned'];

export const polling = {
  id: 'polling',
  names: NAMES,
  slow: `takes ${RENDER_S}+ s`,
  async run({ log }) {
    return withSandbox(['--render-time', `${RENDER_S}s`], async (sandbox) => {
      const createdBefore = performance.now();
      const id = await sandbox.createTask();
      const waiting = run([process.execPath, bin, '-v', 'wait', id], { env: sandbox.env, cwd: sandbox.dir });
      // Our own fine-grained probe finds the instant the sandbox reports the task done (timestamps are in seconds).
      const finishedAt = await probeFinish(sandbox.statusUrl(id), createdBefore + (RENDER_S - 3) * 1000);
      const result = await waiting;
      if (result.code !== 0) throw new Error(`wait exited ${result.code}: ${result.stderr.trim()}`);
      if (!/^https?:\/\/\S+$/.test(result.stdout.trim())) throw new Error(`wait printed ${result.stdout}, want a URL`);
      const requests = result.stderr.split('\n').filter((line) => line.startsWith('> GET ')).length;
      const delayS = (result.endedAt - finishedAt) / 1000;
      log(`  ${requests} GETs; finished ${((finishedAt - createdBefore) / 1000).toFixed(2)} s after create`);
      const fixed = Math.floor(RENDER_S / 2) + 1;
      return [
        figure({
          name: NAMES[0],
          value: requests,
          unit: 'GETs',
          baseline: fixed,
          baselineLabel: 'fixed 2 s interval',
          ratio: requests / fixed,
        }),
        figure({
          name: NAMES[1],
          value: delayS,
          unit: 's',
          baseline: MAX_INTERVAL_S,
          baselineLabel: 'max poll interval',
          ratio: delayS / MAX_INTERVAL_S,
          target: `≤ ${MAX_INTERVAL_S} s`,
          check: (value) => value <= MAX_INTERVAL_S,
        }),
      ];
    });
  },
};

async function probeFinish(url, from) {
  const early = from - performance.now();
  if (early > 0) await sleep(early);
  for (;;) {
    const sent = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${API_KEY}` } });
    const body = await response.json();
    if (body.status === 'completed') return sent;
    if (body.status === 'failed') throw new Error(`task failed: ${JSON.stringify(body)}`);
    await sleep(PROBE_MS);
  }
}
