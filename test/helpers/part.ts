import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SandboxFixture } from './sandbox.js';

/**
 * Leaves `<file>.part` (and its record) of task `id` in `cwd` as a real interrupted download does: the storage drops
 * every body after `bytes` bytes until the CLI gives up (exit 8). Returns the .part's size.
 */
export async function leavePart(s: SandboxFixture, id: string, cwd: string, file: string, bytes = 1000) {
  const saved = s.sandbox.faults.dropAfterBytes;
  s.sandbox.faults.dropAfterBytes = { bytes, times: -1 };
  try {
    const failed = await s.cli(['download', id, '-o', file], { cwd });
    expect(failed.code).toBe(8);
  } finally {
    s.sandbox.faults.dropAfterBytes = saved;
  }
  return statSync(join(cwd, `${file}.part`)).size;
}
