import type { Command } from 'commander';
import type { Run } from './shared.js';

export function addDownload(program: Command, run: Run): void {
  program
    .command('download')
    .description("download a finished task's video (or any video URL); prints the path")
    .argument('<task-id|url...>', 'task ids, @last, - (ids from stdin), or http(s) URLs')

    .option('-o, --output <path>', 'a file, a directory (ending in /) or - for stdout (default ./<task-id>.mp4)')
    .option('--force', 'overwrite an existing file')
    .option('--last-frame', 'also save <name>.last-frame.png when the task has one')
    .option('--no-resume', 'start over instead of resuming a .part file')
    .option('--sidecar', 'also write <name>.json: the request, the final task, sha256, timings')

    .addHelpText(
      'after',
      '\nExamples:\n  seedance download @last -o fox.mp4\n  seedance download cgt-20260330164007-wnc8k -o - | ffplay -',
    )
    .action((targets: string[], options) =>
      run(async (ctx) => (await import('../commands/download.js')).download(targets, options, ctx)),
    );
}
