import type { Command } from 'commander';
import type { Run } from './shared.js';

export function addGallery(program: Command, run: Run): void {
  program
    .command('gallery')
    .description('write one self-contained HTML page of the videos in a folder (sidecars and history); prints its path')
    .argument('[dir]', 'the folder of videos (default: the output-dir config, or .)')
    .option('-o, --output <file.html>', 'where to write the page (default <dir>/gallery.html)')
    .option('--open', 'open the page in the default browser')
    .addHelpText(
      'after',
      '\nExamples:\n  seedance gallery clips/ --open\n  seedance batch jobs.jsonl --download -o clips/ --sidecar --gallery',
    )
    .action((dir: string | undefined, options) =>
      run(async (ctx) => (await import('../commands/gallery.js')).gallery(dir, options, ctx)),
    );
}
