import type { Io } from './io.js';

export interface OutputFlags {
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  /** commander's --no-color sets color: false */
  color?: boolean;
  /** --events: NDJSON lifecycle events on stderr instead of human progress */
  events?: boolean;
}

export interface OutputMode {
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  /** chalk level for stderr: 0 = no colour */
  colorLevel: 0 | 1 | 2 | 3;
  /** spinners and progress bars allowed on stderr */
  interactive: boolean;
  events: boolean;
  /** OSC 8 links for saved paths and video URLs on a terminal (see hyperlinksAllowed). */
  hyperlinks: boolean;
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** Decided once, like gh's iostreams: every command asks the mode instead of checking isTTY itself. */
export function decideMode(flags: OutputFlags, io: Pick<Io, 'env' | 'stderr'>): OutputMode {
  const json = flags.json === true;
  const quiet = flags.quiet === true;
  const ci = truthy(io.env.CI);
  const tty = io.stderr.isTTY === true;
  // A terminal that reports 0 columns (some `script`/pty runners) or says it cannot move the cursor (TERM=dumb)
  // gets plain lines: ora divides by the width, and at 0 it redraws forever.
  const drawable = tty && io.stderr.columns !== 0 && io.env.TERM !== 'dumb';
  return {
    json,
    quiet,
    verbose: flags.verbose === true,
    colorLevel: decideColorLevel(flags, io.env, tty && !ci && !json),
    interactive: drawable && !json && !quiet && !ci && flags.events !== true,
    events: flags.events === true,
    hyperlinks: drawable && !json && !ci && hyperlinksAllowed(flags, io.env),
  };
}

/** Off with plain output (NO_COLOR, --no-color) and with SEEDANCE_HYPERLINKS=0; on a terminal otherwise. */
function hyperlinksAllowed(flags: OutputFlags, env: Record<string, string | undefined>): boolean {
  const setting = env.SEEDANCE_HYPERLINKS?.toLowerCase();
  if (setting === '0' || setting === 'false' || setting === 'no') return false;
  return flags.color !== false && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

function decideColorLevel(
  flags: OutputFlags,
  env: Record<string, string | undefined>,
  ttyDefault: boolean,
): OutputMode['colorLevel'] {
  if (flags.color === false) return 0;
  // NO_COLOR (no-color.org): any non-empty value disables colour; chalk 5 itself ignores it.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    const level = Number(force);
    return level === 2 || level === 3 ? level : 1;
  }
  if (!ttyDefault) return 0;
  return env.COLORTERM === 'truecolor' ? 3 : 2;
}
