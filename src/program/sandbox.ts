import type { Command } from 'commander';
import { type SandboxCliOptions, sandbox } from '../commands/sandbox.js';
import { parseByteSize } from '../core/byte-size.js';
import { parseDuration, parseInteger } from '../core/parse.js';
import { addFlags, type FlagValues, flag, oneOf, type Run, rowsOf } from './shared.js';

const count = (name: string) => (v: string) => parseInteger(v, name, 0, 1e6);

const FLAGS = rowsOf<SandboxCliOptions>()([
  flag('--port <n>', 'port (0 = any free port)', {
    parse: (v) => parseInteger(v, 'port', 0, 65535),
    default: { value: 0 },
  }),
  flag('--key <key>', 'the only accepted API key (default: any key except "bad-key")'),
  flag('--render-time <duration>', 'time from create to a finished video', {
    parse: parseDuration,
    default: { value: 8000, label: '8s' },
  }),
  flag('--video-size <size>', 'size of generated videos: bytes, or 500k, 200MB (10^6), 1GiB (2^30)', {
    parse: (v) => parseByteSize(v, 'video-size', 64, 2 ** 40),
    default: { value: 64 * 1024, label: '64KiB' },
  }),
  flag('--rate-limit <rps>', 'answer 429 beyond this many requests per second', { parse: count('rate-limit') }),
  flag('--max-running <n>', 'cap on concurrently running tasks', { parse: count('max-running') }),
  flag('--throttle <size-per-second>', 'pace video downloads (bytes per second, or 500k, 2MiB …)', {
    parse: (v) => parseByteSize(v, 'throttle', 0, 2 ** 40),
  }),
  flag('--drop-after <size>', 'reset the first download connection after this many bytes (or 1MB, 512KiB …)', {
    parse: (v) => parseByteSize(v, 'drop-after', 1, 2 ** 40),
  }),
  flag('--poll-errors <n>', 'answer the next n status polls with 503', { parse: count('poll-errors') }),
  flag('--create-errors <n>', 'answer the next n creates with 429', { parse: count('create-errors') }),
  flag('--retry-after <seconds>', 'the Retry-After of --create-errors and --poll-errors', {
    parse: (v) => parseInteger(v, 'retry-after', 0, 3600),
  }),
  flag(
    '--concurrency-limit <n>',
    'answer a create with 429 "Concurrency limit reached (n)" while n tasks are queued or running (Ark paths: Ark\'s 429 while n are queued)',
    { parse: count('concurrency-limit') },
  ),
  oneOf(
    '--region <region>',
    'which Ark the /api/v3 paths play: byteplus answers 404 to doubao- ids, volcengine to dreamina- ones (default: both)',
    ['volcengine', 'byteplus'],
  ),
  flag('--expire-urls', 'signed video URLs answer 403 until re-signed'),
  flag('--state <file>', 'keep the tasks in this JSON file, across restarts (read at start, saved on change)'),
]);

export function defineSandbox(command: Command, run: Run): void {
  addFlags(command, FLAGS)
    .addHelpText(
      'after',
      '\nPrompt directives: #fail, #fail=<ArkCode>, #fail-no-error, #fail-vague, #fail-evil, #stuck, #expire, #cancel,\n  #id-traversal, #id-ansi, #id-newline, #id-long (the task gets an id clients must refuse)\n\nExamples:\n  seedance sandbox --port 8765 --render-time 20s &\n  SEEDANCE_BASE_URL=http://127.0.0.1:8765 SEEDANCE_API_KEY=sk-any seedance create "a fox" -o fox.mp4',
    )
    .action((options: FlagValues<typeof FLAGS>) => run((ctx) => sandbox(options, ctx)));
}
