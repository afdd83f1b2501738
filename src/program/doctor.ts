import type { Command } from 'commander';
import { doctor } from '../commands/doctor.js';
import type { Run } from './shared.js';

export function defineDoctor(command: Command, run: Run): void {
  command
    .addHelpText(
      'after',
      [
        '',
        'It asks the API for a task that does not exist: nothing is created, nothing is billed.',
        '',
        'Exit codes: 0 all checks passed (warnings allowed), 3 no API key or the key was refused,',
        '6 the API is unreachable or failing, 9 quota exhausted, 2 any other failed check.',
        '',
        'Examples:',
        '  seedance doctor',
        "  seedance doctor --json | jq -r '.checks[] | select(.ok | not) | .detail'",
      ].join('\n'),
    )
    .action(() => run((ctx) => doctor(ctx)));
}
