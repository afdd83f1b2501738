import { Argument, type Command } from 'commander';
import type { Run } from './shared.js';

export function addAuth(program: Command, run: Run): void {
  program
    .command('auth')
    .description('store, check or remove the API key')
    .addArgument(
      new Argument(
        '<action>',
        'login (store a key: hidden prompt, or stdin with --with-key), status (where the key comes from), logout',
      ).choices(['login', 'status', 'logout']),
    )
    .option('--with-key', 'read the key from stdin (for CI)')
    .addHelpText('after', '\nExamples:\n  seedance auth login\n  echo "$KEY" | seedance auth login --with-key')
    .action((action: string, options) =>
      run(async (ctx) => (await import('../commands/auth.js')).auth(action, options, ctx)),
    );
}
