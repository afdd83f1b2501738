import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject } from 'vitest';
import type { SandboxStats } from '../../src/sandbox/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/helpers/audit-setup.ts: where every CLI output and sandbox's storage stats are collected. */
    auditDir: string;
  }
}

/** One CLI output (or a file it wrote) as collected for the suite-wide key scan. */
export interface OutputRecord {
  where: string;
  what: string;
  text: string;
}

/** What a sandbox's storage listener saw, collected when it closes. */
export interface SandboxRecord {
  where: string;
  storageRequests: number;
  storageAuthorizationHeaders: number;
}

export function auditDir(): string | undefined {
  return inject('auditDir') || undefined;
}

function where(): string {
  const { testPath, currentTestName } = expect.getState();
  return `${testPath ?? '?'} > ${currentTestName ?? '(hook)'}`;
}

function append(file: string, record: OutputRecord | SandboxRecord): void {
  const dir = auditDir();
  // One file per worker process: lines from parallel workers never interleave.
  if (dir) appendFileSync(join(dir, `${file}-${process.pid}.jsonl`), `${JSON.stringify(record)}\n`);
}

/** Records what a CLI run printed, and the journal it left, for the scan at the end of the suite. */
export function auditRun(stdout: string, stderr: string, configDir: string | undefined): void {
  const at = where();
  append('outputs', { where: at, what: 'stdout', text: stdout });
  append('outputs', { where: at, what: 'stderr', text: stderr });
  if (!configDir) return;
  let history: string;
  try {
    history = readFileSync(join(configDir, 'history.jsonl'), 'utf8');
  } catch {
    return;
  }
  append('outputs', { where: at, what: `${configDir}/history.jsonl`, text: history });
}

/** Records what a terminal showed (tmux pane) for the same scan. */
export function auditScreen(screen: string): void {
  append('outputs', { where: where(), what: 'terminal', text: screen });
}

export function auditSandbox(stats: SandboxStats): void {
  append('sandboxes', {
    where: expect.getState().testPath ?? '?',
    storageRequests: stats.storageRequests.length,
    storageAuthorizationHeaders: stats.storageAuthorizationHeaders,
  });
}
