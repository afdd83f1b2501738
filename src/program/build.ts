import { Argument, Command, Help, Option, type OutputConfiguration } from 'commander';
import { PROVIDERS, parseDuration, parseHttpUrl } from '../core/parse.js';
import { EXIT_TABLE } from '../exit-codes.js';
import { VERSION } from '../version.js';
import { parser, type Run } from './shared.js';
import { defineStatus } from './status.js';

/** How a command gets its options, help text and action (src/program/<command>.ts). */
type Define = (command: Command, run: Run) => void;

interface Head {
  description: string;
  /** name, description, choices */
  args?: Array<[string, string?, string[]?]>;
  /** Whether it has options: the program's help lists it as `name [options]` before they are added. */
  options: boolean;
  define: () => Promise<Define>;
}

/**
 * The commands as the program's help lists them. A command's options are added only when it runs (or its help is
 * asked, or a completion script is made): `seedance status` and `seedance --help` do not build 15 commands' options.
 */
const HEADS: Record<string, Head> = {
  create: {
    description: 'create a video generation task; prints the task id (or the file with -o)',
    args: [['[prompt]', 'text prompt, or - for stdin; may name the media in order ("Image 1", "Video 1", "Audio 1")']],
    options: true,
    define: async () => (await import('./create.js')).defineCreate,
  },
  status: {
    description: 'show a task (status, progress, video URL or error)',
    args: [['<task-id...>', 'task ids, @last, or - to read ids from stdin (several: one JSON line each)']],
    options: true,
    // Not lazy: `status` is what scripts run in a loop, so its start-up counts most (~6 ms less on Node 24, one chunk
    // fewer to load); its code adds ~6 KB to what every command loads.
    define: async () => defineStatus,
  },
  wait: {
    description: 'wait until a task ends; prints the video URL (or the file with --download/-o)',
    args: [['<task-id...>', 'task ids, @last, or - to read ids from stdin (one per line)']],
    options: true,
    define: async () => (await import('./wait.js')).defineWait,
  },
  download: {
    description: "download a finished task's video (or any video URL); prints the path",
    args: [['<task-id|url...>', 'task ids, @last, - (ids from stdin), or http(s) URLs']],
    options: true,
    define: async () => (await import('./download.js')).defineDownload,
  },
  list: {
    description: 'list recent tasks from the local history, newest first (or from the server with --remote)',
    args: [['[task-ids...]', 'only these tasks (ids or @last)']],
    options: true,
    define: async () => (await import('./list.js')).defineList,
  },
  cancel: {
    description: 'cancel a queued task (ark, byteplus); for a finished task, delete its record',
    args: [['<task-id>', 'task id, or @last']],
    options: true,
    define: async () => (await import('./cancel.js')).defineCancel,
  },
  batch: {
    description: 'create many videos from a JSON Lines file; resumable, paced to the API rate limit',
    args: [['<jobs.jsonl|->', 'one job per line: {"prompt": …, "id": …, and any create flag by name}; - for stdin']],
    options: true,
    define: async () => (await import('./batch.js')).defineBatch,
  },
  gallery: {
    description: 'write one self-contained HTML page of the videos in a folder (sidecars and history); prints its path',
    args: [['[dir]', 'the folder of videos (default: the output-dir config, or .)']],
    options: true,
    define: async () => (await import('./gallery.js')).defineGallery,
  },
  config: {
    description: 'read and change settings (config.json, mode 0600)',
    args: [
      ['<action>', 'get <key>, set <key> <value>, unset <key>', ['list', 'get', 'set', 'unset', 'path']],
      ['[key]'],
      ['[value]'],
    ],
    options: false,
    define: async () => (await import('./config.js')).defineConfig,
  },
  auth: {
    description: 'store, check or remove the API key',
    args: [
      [
        '<action>',
        'login (try a key, then store it: hidden prompt, or stdin with --with-key), status (where the key comes from), logout',
        ['login', 'status', 'logout'],
      ],
    ],
    options: true,
    define: async () => (await import('./auth.js')).defineAuth,
  },
  sandbox: {
    description: 'run a local simulator of the API (prints its base URL first)',
    options: true,
    define: async () => (await import('./sandbox.js')).defineSandbox,
  },
  doctor: {
    description: 'check Node.js, the config file, the key, proxies, the API and the clock (one line each)',
    options: false,
    define: async () => (await import('./doctor.js')).defineDoctor,
  },
  models: {
    description: 'the models this version knows: ids per provider, resolutions, durations, modes, list prices',
    options: false,
    define: async () => (await import('./models.js')).defineModels,
  },
  completion: {
    description: 'print a shell completion script (commands, flags and their values)',
    args: [['<shell>', 'bash, zsh or fish', ['bash', 'zsh', 'fish']]],
    options: false,
    define: async () => (await import('./completion.js')).defineCompletion,
  },
  mcp: {
    description: 'serve the seedance tools to an AI agent over stdio (Model Context Protocol)',
    options: true,
    define: async () => (await import('./mcp.js')).defineMcp,
  },
};

