import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Context } from '../context.js';
import type { Camel } from '../core/params/table.js';
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

/**
 * One option of a command, as data: commander's flags and help, and how its value is read. The value's type follows
 * from the row (the parser's result, the choices, a string for `<value>`, a boolean for a switch), and its name from
 * the long flag, so `FlagValues` of a command's rows is what its action receives: renaming a flag renames the field.
 */
export interface Flag<F extends string = string, V = unknown> {
  flags: F;
  help: string;
  parse?: (text: string) => V;
  choices?: readonly string[];
  /** Every use adds to a list. */
  repeatable?: boolean;
  default?: { value: V; label?: string };
  /** Marks the value's type; never set. */
  readonly value?: V;
}

/** `<value>` or `[value]`: text; otherwise a switch. */
type Text<F extends string> = F extends `${string}<${string}` | `${string}[${string}` ? string : boolean;
type Long<F extends string> = F extends `${string}--${infer Rest}`
  ? Rest extends `${infer N} ${string}`
    ? N
    : Rest
  : never;
/** commander's attribute name: `--dry-run` → dryRun, `--no-resume` → resume. */
export type FlagKey<F extends string> = Long<F> extends `no-${infer N}` ? Camel<N> : Camel<Long<F>>;

type HowOf<V> = Omit<Flag<string, V>, 'flags' | 'help' | 'value'>;

/** A row whose value is text (`<value>`) or a switch; with `how`, the parser's result. */
export function flag<const F extends string>(flags: F, help: string): Flag<F, Text<F>>;
export function flag<const F extends string, V>(
  flags: F,
  help: string,
  how: HowOf<V> & { default: { value: V; label?: string } },
): Flag<F, V> & { default: { value: V } };
export function flag<const F extends string, V>(flags: F, help: string, how: HowOf<V>): Flag<F, V>;
export function flag(flags: string, help: string, how: HowOf<unknown> = {}): Flag {
  return { flags, help, ...how };
}

/** A `<value>` that must be one of `choices`. */
export function oneOf<const F extends string, const C extends readonly string[]>(
  flags: F,
  help: string,
  choices: C,
): Flag<F, C[number]> {
  return { flags, help, choices };
}

/** A repeatable `<value>`: every use adds to a list. */
export function many<const F extends string>(flags: F, help: string): Flag<F, string[]> {
  return { flags, help, repeatable: true };
}

/** What a command's action receives from these rows: optional, except where the row has a default. */
export type FlagValues<Rows extends readonly Flag[]> = {
  [R in Rows[number] as R extends { default: object } ? never : FlagKey<R['flags']>]?: NonNullable<R['value']>;
} & { [R in Rows[number] as R extends { default: object } ? FlagKey<R['flags']> : never]: NonNullable<R['value']> };

/** commander options from rows, in order. */
export function addFlags(command: Command, rows: readonly Flag[]): Command {
  for (const row of rows) {
    const option = new Option(row.flags, row.help);
    if (row.choices) option.choices(row.choices);
    if (row.repeatable) option.argParser(collect);
    // After choices(): the parser decides; the choices stay in help and completion.
    else if (row.parse) option.argParser(parser(row.parse));
    if (row.default) option.default(row.default.value, row.default.label);
    command.addOption(option);
  }
  return command;
}

type Check<V, O> = [Exclude<keyof V, keyof O>] extends [never]
  ? V extends O
    ? unknown
    : { error: 'a flag gives a value of another type than the command reads' }
  : { error: `the command reads no option named ${Exclude<keyof V, keyof O> & string}` };

/**
 * A command's rows, checked against the options its code reads (`O`): a row whose field the command does not read
 * (a renamed flag, or a renamed field), or whose value does not fit, fails the type check.
 */
export function rowsOf<O>() {
  return <const R extends readonly Flag[]>(rows: R & Check<FlagValues<R>, O>): R => rows;
}
