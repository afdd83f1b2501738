import { Argument, type Command } from 'commander';
import type { Run } from './shared.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

export function addCompletion(program: Command, run: Run): void {
  program
    .command('completion')
    .description('print a shell completion script (commands, flags and their values)')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  source <(seedance completion bash)                                 # in ~/.bashrc',
        '  seedance completion zsh > ~/.zsh/completions/_seedance             # a directory in $fpath',
        '  seedance completion fish > ~/.config/fish/completions/seedance.fish',
      ].join('\n'),
    )
    // The script is built from the program itself, so it lists every command and flag there is.
    .action((shell: (typeof SHELLS)[number], _options, command: Command) =>
      run(async (ctx) => (await import('../commands/completion.js')).completion(shell, command.parent ?? command, ctx)),
    );
}
