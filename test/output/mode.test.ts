import { expect, it } from 'vitest';
import type { Io } from '../../src/output/io.js';
import { decideMode } from '../../src/output/mode.js';

const io = (stderr: { isTTY?: boolean; columns?: number }, env: Record<string, string> = {}) =>
  ({ env, stderr }) as unknown as Pick<Io, 'env' | 'stderr'>;

it('spinners and bars need a terminal that can draw them', () => {
  expect(decideMode({}, io({ isTTY: true, columns: 100 })).interactive).toBe(true);
  expect(decideMode({}, io({ isTTY: true })).interactive).toBe(true);
  expect(decideMode({}, io({ isTTY: false, columns: 100 })).interactive).toBe(false);
  // 0 columns (a pty that reports no size): ora would redraw forever.
  expect(decideMode({}, io({ isTTY: true, columns: 0 })).interactive).toBe(false);
  expect(decideMode({}, io({ isTTY: true, columns: 100 }, { TERM: 'dumb' })).interactive).toBe(false);
  expect(decideMode({}, io({ isTTY: true, columns: 100 }, { CI: 'true' })).interactive).toBe(false);
  expect(decideMode({ json: true }, io({ isTTY: true, columns: 100 })).interactive).toBe(false);
});
