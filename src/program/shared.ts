import { InvalidArgumentError } from 'commander';
import type { Context } from '../context.js';
import { shellWord } from '../output/sanitize.js';

/** A command's body, run once commander has parsed and validated everything. */
export type Runner = (ctx: Context) => Promise<number | undefined>;
/** Hands the runner to main(), which builds the context and maps errors to exit codes. */
export type Run = (runner: Runner) => void;

/** commander argument parsers: a plain Error from our parsers becomes commander's one-line usage error. */
export function parser<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

/** Repeatable options (`--set a=1 --set b=2`). */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * The hint for one of commander's usage errors. A prompt that starts with "-" reads as an option (`create "-a fox"`
 * is `unknown option '-a fox'`): say how to pass it. After `--` everything is an operand, so an option written
 * after the prompt is an extra argument.
 */
export function commanderHint(code: string, message: string, command: string | undefined, argv: string[]): string {
  const help = `see \`seedance ${command ? `${command} ` : ''}--help\``;
  if (command !== 'create') return help;
  const unknown = /^unknown option '(.*)'/s.exec(message)?.[1];
  if (
    code === 'commander.unknownOption' &&
    unknown !== undefined &&
    (/\s/.test(unknown) || !unknown.startsWith('--'))
  ) {
    return `a prompt that starts with "-" goes after --: seedance create -- ${shellWord(unknown)}; or ${help}`;
  }
  if (code === 'commander.excessArguments') {
    return argv.includes('--')
      ? 'everything after -- is the prompt: put the options before it (seedance create --dry-run -- "-a fox")'
      : 'the prompt is one argument: quote it';
  }
  return help;
}
