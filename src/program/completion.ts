import type { Command } from 'commander';
import { completion } from '../commands/completion.js';
import type { Run } from './shared.js';

type Shell = 'bash' | 'zsh' | 'fish';

export function defineCompletion(command: Command, run: Run): void {
  command
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
    // The script is built from the program itself, so it lists every command and flag there is: every command
    // gets its options first (they are otherwise added only to the command that runs).
    .action((shell: Shell, _options, command: Command) =>
      run(async (ctx) => {
        const program = command.parent ?? command;
        await (await import('./build.js')).defineAll(program, run);
        return completion(shell, program, ctx);
      }),
    );
}
