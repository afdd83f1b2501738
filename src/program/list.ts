import { type Command, Option } from 'commander';
import type { TaskStatus } from '../api/task.js';
import { parseInteger, SERVICE_TIERS } from '../core/parse.js';
import { parser, type Run } from './shared.js';

const STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'expired',
  'unknown',
] as const satisfies readonly TaskStatus[];

export function addList(program: Command, run: Run): void {
  program
    .command('list')
    .description('list recent tasks from the local history, newest first (or from the server with --remote)')
    .argument('[task-ids...]', 'only these tasks (ids or @last)')
    .option('--remote', 'ask the server instead (ark, byteplus): only its last 7 days are listed')
    .addOption(
      new Option('-n, --limit <n>', 'at most this many tasks')
        .argParser(parser((v) => parseInteger(v, 'limit', 1, 10_000)))
        .default(20),
    )
    .addOption(new Option('-s, --status <status>', 'only tasks with this (last known) status').choices(STATUSES))
    .option('-m, --model <id>', 'only tasks of this model (with --remote: the model or endpoint id sent)')
    .addOption(
      new Option('--service-tier <tier>', 'with --remote: list this tier (the server lists default only)').choices(
        SERVICE_TIERS,
      ),
    )
    .option('--refresh', 're-query unfinished tasks and record their new status in the history')
    .addHelpText(
      'after',
      [
        '',
        'The local history holds every task created here, including creates whose answer was lost',
        '(status "unknown?": the task may exist). --remote lists what the server has from the last 7 days.',
        '',
        'Examples:',
        '  seedance list --refresh',
        '  seedance list --json | jq -r \'.[] | select(.status == "succeeded") | .id\'',
        '  seedance --provider ark list --remote --status succeeded --limit 100 --json',
      ].join('\n'),
    )
    .action((ids: string[], options) =>
      run(async (ctx) => (await import('../commands/list.js')).list(ids, options, ctx)),
    );
}
