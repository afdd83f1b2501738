import { type Command, Option } from 'commander';
import { parseDuration, parseInterval } from '../core/parse.js';
import { parser, type Run } from './shared.js';

export function addWait(program: Command, run: Run): void {
  program
    .command('wait')
    .description('wait until a task ends; prints the video URL (or the file with --download/-o)')
    .argument('<task-id...>', 'task ids, @last, or - to read ids from stdin (one per line)')

    .option(
      '--timeout <duration>',
      'give up after this long (default 30m, 0 = never); the task lives on',
      parser(parseDuration),
    )
    .option(
      '--interval <duration>',
      'fixed poll interval, at least 1s (default adaptive 2s→10s)',
      parser(parseInterval),
    )
    .addOption(
      new Option('--on-timeout <action>', 'at --timeout: leave the task running (default) or cancel it').choices([
        'leave',
        'cancel',
      ]),
    )
    .option('--any', 'with several tasks: return when the first one ends')
    .option('--fail-fast', 'with several tasks: stop at the first failure')
    .option('--download', 'download the video when it is ready')
    .option('--sidecar', 'also write <name>.json: the request, the final task, sha256, timings')

    .option('-o, --output <path>', 'download to a file, a directory (ending in /) or - for stdout; implies --download')
    .option('--force', 'overwrite an existing output file')
    .option('--last-frame', 'also save the last frame image')
    .option('--no-resume', 'start a download over instead of resuming a .part file')
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
    .action((ids: string[], options) =>
      run(async (ctx) => (await import('../commands/wait.js')).wait(ids, options, ctx)),
    );
}
