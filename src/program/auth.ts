import { Argument, type Command } from 'commander';
import type { Run } from './shared.js';

export function addAuth(program: Command, run: Run): void {
  program
    .command('auth')
    .description('store, check or remove the API key')
    .addArgument(
      new Argument(
        '<action>',
        'login (try a key, then store it: hidden prompt, or stdin with --with-key), status (where the key comes from), logout',
      ).choices(['login', 'status', 'logout']),
    )
    .option('--with-key', 'read the key from stdin (for CI)')
    .option('--verify', 'status: try the key with one request (a lookup of a task that does not exist)')
    .option('--no-verify', 'login: store the key without trying it (offline)')
    .addHelpText(
      'after',
      '\nExamples:\n  seedance auth login\n  echo "$KEY" | seedance auth login --with-key\n  seedance auth status --verify',
    )
    .action((action: string, options) =>
      run(async (ctx) => (await import('../commands/auth.js')).auth(action, options, ctx)),
    );
}
