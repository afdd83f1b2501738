import type { Command } from 'commander';
import { type StatusOptions, status } from '../commands/status.js';
import { addFlags, type FlagValues, flag, type Run, rowsOf } from './shared.js';

const FLAGS = rowsOf<StatusOptions>()([
  flag('--raw', "print the server's body untouched (raw=true)"),
  flag('--show-raw', 'include the upstream task object as "raw"'),
  flag('--show-usage', 'usage details (always asked for now: the flag stays for scripts)'),
]);

export function defineStatus(command: Command, run: Run): void {
  addFlags(command, FLAGS)
    .addHelpText(
      'after',
      '\nExamples:\n  seedance status @last\n  seedance status cgt-20260330164007-wnc8k --json | jq -r .status',
    )
    .action((ids: string[], options: FlagValues<typeof FLAGS>) => run((ctx) => status(ids, options, ctx)));
}