const defined = new WeakSet<Command>();

/** Gives a command of the program its options, help text and action, once. */
export async function defineCommand(command: Command, run: Run): Promise<void> {
  const head = HEADS[command.name()];
  if (!head || defined.has(command)) return;
  defined.add(command);
  (await head.define())(command, run);
}

/** Every command's options: for a completion script, and for `help <command>` (commander prints it directly). */
export async function defineAll(program: Command, run: Run): Promise<void> {
  for (const command of program.commands) await defineCommand(command, run);
}

/** The commander program: loaded by main() only when a command is parsed (`--version` does without it). */
export function buildProgram(run: Run, output: OutputConfiguration): Command {
  const program = new Command('seedance')
    .configureOutput(output)
    .description('Generate videos with ByteDance Seedance 2.0 from the terminal, scripts and CI.')
    .version(VERSION, '-V, --version')
    // Inherited by subcommands only when set before .command() (STYLE.md).
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, subcommandTerm })
    .option('--api-key <key>', 'API key (prefer SEEDANCE_API_KEY or `seedance auth login`)')
    .option(
      '--base-url <url>',
      'API base URL (env SEEDANCE_BASE_URL)',
      parser((v) => parseHttpUrl(v, '--base-url')),
    )
    .addOption(new Option('--provider <name>', 'API provider (env SEEDANCE_PROVIDER)').choices(PROVIDERS))
    .option('--json', 'print results as JSON on stdout, errors as JSON on stderr')
    .option('-q, --quiet', 'print only results and errors')
    .option('-v, --verbose', 'trace HTTP requests on stderr (key redacted)')
    .option('--no-color', 'disable colour (also NO_COLOR)')
    .option('--events', 'NDJSON lifecycle events on stderr (created, running, succeeded, downloaded, …) for CI logs')
    .option('--request-timeout <duration>', 'per-request timeout (default 30s)', parser(parseDuration))
    .addHelpText('after', exitCodeHelp());

  for (const [name, head] of Object.entries(HEADS)) {
    const command = program.command(name).description(head.description);
    for (const [arg, description, choices] of head.args ?? []) {
      const argument = new Argument(arg, description);
      command.addArgument(choices ? argument.choices(choices) : argument);
    }
  }
  // commander calls this before it parses a command's own arguments: the one command that runs gets its options.
  program.hook('preSubcommand', (_program, command) => defineCommand(command, run));
  return program;
}

/** commander's, with `[options]` for a command whose options are not added yet. */
function subcommandTerm(command: Command): string {
  const term = Help.prototype.subcommandTerm.call(new Help(), command);
  return HEADS[command.name()]?.options && command.options.length === 0
    ? term.replace(command.name(), `${command.name()} [options]`)
    : term;
}

function exitCodeHelp(): string {
  const rows = EXIT_TABLE.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`);
  return `\nExit codes:\n${rows.join('\n')}\n\nEnvironment: SEEDANCE_API_KEY, SEEDANCE_BASE_URL, SEEDANCE_PROVIDER, SEEDANCE_CONFIG_DIR, ARK_API_KEY,\n  HTTPS_PROXY, HTTP_PROXY, NO_PROXY, NO_COLOR, FORCE_COLOR, CI`;
}
