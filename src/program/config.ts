import type { Command } from 'commander';
import type { Run } from './shared.js';

export function defineConfig(command: Command, run: Run): void {
  command
    .addHelpText('after', '\nExamples:\n  seedance config set ratio 9:16\n  seedance config list --json')
    .action((action: string, key: string | undefined, value: string | undefined) =>
      run(async (ctx) => (await import('../commands/config.js')).config(action, key, value, ctx)),
    );
}
