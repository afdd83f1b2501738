import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { spawnCli } from '../helpers/spawn-cli.js';

// Every help text, byte for byte: the program's, and each command's by `<command> --help` and by `help <command>`.
// Commands get their options only when run (issue 17: startup), so this pins what a user reads to what it was.
const COMMANDS = [
  'create',
  'status',
  'wait',
  'download',
  'list',
  'cancel',
  'batch',
  'gallery',
  'config',
  'auth',
  'sandbox',
  'doctor',
  'models',
  'completion',
  'mcp',
];

async function help(argv: string[]): Promise<string> {
  const run = await runCli(argv);
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  return run.stdout;
}

describe('help texts', () => {
  it('are unchanged: the program and every command, both ways of asking', async () => {
    const sections = [`$ seedance --help\n${await help(['--help'])}`];
    for (const command of COMMANDS) {
      const text = await help([command, '--help']);
      expect(await help(['help', command])).toBe(text);
      expect(await help(['-q', command, '-h'])).toBe(text);
      sections.push(`$ seedance ${command} --help\n${text}`);
    }
    await expect(sections.join('\n')).toMatchFileSnapshot('fixtures/help.txt');
  });

  it('--help into a pipe from the built CLI is the text the build captured, byte for byte what commander prints', async () => {
    // The built CLI prints dist/help.txt for `--help`/`-h` alone without loading commander; `help` goes through it.
    const built = async (argv: string[]) => {
      const run = spawnCli(argv);
      expect((await run.exit).code).toBe(0);
      expect(run.stderr()).toBe('');
      return run.stdout();
    };
    const fast = await built(['--help']);
    expect(fast).toBe(await help(['--help']));
    expect(await built(['-h'])).toBe(fast);
    expect(await built(['help'])).toBe(fast);
  });
});
