import { expect, it } from 'vitest';
import { type RunOptions, tempDir } from '../helpers/run-cli.js';
import { useSandbox } from '../helpers/sandbox.js';

const s = useSandbox();

/** The CLI with `--provider ark` against the sandbox's Ark paths, sharing one history directory. */
function arkCli(dir = tempDir()) {
  return (argv: string[], options: RunOptions = {}) =>
    s.cli(['--provider', 'ark', '--base-url', `${s.sandbox.url}/api/v3`, ...argv], {
      ...options,
      env: { SEEDANCE_CONFIG_DIR: dir, ...options.env },
    });
}

// Several tasks are one path of their own (terminal/watch.ts watchMany): each outcome is reported as it comes, and
// the exit code is the worst one. A task cancelled at its timeout is one such outcome, not the end of the others.
it('wait <id> <id> --on-timeout cancel: each task timed out is cancelled and reported; the worst exit wins', async () => {
  const ark = arkCli();
  const ids: string[] = [];
  for (const prompt of ['one', 'two']) ids.push((await ark(['create', prompt])).stdout.trim());
  const run = await ark(['wait', ...ids, '--timeout', '3s', '--on-timeout', 'cancel']);
  expect(run.code).toBe(4);
  for (const id of ids) {
    expect(run.stderr).toContain(`timed out waiting for ${id}`);
    expect(JSON.parse((await ark(['status', id, '--json'])).stdout).status).toBe('cancelled');
  }
  expect(run.stderr.match(/cancelled it \(--on-timeout cancel\)/g)).toHaveLength(2);
});
