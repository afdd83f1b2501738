import type { Command } from 'commander';
import { collect, type Run } from './shared.js';

export function addMcp(program: Command, run: Run): void {
  program
    .command('mcp')
    .description('serve the seedance tools to an AI agent over stdio (Model Context Protocol)')
    .option('--output-dir <dir>', 'where download_video saves (default: the output-dir config, else ./seedance-output)')
    .option('--allow-dir <dir>', 'a folder local media may be read from, besides the client roots or cwd', collect)
    .addHelpText(
      'after',
      '\nClient config:\n  {"command": "npx", "args": ["-y", "seedance", "mcp"], "env": {"SEEDANCE_API_KEY": "…"}}\n  claude mcp add seedance -- npx -y seedance mcp',
    )
    .action((options) => run(async (ctx) => (await import('../commands/mcp.js')).mcp(options, ctx)));
}
