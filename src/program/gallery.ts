import type { Command } from 'commander';
import { type GalleryOptions, gallery } from '../commands/gallery.js';
import { addFlags, type FlagValues, flag, type Run, rowsOf } from './shared.js';

const FLAGS = rowsOf<GalleryOptions>()([
  flag('-o, --output <file.html>', 'where to write the page (default <dir>/gallery.html)'),
  flag('--open', 'open the page in the default browser'),
]);

export function defineGallery(command: Command, run: Run): void {
  addFlags(command, FLAGS)
    .addHelpText(
      'after',
      '\nExamples:\n  seedance gallery clips/ --open\n  seedance batch jobs.jsonl --download -o clips/ --sidecar --gallery',
    )
    .action((dir: string | undefined, options: FlagValues<typeof FLAGS>) => run((ctx) => gallery(dir, options, ctx)));
}
