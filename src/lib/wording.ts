import { CliError } from '../errors.js';

// Hints are written once, for the CLI ("use --force to overwrite"). A library user passes options, not flags, so at
// the library's edge each flag a hint names is respelled as the option it maps to ("use `force: true`"); a phrase
// whose value reads differently in code is in PHRASES. Messages stay as they are: they say what happened.

const PHRASES: ReadonlyArray<readonly [string, string]> = [
  ['--request-timeout 60s', '`requestTimeout: 60_000`'],
  ['--provider ark/byteplus', "`provider: 'ark'` or `'byteplus'`"],
];
/** Switches: the option is a boolean, so the hint names its value. */
const SWITCHES: Readonly<Record<string, string>> = { force: 'force: true', 'no-resume': 'resume: false' };

/** A command line in a hint (`seedance wait <id> --download`) is kept as is: the CLI shares the library's journal. */
const COMMAND = /`?seedance [^`,;()]*`?/g;

export function libraryHint(hint: string): string {
  let text = '';
  let end = 0;
  for (const command of hint.matchAll(COMMAND)) {
    text += respell(hint.slice(end, command.index)) + command[0];
    end = command.index + command[0].length;
  }
  return text + respell(hint.slice(end));
}

function respell(hint: string): string {
  let text = hint;
  for (const [flag, option] of PHRASES) text = text.replaceAll(flag, option);
  return text
    .replace(/(?<![\w-])--([a-z][a-z-]*)/g, (_flag, name: string) => `\`${SWITCHES[name] ?? camelCase(name)}\``)
    .replace(/(?<![\w-])-o(?: <path>)?(?![\w-])/g, '`output`');
}

const camelCase = (name: string) => name.replace(/-([a-z])/g, (_dash, letter: string) => letter.toUpperCase());

/** The error as the library throws it: the same instance (class, code, requestId, stack), its hint in library terms. */
export function forLibrary(error: unknown): unknown {
  if (error instanceof CliError && error.hint !== undefined) {
    // `hint` is readonly to the code that throws; this edge is the one place that rewords it.
    Object.defineProperty(error, 'hint', { value: libraryHint(error.hint), enumerable: true });
  }
  return error;
}
