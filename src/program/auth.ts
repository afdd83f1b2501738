import type { Command } from 'commander';
import { type AuthOptions, auth } from '../commands/auth.js';
import { addFlags, type FlagValues, flag, type Run, rowsOf } from './shared.js';

const FLAGS = rowsOf<AuthOptions>()([
  flag('--with-key', 'read the key from stdin (for CI)'),
  flag('--verify', 'status: try the key with one request (a lookup of a task that does not exist)'),
  flag('--no-verify', 'login: store the key without trying it (offline)'),
]);

export function defineAuth(command: Command, run: Run): void {
  addFlags(command, FLAGS)
    .addHelpText(
      'after',
      '\nExamples:\n  seedance auth login\n  echo "$KEY" | seedance auth login --with-key\n  seedance auth status --verify',
    )
    .action((action: string, options: FlagValues<typeof FLAGS>) => run((ctx) => auth(action, options, ctx)));
}
