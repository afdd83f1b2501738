import type { Command } from 'commander';
import { type McpOptions, mcp } from '../commands/mcp.js';
import { addFlags, type FlagValues, flag, many, type Run, rowsOf } from './shared.js';

const FLAGS = rowsOf<McpOptions>()([
  flag('--output-dir <dir>', 'where download_video saves (default: the output-dir config, else ./seedance-output)'),
  many('--allow-dir <dir>', 'a folder local media may be read from, besides the client roots or cwd'),
]);

export function defineMcp(command: Command, run: Run): void {
  addFlags(command, FLAGS)
    .addHelpText(
      'after',
      '\nClient config:\n  {"command": "npx", "args": ["-y", "seedance", "mcp"], "env": {"SEEDANCE_API_KEY": "…"}}\n  claude mcp add seedance -- npx -y seedance mcp',
    )
    .action((options: FlagValues<typeof FLAGS>) => run((ctx) => mcp(options, ctx)));
}
