import type { Command } from 'commander';
import { type CancelOptions, cancel } from '../commands/cancel.js';
import { addFlags, type FlagValues, flag, type Run, rowsOf } from './shared.js';

const FLAGS = rowsOf<CancelOptions>()([flag('-y, --yes', 'delete a finished task without asking (irreversible)')]);

export function defineCancel(command: Command, run: Run): void {
  addFlags(command, FLAGS)
    .addHelpText(
      'after',
      [
        '',
        'A queued task becomes cancelled. A running or cancelled task cannot be cancelled (the server says why).',
        'A finished task (succeeded, failed, expired) is deleted from the server, its video URL with it: that',
        'needs --yes, or a "y" on a terminal. The gateway provider has no cancel route.',
        '',
        'Examples:',
        '  seedance --provider ark cancel @last',
        '  seedance --provider ark cancel cgt-20260330164007-wnc8k --yes --json',
      ].join('\n'),
    )
    .action((id: string, options: FlagValues<typeof FLAGS>) => run((ctx) => cancel(id, options, ctx)));
}
