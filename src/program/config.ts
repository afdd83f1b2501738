import { Argument, type Command } from 'commander';
import type { Run } from './shared.js';

export function addConfig(program: Command, run: Run): void {
  program
    .command('config')
    .description('read and change settings (config.json, mode 0600)')
    .addArgument(
      new Argument('<action>', 'get <key>, set <key> <value>, unset <key>').choices([
        'list',
        'get',
        'set',
        'unset',
        'path',
      ]),
    )

    .argument('[key]')
    .argument('[value]')
    .addHelpText('after', '\nExamples:\n  seedance config set ratio 9:16\n  seedance config list --json')
    .action((action: string, key: string | undefined, value: string | undefined) =>
      run(async (ctx) => (await import('../commands/config.js')).config(action, key, value, ctx)),
    );
}
