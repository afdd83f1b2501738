import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJobs } from '../../../src/core/batch/jobs.js';
import { targetClashes } from '../../../src/core/batch/validate.js';

describe('targetClashes (batch --download without --force)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seedance-clash-'));
  const { jobs } = parseJobs('{"id":"fox","prompt":"a fox"}\n{"prompt":"no id"}\n{"id":"owl","prompt":"an owl"}\n');

  it('refuses a named job whose file exists; a job without an id never clashes, even with null.mp4 there', () => {
    writeFileSync(join(dir, 'fox.mp4'), 'x');
    writeFileSync(join(dir, 'null.mp4'), 'x');
    writeFileSync(join(dir, 'undefined.mp4'), 'x');
    const clashes = targetClashes(jobs, new Map(), dir);
    expect(clashes).toEqual([
      { line: 1, message: `${join(dir, 'fox.mp4')} already exists (use --force or another --output-dir)` },
    ]);
  });

  it('a job the state file already created is its own file, not a clash', () => {
    const fox = jobs[0];
    if (!fox) throw new Error('no job');
    const known = new Map([[fox.key, { id: 'cgt-1' } as never]]);
    expect(targetClashes(jobs, known, dir)).toEqual([]);
  });
});
