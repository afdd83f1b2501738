import { type SandboxOptions, startSandbox } from './server.js';

export interface RunSandboxOptions extends SandboxOptions {
  /** Receives the API base URL as the first (and only) line. */
  out: (line: string) => void;
  /** Aborting stops the sandbox; the promise resolves once both listeners are closed. */
  signal: AbortSignal;
}

/** `seedance sandbox`: serve until the signal aborts (SIGINT/SIGTERM in the CLI). */
export async function runSandbox(options: RunSandboxOptions): Promise<void> {
  const { out, signal, ...sandboxOptions } = options;
  if (signal.aborted) return;
  const sandbox = await startSandbox(sandboxOptions);
  out(sandbox.url);
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await sandbox.close();
}
