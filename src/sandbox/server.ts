import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHandler } from './api.js';
import type { SandboxContext } from './context.js';
import { defaultFaults, type Faults } from './faults.js';
import { RateLimiter } from './rate-limit.js';
import { UrlSigner } from './signer.js';
import { loadState, saveState } from './state-file.js';
import { createStorageHandler } from './storage.js';
import { TaskStore } from './task-store.js';
import { MIN_VIDEO_BYTES, videoKey, videoSha256 } from './video-bytes.js';

export type { Faults } from './faults.js';

export interface SandboxOptions {
  /** API port; 0 (default) picks a free one. Both listeners bind 127.0.0.1 only. */
  port?: number;
  /** The only Bearer key accepted; by default any non-empty key except `bad-key`. */
  key?: string;
  /** Time from create to the end of a task (15% NOT_START, 15% queued, 70% running). Default 8000. */
  renderMs?: number;
  /** Size of every generated video. Default 64 KiB. */
  videoBytes?: number;
  /** Clock in ms; tests inject one to walk the lifecycle without sleeping. */
  now?: () => number;
  faults?: Partial<Faults>;
  /** A JSON file that keeps the tasks across restarts: read at start, rewritten (atomically) on every change. */
  stateFile?: string;
  /** Which Ark /api/v3 plays: BytePlus answers 404 to `doubao-` ids, Volcengine to `dreamina-`; default both. */
  arkRegion?: 'volcengine' | 'byteplus';
}

export interface SandboxStats {
  /** Creates that stored a task (gateway and Ark paths). */
  creates: number;
  /** The JSON body of every create request that parsed, in order (what a client sent, for tests to read). */
  createBodies: unknown[];
  /**
   * API requests whose headers have arrived, counted before any `slowMs` delay: a test can act while a request is
   * in flight (`requests` only logs a request once it is answered).
   */
  received: number;
  /** API requests received and not yet done with (answered, dropped, or abandoned by the client). */
  inFlight: number;
  /** Every API request; `status` 0 means the connection was dropped without an answer. */
  requests: Array<{ method: string; path: string; search: string; status: number; authorization: boolean; at: number }>;
  storageRequests: Array<{ path: string; range: string | null; authorization: boolean; status: number }>;
  /** Storage requests that carried an Authorization header: a correct client keeps this at 0. */
  storageAuthorizationHeaders: number;
}

export type ForcibleState = 'queued' | 'running' | 'succeeded' | 'failed' | 'expired';

export interface Sandbox {
  /** API base URL, e.g. http://127.0.0.1:40123 (no trailing slash); Ark paths live under `${url}/api/v3`. */
  url: string;
  /** The storage origin that video URLs point to: another port, so another origin. */
  storageUrl: string;
  /** Mutable at runtime; assigning an object merges it. */
  faults: Faults;
  stats: SandboxStats;
  /** The expected sha256 (hex) and size of a task's video. */
  videoDigest(taskId: string): { sha256: string; bytes: number };
  /** Pins a task's state from now on (throws for an unknown id). */
  setTaskState(taskId: string, state: ForcibleState): void;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function shut(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? Date.now;
  const stateFile = options.stateFile;
  const initialTasks = stateFile ? loadState(stateFile) : [];
  const faults: Faults = { ...defaultFaults(), ...options.faults };
  const stats: SandboxStats = {
    creates: 0,
    createBodies: [],
    received: 0,
    inFlight: 0,
    requests: [],
    storageRequests: [],
    storageAuthorizationHeaders: 0,
  };
  const videoBytes = Math.max(MIN_VIDEO_BYTES, Math.floor(options.videoBytes ?? 64 * 1024));
  const onCreate = () => {
    stats.creates += 1;
  };
  const storageServer = createServer();
  const storageUrl = `http://127.0.0.1:${await listen(storageServer, 0)}`;
  const ctx: SandboxContext = {
    key: options.key === '' ? undefined : options.key,
    arkRegion: options.arkRegion,
    videoBytes,
    now,
    faults,
    stats,
    store: new TaskStore(
      now,
      options.renderMs ?? 8000,
      faults,
      onCreate,
      stateFile ? (tasks) => saveState(stateFile, tasks) : undefined,
      initialTasks,
    ),
    signer: new UrlSigner(storageUrl, now, faults),
    rateLimiter: new RateLimiter(),
  };
  storageServer.on('request', createStorageHandler(ctx));
  const apiServer = createServer(createApiHandler(ctx));
  let apiPort: number;
  try {
    apiPort = await listen(apiServer, options.port ?? 0);
  } catch (error) {
    await shut(storageServer);
    throw error;
  }
  return {
    url: `http://127.0.0.1:${apiPort}`,
    storageUrl,
    get faults() {
      return faults;
    },
    set faults(changes: Faults) {
      Object.assign(faults, changes);
    },
    stats,
    videoDigest: (taskId) => ({
      sha256: videoSha256({
        key: videoKey(taskId, faults.videoRevision),
        ratio: ctx.store.read(taskId)?.task.request.ratio ?? null,
        size: videoBytes,
      }),
      bytes: videoBytes,
    }),
    setTaskState: (taskId, state) => ctx.store.force(taskId, state),
    close: async () => {
      await Promise.all([shut(apiServer), shut(storageServer)]);
    },
  };
}
