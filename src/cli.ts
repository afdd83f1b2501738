import { Command, CommanderError, Option, type OutputConfiguration } from 'commander';
import { PROVIDERS, parseDuration } from './core/parse.js';
import { UsageError } from './errors.js';
import { EXIT, EXIT_TABLE } from './exit-codes.js';
import type { Io } from './output/io.js';
import { decideMode } from './output/mode.js';
import { asCliError, createOutput } from './output/output.js';
import { addAuth } from './program/auth.js';
import { addBatch } from './program/batch.js';
import { addCancel } from './program/cancel.js';
import { addCompletion } from './program/completion.js';
import { addConfig } from './program/config.js';
import { addCreate } from './program/create.js';
import { addDoctor } from './program/doctor.js';
import { addDownload } from './program/download.js';
import { addList } from './program/list.js';
import { addSandbox } from './program/sandbox.js';
import { parser, type Run, type Runner } from './program/shared.js';
import { addStatus } from './program/status.js';
import { addWait } from './program/wait.js';
import { VERSION } from './version.js';

export { processIo } from './output/io.js';

/** Runs the CLI. Returns the exit code and never calls process.exit, so tests can run it in process. */
export async function main(argv: string[], io: Io): Promise<number> {
  const out = await createOutput(io, decideMode(prescan(argv), io));
  let commanderMessage = '';
  let pending: Runner | undefined;
  const program = buildProgram(
    (runner) => {
      pending = runner;
    },
    {
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text) => {
        commanderMessage = text.trim().replace(/^error:\s*/, '');
      },
    },
  );
  try {
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
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.OK;
      const message = commanderMessage || error.message.replace(/^error:\s*/, '');
      out.error(new UsageError(message, { hint: 'see `seedance --help`' }));
      return EXIT.USAGE;
    }
    const cliError = asCliError(error);
    out.error(cliError);
    return cliError.exitCode;
  }
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

function buildProgram(run: Run, output: OutputConfiguration): Command {
  const program = new Command('seedance')
    .configureOutput(output)
    .description('Generate videos with ByteDance Seedance 2.0 from the terminal, scripts and CI.')
    .version(VERSION, '-V, --version')
    // Inherited by subcommands only when set before .command() (STYLE.md).
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true })
    .option('--api-key <key>', 'API key (prefer SEEDANCE_API_KEY or `seedance auth login`)')
    .option('--base-url <url>', 'API base URL (env SEEDANCE_BASE_URL)')
    .addOption(new Option('--provider <name>', 'API provider (env SEEDANCE_PROVIDER)').choices(PROVIDERS))
    .option('--json', 'print results as JSON on stdout, errors as JSON on stderr')
    .option('-q, --quiet', 'print only results and errors')
    .option('-v, --verbose', 'trace HTTP requests on stderr (key redacted)')
    .option('--no-color', 'disable colour (also NO_COLOR)')
    .option('--events', 'NDJSON lifecycle events on stderr (created, running, succeeded, downloaded, …) for CI logs')

    .option('--request-timeout <duration>', 'per-request timeout (default 30s)', parser(parseDuration))
    .addHelpText('after', exitCodeHelp());

  addCreate(program, run);
  addStatus(program, run);
  addWait(program, run);
  addDownload(program, run);
  addList(program, run);
  addCancel(program, run);
  addBatch(program, run);
  addConfig(program, run);
  addAuth(program, run);
  addSandbox(program, run);
  addDoctor(program, run);
  addCompletion(program, run);

  return program;
}

function exitCodeHelp(): string {
  const rows = EXIT_TABLE.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`);
  return `\nExit codes:\n${rows.join('\n')}\n\nEnvironment: SEEDANCE_API_KEY, SEEDANCE_BASE_URL, SEEDANCE_PROVIDER, SEEDANCE_CONFIG_DIR, ARK_API_KEY, NO_COLOR, FORCE_COLOR, CI`;
}
