import type { Command } from 'commander';
import { Context } from './context.js';
import { UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './output/io.js';
import { decideMode } from './output/mode.js';
import { asCliError, createOutput, type Output } from './output/output.js';
import { buildProgram, defineAll } from './program/build.js';
import { commanderHint, type Runner } from './program/shared.js';

/**
 * The CLI past main()'s fast paths: commander parses, the one command that runs gets its options (program/build.ts)
 * and runs with a Context. The build puts this module and all it imports in one chunk (scripts/build.mjs).
 */
export async function runProgram(argv: string[], io: Io): Promise<number> {
  const out = await createOutput(io, decideMode(prescan(argv), io));
  let commanderMessage = '';
  let pending: Runner | undefined;
  const run = (runner: Runner) => {
    pending = runner;
  };
  const program = buildProgram(run, {
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    outputError: (text) => {
      commanderMessage = text.trim().replace(/^error:\s*/, '');
    },
  });
  try {
    if (isBare(program, argv)) return bare(program, out);
    // `help <command>`: commander prints that command's help without the hook that gives a command its options.
    const help = argv.indexOf('help');
    if (help >= 0 && help < argv.length - 1) await defineAll(program, run);
    await program.parseAsync(argv, { from: 'user' });
    if (!pending) return EXIT.OK;
    const flags = program.opts();
    const ctx = new Context(io, out, {
      apiKey: flags.apiKey,
      baseUrl: flags.baseUrl,
      provider: flags.provider,
      requestTimeout: flags.requestTimeout,
    });
    if (flags.apiKey) out.addSecret(flags.apiKey);
    return (await pending(ctx)) ?? EXIT.OK;
  } catch (error) {
    if (isCommanderError(error)) {
      if (error.exitCode === 0) return EXIT.OK;
      // commander's help on stderr for a missing command (isBare covers the known shapes): the help says it all.
      if (error.code === 'commander.help') return EXIT.USAGE;
      const message = commanderMessage || error.message.replace(/^error:\s*/, '');
      // The subcommand's own help lists its flags; the program's does not.
      const command = program.commands.find((c) => argv.includes(c.name()))?.name();
      out.error(new UsageError(message, { hint: commanderHint(error.code, message, command, argv) }));
      return EXIT.USAGE;
    }
    const cliError = asCliError(error);
    out.error(cliError);
    return cliError.exitCode;
  }
}

/**
 * `seedance` with global options at most. A usage error (stderr, exit 2), not help on stdout with exit 0: a script
 * running `seedance $cmd` with an empty variable must fail, and `x=$(seedance)` must not capture 80 lines of help.
 */
function isBare(program: Command, argv: string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '--') return i === argv.length - 1;
    // `-qv`: short flags given together.
    if (/^-[a-zA-Z]{2,}$/.test(word) && [...word.slice(1)].every((c) => isFlag(program, `-${c}`))) continue;
    const option = program.options.find((o) => o.long === word.split('=')[0] || o.short === word);
    // A command, an operand or an unknown option (commander reports it); --help and --version answer themselves.
    if (!option || option.long === '--version') return false;
    if ((option.required || option.optional) && !word.includes('=')) i++;
  }
  return true;
}

function isFlag(program: Command, short: string): boolean {
  const option = program.options.find((o) => o.short === short);
  return option !== undefined && !option.required && !option.optional && option.long !== '--version';
}

function bare(program: Command, out: Output): number {
  const names = program.commands.map((command) => command.name()).join(', ');
  out.info(`Usage: seedance [options] <command> [arguments]\nCommands: ${names}`);
  out.error(new UsageError('no command given', { hint: 'see `seedance --help` for commands, options and exit codes' }));
  return EXIT.USAGE;
}

/** Output flags are needed before commander runs (its own errors are printed in our format). */
function prescan(argv: string[]) {
  const before = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  return {
    json: before.includes('--json'),
    quiet: before.includes('-q') || before.includes('--quiet'),
    verbose: before.includes('-v') || before.includes('--verbose'),
    color: before.includes('--no-color') ? false : undefined,
    events: before.includes('--events'),
  };
}

function isCommanderError(error: unknown): error is Error & { exitCode: number; code: string } {
  return (
    typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('commander.')
  );
}
