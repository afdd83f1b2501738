import { Command, CommanderError, InvalidArgumentError, Option, type OutputConfiguration } from 'commander';
import type { Context } from './context.js';
import { PROVIDERS, parseDuration, parseInteger, RATIOS, RESOLUTIONS } from './core/parse.js';
import { UsageError } from './errors.js';
import { EXIT, EXIT_TABLE } from './exit-codes.js';
import type { Io } from './output/io.js';
import { decideMode } from './output/mode.js';
import { asCliError, createOutput } from './output/output.js';
import { VERSION } from './version.js';

export { processIo } from './output/io.js';

type Runner = (ctx: Context) => Promise<number | undefined>;

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
  };
}

/** commander argument parsers: a plain Error from our parsers becomes commander's one-line usage error. */
export function parser<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function buildProgram(run: (runner: Runner) => void, output: OutputConfiguration): Command {
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
    .option('--request-timeout <duration>', 'per-request timeout (default 30s)', parser(parseDuration))
    .addHelpText('after', exitCodeHelp());

  program
    .command('create')
    .description('create a video generation task; prints the task id (or the file with -o)')
    .argument('[prompt]', 'text prompt; may refer to inputs in order ("Image 1", "Video 1", "Audio 1")')
    .option('--prompt-file <path>', 'read the prompt from a file, or - for stdin')
    .option('-m, --model <id>', 'model id (gateway default sd2.0)')
    .addOption(new Option('-r, --ratio <ratio>', 'aspect ratio').choices(RATIOS))
    .addOption(
      new Option('-d, --duration <seconds>', 'length in seconds: 4-15, or -1 to let the model choose').argParser(
        parser((v) => parseInteger(v, 'duration', 4, 15, [-1])),
      ),
    )
    .addOption(new Option('--resolution <res>', 'output resolution').choices(RESOLUTIONS))
    .option('--audio', 'generate audio (generate_audio)')
    .option('--no-audio', 'generate a silent video')
    .option('--watermark', 'add a watermark')
    .option('--no-watermark', 'no watermark')
    .option(
      '--seed <n>',
      'seed: -1 (random) to 4294967295',
      parser((v) => parseInteger(v, 'seed', -1, 4294967295)),
    )
    .option('--camera-fixed', 'keep the camera fixed')
    .option('--return-last-frame', 'also produce the last frame as an image')
    .option('--set <key=value>', 'extra body field (repeatable; JSON values, dotted keys nest)', collect)
    .option('--dry-run', 'print the request that would be sent (key redacted) and send nothing')
    .option('--wait', 'wait until the task ends')
    .option('--download', 'wait, then download the video')
    .option('-o, --output <path>', 'download to a file, a directory (ending in /) or - for stdout; implies --download')
    .option('--force', 'overwrite an existing output file')
    .option('--last-frame', 'also save the last frame image (with --return-last-frame)')
    .option('--timeout <duration>', 'give up waiting after this long (default 30m, 0 = never)', parser(parseDuration))
    .option('--interval <duration>', 'fixed poll interval (default adaptive 2s→10s)', parser(parseDuration))
    .addHelpText(
      'after',
      '\nExamples:\n  seedance create "a fox in the snow" --ratio 16:9 --duration 5 -o fox.mp4\n  seedance create --prompt-file prompt.txt --json | jq -r .id',
    )
    .action((prompt: string | undefined, options, command: Command) =>
      run(async (ctx) => (await import('./commands/create.js')).create(prompt, options, ctx, command)),
    );

  program
    .command('status')
    .description('show a task (status, progress, video URL or error)')
    .argument('<task-id>', 'task id, or @last')
    .option('--raw', "print the server's body untouched (raw=true)")
    .option('--show-raw', 'include the upstream task object as "raw"')
    .option('--show-usage', 'ask for usage details')
    .addHelpText(
      'after',
      '\nExamples:\n  seedance status @last\n  seedance status cgt-20260330164007-wnc8k --json | jq -r .status',
    )
    .action((id: string, options) =>
      run(async (ctx) => (await import('./commands/status.js')).status(id, options, ctx)),
    );

  program
    .command('wait')
    .description('wait until a task ends; prints the video URL (or the file with --download/-o)')
    .argument('<task-id>', 'task id, or @last')
    .option(
      '--timeout <duration>',
      'give up after this long (default 30m, 0 = never); the task lives on',
      parser(parseDuration),
    )
    .option('--interval <duration>', 'fixed poll interval (default adaptive 2s→10s)', parser(parseDuration))
    .option('--download', 'download the video when it is ready')
    .option('-o, --output <path>', 'download to a file, a directory (ending in /) or - for stdout; implies --download')
    .option('--force', 'overwrite an existing output file')
    .option('--last-frame', 'also save the last frame image')
    .option('--no-resume', 'start a download over instead of resuming a .part file')
    .addHelpText(
      'after',
      '\nExamples:\n  seedance wait @last\n  seedance wait cgt-20260330164007-wnc8k -o videos/ --timeout 1h',
    )
    .action((id: string, options) => run(async (ctx) => (await import('./commands/wait.js')).wait(id, options, ctx)));

  program
    .command('download')
    .description("download a finished task's video (or any video URL); prints the path")
    .argument('<task-id|url>', 'task id, @last, or an https URL')
    .option('-o, --output <path>', 'a file, a directory (ending in /) or - for stdout (default ./<task-id>.mp4)')
    .option('--force', 'overwrite an existing file')
    .option('--last-frame', 'also save <name>.last-frame.png when the task has one')
    .option('--no-resume', 'start over instead of resuming a .part file')
    .addHelpText(
      'after',
      '\nExamples:\n  seedance download @last -o fox.mp4\n  seedance download cgt-20260330164007-wnc8k -o - | ffplay -',
    )
    .action((target: string, options) =>
      run(async (ctx) => (await import('./commands/download.js')).download(target, options, ctx)),
    );

  program
    .command('config')
    .description('read and change settings (config.json, mode 0600)')
    .argument('<action>', 'list | get <key> | set <key> <value> | unset <key> | path')
    .argument('[key]')
    .argument('[value]')
    .addHelpText('after', '\nExamples:\n  seedance config set ratio 9:16\n  seedance config list --json')
    .action((action: string, key: string | undefined, value: string | undefined) =>
      run(async (ctx) => (await import('./commands/config.js')).config(action, key, value, ctx)),
    );

  program
    .command('auth')
    .description('store, check or remove the API key')
    .argument('<action>', 'login | status | logout')
    .option('--with-key', 'read the key from stdin (for CI)')
    .addHelpText('after', '\nExamples:\n  seedance auth login\n  echo "$KEY" | seedance auth login --with-key')
    .action((action: string, options) =>
      run(async (ctx) => (await import('./commands/auth.js')).auth(action, options, ctx)),
    );

  program
    .command('sandbox')
    .description('run a local simulator of the API (prints its base URL first)')
    .option(
      '--port <n>',
      'port (0 = any free port)',
      parser((v) => parseInteger(v, 'port', 0, 65535)),
      0,
    )
    .option('--key <key>', 'the only accepted API key (default: any key except "bad-key")')
    .option('--render-time <duration>', 'time from create to a finished video', parser(parseDuration), 8000)
    .option(
      '--video-size <bytes>',
      'size of generated videos',
      parser((v) => parseInteger(v, 'video-size', 1, 2 ** 40)),
    )
    .option(
      '--rate-limit <rps>',
      'answer 429 beyond this many requests per second',
      parser((v) => parseInteger(v, 'rate-limit', 0, 1e6)),
    )
    .option(
      '--max-running <n>',
      'cap on concurrently running tasks',
      parser((v) => parseInteger(v, 'max-running', 0, 1e6)),
    )
    .option(
      '--throttle <bytes-per-second>',
      'pace video downloads',
      parser((v) => parseInteger(v, 'throttle', 0, 2 ** 40)),
    )
    .option(
      '--drop-after <bytes>',
      'reset the first download connection after this many bytes',
      parser((v) => parseInteger(v, 'drop-after', 1, 2 ** 40)),
    )
    .option(
      '--poll-errors <n>',
      'answer the next n status polls with 503',
      parser((v) => parseInteger(v, 'poll-errors', 0, 1e6)),
    )
    .option('--expire-urls', 'signed video URLs answer 403 until re-signed')
    .addHelpText(
      'after',
      '\nPrompt directives: #fail, #fail=<ArkCode>, #fail-no-error, #stuck, #expire, #cancel\n\nExample:\n  SEEDANCE_BASE_URL=$(seedance sandbox --port 0 | head -1) ...',
    )
    .action((options) => run(async (ctx) => (await import('./commands/sandbox.js')).sandbox(options, ctx)));

  return program;
}

function exitCodeHelp(): string {
  const rows = EXIT_TABLE.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`);
  return `\nExit codes:\n${rows.join('\n')}\n\nEnvironment: SEEDANCE_API_KEY, SEEDANCE_BASE_URL, SEEDANCE_PROVIDER, SEEDANCE_CONFIG_DIR, ARK_API_KEY, NO_COLOR, FORCE_COLOR, CI`;
}
