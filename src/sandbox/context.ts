import type { Faults } from './faults.js';
import type { RateLimiter } from './rate-limit.js';
import type { SandboxStats } from './server.js';
import type { UrlSigner } from './signer.js';
import type { TaskStore } from './task-store.js';

/** What the request handlers of both listeners share. */
export interface SandboxContext {
  key: string | undefined;
  arkRegion?: 'volcengine' | 'byteplus';
  videoBytes: number;
  now: () => number;
  faults: Faults;
  stats: SandboxStats;
  store: TaskStore;
  signer: UrlSigner;
  rateLimiter: RateLimiter;
}
