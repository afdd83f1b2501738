import type { Command } from 'commander';
import type { Run } from './shared.js';

export function addCancel(program: Command, run: Run): void {
  program
    .command('cancel')
    .description('cancel a queued task (ark, byteplus); for a finished task, delete its record')
    .argument('<task-id>', 'task id, or @last')
    .option('-y, --yes', 'delete a finished task without asking (irreversible)')
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
    .action((id: string, options) =>
      run(async (ctx) => (await import('../commands/cancel.js')).cancel(id, options, ctx)),
    );
}
