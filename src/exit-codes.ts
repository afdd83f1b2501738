/** Exit codes: a public contract (DESIGN §7). Scripts branch on these numbers. */
export const EXIT = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  AUTH: 3,
  TASK_FAILED: 4,
  TIMEOUT: 5,
  API: 6,
  NOT_FOUND: 7,
  DOWNLOAD: 8,
  QUOTA: 9,
  SIGINT: 130,
  SIGTERM: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_TABLE: ReadonlyArray<[ExitCode, string]> = [
  [EXIT.OK, 'success'],
  [EXIT.INTERNAL, 'unexpected internal error (a bug: please report it)'],
  [EXIT.USAGE, 'usage or invalid input; no task was created'],
  [EXIT.AUTH, 'authentication: no API key, or the API refused it'],
  [EXIT.TASK_FAILED, 'the task ended without a video (failed, cancelled, expired)'],
  [EXIT.TIMEOUT, 'timed out waiting; the task is still alive'],
  [EXIT.API, 'API or network error after retries'],
  [EXIT.NOT_FOUND, 'not found (unknown task id)'],
  [EXIT.DOWNLOAD, 'the video exists but could not be saved'],
  [EXIT.QUOTA, 'quota or balance exhausted'],
  [EXIT.SIGINT, 'interrupted by SIGINT (130) / SIGTERM (143)'],
];

/**
 * When several tasks end differently (wait/status/download of several ids, batch), the exit code is the worst
 * outcome, in this order: an interruption, then a bug, then what blocks every task (the key, the quota), then what
 * no retry fixes (bad input), then what a retry may fix (the API, an unknown id, a save), then tasks that ended
 * without a video, and last tasks still running (nothing lost: wait again).
 */
export const WORST_FIRST: readonly ExitCode[] = [
  EXIT.SIGINT,
  EXIT.SIGTERM,
  EXIT.INTERNAL,
  EXIT.AUTH,
  EXIT.QUOTA,
  EXIT.USAGE,
  EXIT.API,
  EXIT.NOT_FOUND,
  EXIT.DOWNLOAD,
  EXIT.TASK_FAILED,
  EXIT.TIMEOUT,
  EXIT.OK,
];

export function worstExitCode(codes: Iterable<number>): ExitCode {
  let worst: ExitCode = EXIT.OK;
  for (const code of codes) {
    const rank = WORST_FIRST.indexOf(code as ExitCode);
    // A code outside the table is a bug of ours: report it as one rather than hide it.
    const known = rank === -1 ? EXIT.INTERNAL : (code as ExitCode);
    if (WORST_FIRST.indexOf(known) < WORST_FIRST.indexOf(worst)) worst = known;
  }
  return worst;
}
