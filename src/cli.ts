import type { Command } from 'commander';
import { UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { type Io, isTty } from './output/io.js';
import type { Output } from './output/output.js';
import type { Runner } from './program/shared.js';
import { VERSION } from './version.js';

export { processIo } from './output/io.js';

/** Runs the CLI. Returns the exit code and never calls process.exit, so tests can run it in process. */
export async function main(argv: string[], io: Io): Promise<number> {
  // Scripts call `--version` to probe the tool: answer without loading the command parser.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.OK;
  }
  // And `--help` into a pipe (80 columns, as commander writes it there): the text the build captured from the same
  // program (scripts/build.mjs, dist/help.txt). A terminal, with its own width, gets commander's.
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
    const help = builtHelp(io);
    if (help !== null) {
      io.stdout.write(help);
      return EXIT.OK;
    }
  }
  // Loaded here, after the fast paths above: they need none of it.
  const [{ decideMode }, { asCliError, createOutput }] = await Promise.all([
    import('./output/mode.js'),
    import('./output/output.js'),
  ]);
  const out = await createOutput(io, decideMode(prescan(argv), io));
  const { buildProgram, defineAll } = await import('./program/build.js');
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
    const { Context } = await import('./context.js');
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
      const { commanderHint } = await import('./program/shared.js');
      out.error(new UsageError(message, { hint: commanderHint(error.code, message, command, argv) }));
      return EXIT.USAGE;
    }
    const cliError = asCliError(error);
    out.error(cliError);
    return cliError.exitCode;
  }
}

/** The program's help as the build wrote it for a pipe, when stdout is one and the file is there (not from src). */
function builtHelp(io: Io): string | null {
  if (isTty(io.stdout)) return null;
  try {
    return process.getBuiltinModule('node:fs').readFileSync(new URL('./help.txt', import.meta.url), 'utf8');
  } catch {
    return null;
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
