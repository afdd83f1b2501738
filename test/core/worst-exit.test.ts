import { describe, expect, it } from 'vitest';
import { EXIT, worstExitCode } from '../../src/exit-codes.js';

// One order for wait/status/download of several ids and for batch (issue 13 §4): these pairs used to disagree.
describe('worstExitCode', () => {
  it.each([
    [[], EXIT.OK],
    [[EXIT.OK, EXIT.OK], EXIT.OK],
    [[EXIT.OK, EXIT.TIMEOUT], EXIT.TIMEOUT],
    [[EXIT.TIMEOUT, EXIT.TASK_FAILED], EXIT.TASK_FAILED],
    [[EXIT.TASK_FAILED, EXIT.DOWNLOAD], EXIT.DOWNLOAD],
    [[EXIT.DOWNLOAD, EXIT.NOT_FOUND], EXIT.NOT_FOUND],
    [[EXIT.NOT_FOUND, EXIT.API], EXIT.API],
    [[EXIT.API, EXIT.USAGE], EXIT.USAGE],
    [[EXIT.USAGE, EXIT.QUOTA], EXIT.QUOTA],
    [[EXIT.QUOTA, EXIT.AUTH], EXIT.AUTH],
    [[EXIT.AUTH, EXIT.INTERNAL], EXIT.INTERNAL],
    [[EXIT.INTERNAL, EXIT.SIGTERM], EXIT.SIGTERM],
    [[EXIT.SIGTERM, EXIT.SIGINT], EXIT.SIGINT],
    [[EXIT.TIMEOUT, EXIT.OK, EXIT.TASK_FAILED, EXIT.OK], EXIT.TASK_FAILED],
    [[42], EXIT.INTERNAL],
  ])('%j → %i', (codes, worst) => {
    expect(worstExitCode(codes)).toBe(worst);
    expect(worstExitCode([...codes].reverse())).toBe(worst);
  });
});
