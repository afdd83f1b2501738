import type { Command } from 'commander';
import { config } from '../commands/config.js';
import type { Run } from './shared.js';

export function defineConfig(command: Command, run: Run): void {
  command
    .addHelpText('after', '\nExamples:\n  seedance config set ratio 9:16\n  seedance config list --json')
    .action((action: string, key: string | undefined, value: string | undefined) =>
      run((ctx) => config(action, key, value, ctx)),
    );
}
