import { InvalidArgumentError } from 'commander';
import type { Context } from '../context.js';

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
