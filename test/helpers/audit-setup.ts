import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { OutputRecord, SandboxRecord } from './audit.js';
import { KEY } from './key.js';

/**
 * vitest globalSetup: every CLI run of the suite (runCli, spawnCli, the tmux screen) and every sandbox (at close)
 * writes into one directory; after the last test file the whole collection is scanned. A leaked key or an
 * Authorization header sent to storage fails the run, whichever test caused it.
 */
export function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'seedance-audit-'));
  project.provide('auditDir', dir);
  return () => {
    const { outputs, sandboxes } = collect(dir);
    const leaks = outputs.filter((record) => record.text.includes(KEY));
    const storageAuth = sandboxes.filter((record) => record.storageAuthorizationHeaders > 0);
    const storageRequests = sandboxes.reduce((sum, record) => sum + record.storageRequests, 0);
    console.log(
      `secrets audit: ${outputs.length} outputs scanned, ${leaks.length} with the test key; ` +
        `${sandboxes.length} sandboxes, ${storageRequests} storage requests, ` +
        `${storageAuth.reduce((sum, record) => sum + record.storageAuthorizationHeaders, 0)} with Authorization`,
    );
    const problems = [
      ...leaks.map((record) => `the test key appeared in ${record.what} of ${record.where}`),
      ...storageAuth.map(
        (record) => `${record.storageAuthorizationHeaders} Authorization header(s) reached storage in ${record.where}`,
      ),
    ];
    if (problems.length > 0) {
      // vitest only logs a teardown error ("error during close"): the exit code is what fails CI.
      process.exitCode = 1;
      throw new Error(`secrets audit failed (kept in ${dir}):\n${problems.join('\n')}`);
    }
    rmSync(dir, { recursive: true, force: true });
  };
}

function collect(dir: string): { outputs: OutputRecord[]; sandboxes: SandboxRecord[] } {
  const outputs: OutputRecord[] = [];
  const sandboxes: SandboxRecord[] = [];
  for (const name of readdirSync(dir)) {
    const lines = readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean);
    const target: unknown[] = name.startsWith('outputs-') ? outputs : sandboxes;
    for (const line of lines) target.push(JSON.parse(line));
  }
  return { outputs, sandboxes };
}
