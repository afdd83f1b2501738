import type { Command } from 'commander';
import { download } from '../commands/download.js';
import type { SaveOptions } from '../core/save-video.js';
import { addFlags, type FlagValues, flag, type Run, rowsOf } from './shared.js';

const FLAGS = rowsOf<SaveOptions>()([
  flag('-o, --output <path>', 'a file, a directory (ending in /) or - for stdout (default ./<task-id>.mp4)'),
  flag('--force', 'overwrite an existing file'),
  flag('--last-frame', 'also save <name>.last-frame.png when the task has one'),
  flag('--no-resume', 'start over instead of resuming a .part file'),
  flag('--sidecar', 'also write <name>.json: the request, the final task, sha256, timings'),
  flag('--gallery', 'also refresh gallery.html in its folder (seedance gallery)'),
]);

export function defineDownload(command: Command, run: Run): void {
  addFlags(command, FLAGS)
    .addHelpText(
      'after',
      '\nExamples:\n  seedance download @last -o fox.mp4\n  seedance download cgt-20260330164007-wnc8k -o - | ffplay -',
    )
    .action((targets: string[], options: FlagValues<typeof FLAGS>) => run((ctx) => download(targets, options, ctx)));
}
