// The library entry (`import { Seedance } from 'seedance'`): the CLI's engine without commander, ora, chalk or
// cli-progress. The error classes are the ones the CLI maps to exit codes, under names a library user expects.
export type { Task, TaskError, TaskStatus } from './api/task.js';
export type { HistoryEntry } from './config/history.js';
export type { TokenEstimate } from './core/estimate.js';
export type { ImageSource } from './core/media.js';
export type { ModelSpec } from './core/models/catalogue.js';
export type { ProviderName } from './core/parse.js';
export {
  ApiError,
  AuthError,
  CliError,
  CliError as SeedanceError,
  DownloadError,
  InterruptedError,
  NetworkError,
  NotFoundError,
  OutcomeUnknownError,
  QuotaError,
  TaskFailedError,
  UsageError,
  UsageError as InvalidRequestError,
  WaitTimeoutError,
  WaitTimeoutError as TimeoutError,
} from './errors.js';
export { EXIT } from './exit-codes.js';
export { Seedance } from './lib/client.js';
export type {
  CreateRequest,
  DownloadOptions,
  GenerateOptions,
  GenerateResult,
  ListOptions,
  SavedVideo,
  WaitOptions,
} from './lib/engine.js';
export type { RemoteTaskList, SeedanceEvent, SeedanceOptions } from './lib/types.js';
