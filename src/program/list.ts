import type { Command } from 'commander';
import type { TaskStatus } from '../api/task.js';
import { type ListOptions, list } from '../commands/list.js';
import { parseInteger, SERVICE_TIERS } from '../core/parse.js';
import { addFlags, type FlagValues, flag, oneOf, type Run, rowsOf } from './shared.js';

const STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'expired',
  'unknown',
] as const satisfies readonly TaskStatus[];

const FLAGS = rowsOf<ListOptions>()([
  flag('--remote', 'ask the server instead (ark, byteplus): only its last 7 days are listed'),
  flag('-n, --limit <n>', 'at most this many tasks', {
    parse: (v) => parseInteger(v, 'limit', 1, 10_000),
    default: { value: 20 },
  }),
  oneOf('-s, --status <status>', 'only tasks with this (last known) status', STATUSES),
  flag('-m, --model <id>', 'only tasks of this model (with --remote: the model or endpoint id sent)'),
  oneOf('--service-tier <tier>', 'with --remote: list this tier (the server lists default only)', SERVICE_TIERS),
  flag('--refresh', 're-query unfinished tasks and record their new status in the history'),
]);

export function defineList(command: Command, run: Run): void {
  addFlags(command, FLAGS)
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
    .action((ids: string[], options: FlagValues<typeof FLAGS>) => run((ctx) => list(ids, options, ctx)));
}
