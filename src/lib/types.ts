import type { Task } from '../api/task.js';
import type { ProviderName } from '../core/parse.js';

/** A lifecycle event, as `seedance --events` prints it: created, queued, running, progress, succeeded, …, downloaded. */
export interface SeedanceEvent {
  event: string;
  time: string;
  id: string | null;
  elapsed: number;
  [key: string]: unknown;
}

export interface SeedanceOptions {
  /** Default: as the CLI resolves it (SEEDANCE_API_KEY, ARK_API_KEY, the key `seedance auth login` stored). */
  apiKey?: string;
  baseUrl?: string;
  provider?: ProviderName;
  /** The model of a request that names none (default: config `model`, else the provider's default). */
  model?: string;
  /** Per HTTP request, in milliseconds. */
  requestTimeout?: number;
  /** Used for API and storage requests instead of Node's own (default: a proxy when HTTPS_PROXY is set). */
  fetch?: typeof fetch;
  /** Journal creates and downloads in the history `seedance list` reads (default true). */
  history?: boolean;
  /** The config and history directory (default: SEEDANCE_CONFIG_DIR, else the platform's; as the CLI). */
  configDir?: string;
  /** Environment the settings are read from (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Warnings the CLI would print (default: process.emitWarning). */
  onWarning?: (message: string) => void;
}

/** A remote list (Ark, BytePlus): newest first; `total` counts every match in the server's 7-day window. */
export interface RemoteTaskList {
  total: number;
  tasks: Task[];
}
