import { expect, test } from 'vitest';
import { runSandbox } from '../../src/sandbox/run.js';
import { AUTH } from './support.js';

test('runSandbox prints the base URL first, serves until aborted, then closes', async () => {
  const lines: string[] = [];
  const controller = new AbortController();
  const running = runSandbox({ out: (line) => lines.push(line), signal: controller.signal, renderMs: 0 });
  while (lines.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const url = lines[0]!;
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect((await fetch(`${url}/v1/videos/x`, { headers: AUTH })).status).toBe(400);
  controller.abort();
  await running;
  expect(lines).toEqual([url]);
  await expect(fetch(`${url}/v1/videos/x`, { headers: AUTH })).rejects.toThrow();
});

test('runSandbox returns at once when the signal is already aborted', async () => {
  const lines: string[] = [];
  await runSandbox({ out: (line) => lines.push(line), signal: AbortSignal.abort() });
  expect(lines).toEqual([]);
});
