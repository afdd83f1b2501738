import { EXIT, type ExitCode } from '../exit-codes.js';

// When several tasks end differently, the exit code is the worst outcome: a problem of ours or of the account
// first, then tasks that could not be saved or found, then tasks that failed, then tasks still running.
const SEVERITY: ExitCode[] = [
  EXIT.OK,
  EXIT.TIMEOUT,
  EXIT.TASK_FAILED,
  EXIT.DOWNLOAD,
  EXIT.NOT_FOUND,
  EXIT.API,
  EXIT.QUOTA,
  EXIT.AUTH,
  EXIT.USAGE,
  EXIT.INTERNAL,
  EXIT.SIGTERM,
  EXIT.SIGINT,
];

export function worstExitCode(codes: ExitCode[]): ExitCode {
  return codes.reduce<ExitCode>(
    (worst, code) => (SEVERITY.indexOf(code) > SEVERITY.indexOf(worst) ? code : worst),
    EXIT.OK,
  );
}
