import type { Command } from 'commander';
import type { Run } from './shared.js';

export function addStatus(program: Command, run: Run): void {
  program
    .command('status')
    .description('show a task (status, progress, video URL or error)')
    .argument('<task-id...>', 'task ids, @last, or - to read ids from stdin (several: one JSON line each)')

    .option('--raw', "print the server's body untouched (raw=true)")
    .option('--show-raw', 'include the upstream task object as "raw"')
    .option('--show-usage', 'ask for usage details')
    .addHelpText(
      'after',
      '\nExamples:\n  seedance status @last\n  seedance status cgt-20260330164007-wnc8k --json | jq -r .status',
    )
    .action((ids: string[], options) =>
      run(async (ctx) => (await import('../commands/status.js')).status(ids, options, ctx)),
    );
}
