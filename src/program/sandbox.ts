import { type Command, Option } from 'commander';
import { parseByteSize } from '../core/byte-size.js';
import { parseDuration, parseInteger } from '../core/parse.js';
import { parser, type Run } from './shared.js';

export function addSandbox(program: Command, run: Run): void {
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
    .addOption(
      new Option('--render-time <duration>', 'time from create to a finished video')
        .argParser(parser(parseDuration))
        .default(8000, '8s'),
    )
    .addOption(
      new Option('--video-size <size>', 'size of generated videos: bytes, or 500k, 200MB (10^6), 1GiB (2^30)')
        .argParser(parser((v) => parseByteSize(v, 'video-size', 64, 2 ** 40)))
        .default(64 * 1024, '64KiB'),
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
      '--throttle <size-per-second>',
      'pace video downloads (bytes per second, or 500k, 2MiB …)',
      parser((v) => parseByteSize(v, 'throttle', 0, 2 ** 40)),
    )
    .option(
      '--drop-after <size>',
      'reset the first download connection after this many bytes (or 1MB, 512KiB …)',
      parser((v) => parseByteSize(v, 'drop-after', 1, 2 ** 40)),
    )
    .option(
      '--poll-errors <n>',
      'answer the next n status polls with 503',
      parser((v) => parseInteger(v, 'poll-errors', 0, 1e6)),
    )
    .option(
      '--create-errors <n>',
      'answer the next n creates with 429',
      parser((v) => parseInteger(v, 'create-errors', 0, 1e6)),
    )
    .option(
      '--retry-after <seconds>',
      'the Retry-After of --create-errors and --poll-errors',
      parser((v) => parseInteger(v, 'retry-after', 0, 3600)),
    )
    .option(
      '--concurrency-limit <n>',
      'answer a create with 429 "Concurrency limit reached (n)" while n tasks are queued or running (Ark paths: Ark\'s 429 while n are queued)',
      parser((v) => parseInteger(v, 'concurrency-limit', 0, 1e6)),
    )
    .option('--expire-urls', 'signed video URLs answer 403 until re-signed')
    .option('--state <file>', 'keep the tasks in this JSON file, across restarts (read at start, saved on change)')
    .addHelpText(
      'after',
      '\nPrompt directives: #fail, #fail=<ArkCode>, #fail-no-error, #fail-vague, #fail-evil, #stuck, #expire, #cancel,\n  #id-traversal, #id-ansi, #id-newline, #id-long (the task gets an id clients must refuse)\n\nExamples:\n  seedance sandbox --port 8765 --render-time 20s &\n  SEEDANCE_BASE_URL=http://127.0.0.1:8765 SEEDANCE_API_KEY=sk-any seedance create "a fox" -o fox.mp4',
    )
    .action((options) => run(async (ctx) => (await import('../commands/sandbox.js')).sandbox(options, ctx)));
}
