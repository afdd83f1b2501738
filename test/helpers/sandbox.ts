import { afterAll, beforeAll } from 'vitest';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/server.js';
import { auditSandbox } from './audit.js';
import { KEY } from './key.js';
import { type CliRun, type RunOptions, runCli, VirtualClock } from './run-cli.js';

export { KEY } from './key.js';

/** startSandbox for e2e tests: at close its storage stats join the suite-wide audit (test/helpers/audit-setup.ts). */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox(options);
  const close = sandbox.close;
  sandbox.close = async () => {
    await close();
    auditSandbox(sandbox.stats);
  };
  return sandbox;
}

export interface SandboxFixture {
  sandbox: Sandbox;
  clock: VirtualClock;
  /** Runs the CLI in process against this sandbox with the test key and the shared virtual clock. */
  cli(argv: string[], options?: RunOptions): Promise<CliRun>;
}

/** One sandbox per test file, on the same virtual clock as the CLI: lifecycles play out instantly. */
export function useSandbox(options: SandboxOptions = {}): SandboxFixture {
  const fixture = { clock: new VirtualClock() } as SandboxFixture;
  beforeAll(async () => {
    fixture.sandbox = await startTestSandbox({
      renderMs: 20_000,
      videoBytes: 64 * 1024,
      now: fixture.clock.now,
      ...options,
    });
  });
  afterAll(async () => {
    await fixture.sandbox?.close();
  });
  fixture.cli = (argv, runOptions = {}) =>
    runCli(argv, {
      clock: fixture.clock,
      ...runOptions,
      env: { SEEDANCE_BASE_URL: fixture.sandbox.url, SEEDANCE_API_KEY: KEY, ...runOptions.env },
    });
  return fixture;
}
