import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

describe('bare `seedance`', () => {
  it('is a usage error on stderr (exit 2): a short usage, no help on stdout, no internal text', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Usage: seedance \[options\] <command>/);
    expect(run.stderr).toContain('Commands: create, status, wait, download');
    expect(run.stderr).toContain('error: no command given\nhint: see `seedance --help`');
    expect(run.stderr).not.toContain('outputHelp');
    expect(run.stderr.split('\n').length).toBeLessThan(8);
  });

  it('with only global options, too; --json gets one JSON error', async () => {
    const grouped = await runCli(['-qv', '--no-color']);
    expect(grouped.code).toBe(2);
    expect(grouped.stderr).toContain('error: no command given\n');
    const run = await runCli(['--json', '--provider', 'ark']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toEqual({
      error: expect.objectContaining({ code: 'usage', message: 'no command given', exit_code: 2 }),
    });
  });

  it('leaves --help, --version and unknown commands to commander', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    expect((await runCli(['--provider', 'ark', '--version'])).code).toBe(0);
    const unknown = await runCli(['crate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'crate'");
  });
});
