import type { Command } from 'commander';
import { type WaitOptions, wait } from '../commands/wait.js';
import { parseDuration, parseInterval } from '../core/parse.js';
import { addFlags, type FlagValues, flag, oneOf, type Run, rowsOf } from './shared.js';

const FLAGS = rowsOf<WaitOptions>()([
  flag('--timeout <duration>', 'give up after this long (default 30m, 0 = never); the task lives on', {
    parse: parseDuration,
  }),
  flag('--interval <duration>', 'fixed poll interval, at least 1s (default adaptive 2s→10s)', { parse: parseInterval }),
  oneOf('--on-timeout <action>', 'at --timeout: leave the task running (default) or cancel it', ['leave', 'cancel']),
  flag('--any', 'with several tasks: return when the first one ends'),
  flag('--fail-fast', 'with several tasks: stop at the first failure'),
  flag('--download', 'download the video when it is ready'),
  flag('--sidecar', 'also write <name>.json: the request, the final task, sha256, timings'),
  flag('-o, --output <path>', 'download to a file, a directory (ending in /) or - for stdout; implies --download'),
  flag('--force', 'overwrite an existing output file'),
  flag('--last-frame', 'also save the last frame image'),
  flag('--no-resume', 'start a download over instead of resuming a .part file'),
  flag('--gallery', 'with a download: also refresh gallery.html in its folder (seedance gallery)'),
]);

export function defineWait(command: Command, run: Run): void {
  addFlags(command, FLAGS)
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  seedance wait @last',
        '  seedance wait cgt-20260330164007-wnc8k -o videos/ --timeout 1h',
        '  seedance --provider ark wait @last --timeout 10m --on-timeout cancel',
        '',
        'Ctrl-C stops watching; the task keeps rendering. With ark or byteplus on a terminal, a second Ctrl-C',
        'within 3s offers to cancel the task itself.',
      ].join('\n'),
    )
    .action((ids: string[], options: FlagValues<typeof FLAGS>) => run((ctx) => wait(ids, options, ctx)));
}
