import { EXIT, type ExitCode } from './exit-codes.js';

export interface CliErrorOptions {
  /** Machine-readable code: the server's code when there is one, else ours. */
  code?: string;
  hint?: string;
  /** Shown only with --verbose (e.g. the start of a response body). */
  detail?: string;
  requestId?: string;
  status?: number;
  /** The server's Date header, when it answered (`doctor` compares clocks with it). */
  serverDate?: string;
  cause?: unknown;
}

/** Every failure the user should see as one line ends up as a CliError with its exit code. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly code: string;
  readonly hint?: string;
  readonly detail?: string;
  readonly requestId?: string;
  readonly status?: number;
  readonly serverDate?: string;

  constructor(exitCode: ExitCode, message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.code = options.code ?? defaultCode(exitCode);
    this.hint = options.hint;
    this.detail = options.detail;
    this.requestId = options.requestId;
    this.status = options.status;
    this.serverDate = options.serverDate;
  }
}

function defaultCode(exitCode: ExitCode): string {
  const entry = Object.entries(EXIT).find(([, value]) => value === exitCode);
  return (entry?.[0] ?? 'ERROR').toLowerCase();
}

export class UsageError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(EXIT.USAGE, message, { code: 'usage', ...options });
  }
}
export class AuthError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(EXIT.AUTH, message, { code: 'auth', ...options });
  }
}
export class TaskFailedError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(EXIT.TASK_FAILED, message, { code: 'task_failed', ...options });
  }
}
export class WaitTimeoutError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(EXIT.TIMEOUT, message, { code: 'timeout', ...options });
  }
}
export class ApiError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(EXIT.API, message, { code: 'api_error', ...options });
  }
}
export class NotFoundError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(EXIT.NOT_FOUND, message, { code: 'not_found', ...options });
  }
}
export class DownloadError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(EXIT.DOWNLOAD, message, { code: 'download_failed', ...options });
  }
}
export class QuotaError extends CliError {
  constructor(message: string, options?: CliErrorOptions) {
    super(EXIT.QUOTA, message, { code: 'quota', ...options });
  }
}
export class InterruptedError extends CliError {
  constructor(signal: 'SIGINT' | 'SIGTERM', message: string, options?: CliErrorOptions) {
    super(signal === 'SIGINT' ? EXIT.SIGINT : EXIT.SIGTERM, message, { code: 'interrupted', ...options });
  }
}

/** No HTTP answer from the API: refused or dropped connection, DNS, a proxy, a timeout (exit 6, as ApiError). */
export class NetworkError extends ApiError {}

/** A create was sent but its answer never came: the task may exist (and be billed). Journaled as outcome-unknown. */
export class OutcomeUnknownError extends ApiError {}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'it already exists',
};

/** `ENOENT (no such file or directory)`: the code scripts match, and words for the person reading it. */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === undefined) return (error as Error)?.message ?? String(error);
  const words = FS_REASONS[code];
  return words ? `${code} (${words})` : code;
}
