import { describe, expect, it } from 'vitest';
import { exitOf, type JobResult, summaryLine, tally } from '../../../src/core/batch/results.js';

const result = (status: JobResult['status'], exit?: number): JobResult => ({
  job: null,
  line: 1,
  id: null,
  status,
  file: null,
  error: exit === undefined ? null : { code: 'c', message: 'm', exit_code: exit },
});

describe('batch outcome', () => {
  it.each([
    [result('succeeded'), 0],
    [result('queued'), 0],
    [result('failed'), 4],
    [result('expired'), 4],
    [result('error', 6), 6],
    [result('succeeded', 8), 8],
  ])('exitOf(%o) = %i', (r, code) => {
    expect(exitOf(r)).toBe(code);
  });

  it('tallies and summarises', () => {
    const t = tally([result('succeeded'), result('failed'), result('invalid', 2), result('queued')], 6, 1);
    expect(t).toEqual({ succeeded: 2, failed: 1, skipped: 1, unknown: 0, notRun: 2, earlier: 1 });
    expect(summaryLine(t, 6, '0:42')).toBe(
      '6 jobs: 2 succeeded, 1 failed, 1 skipped, 2 not finished (1 from an earlier run) in 0:42',
    );
  });

  it('an unknown outcome (a create never answered) is counted as itself, not as failed', () => {
    const unknown: JobResult = {
      ...result('queued'),
      status: 'unknown',
      error: { code: 'outcome_unknown', message: 'm', exit_code: 6 },
    };
    const t = tally([result('succeeded'), unknown], 2, 0);
    expect(t).toMatchObject({ succeeded: 1, failed: 0, unknown: 1 });
    expect(summaryLine(t, 2, '0:01')).toBe('2 jobs: 1 succeeded, 0 failed, 0 skipped, 1 unknown in 0:01');
  });
});
