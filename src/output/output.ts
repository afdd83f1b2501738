import type { ChalkInstance } from 'chalk';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { hyperlink } from './hyperlink.js';
import { type Io, isTty } from './io.js';
import type { OutputMode } from './mode.js';
import { scrubSecrets, stripControl } from './sanitize.js';

export interface Paint {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  cyan(text: string): string;
}

export interface LiveRegion {
  clear(): void;
  render(): void;
}

const plain: Paint = { red: id, yellow: id, green: id, dim: id, bold: id, cyan: id };
function id(text: string): string {
  return text;
}

/** The one place that writes to stdout and stderr. stdout carries results only. */
export class Output {
  readonly mode: OutputMode;
  readonly paint: Paint;
  readonly io: Io;
  /** Secrets that must never reach the terminal, even inside a server's echo of our request. */
  private readonly secrets = new Set<string>();
  private stdoutBroken = false;
  private live: LiveRegion | undefined;
  private readonly startedAt: number;

  constructor(io: Io, mode: OutputMode, paint: Paint) {
    this.io = io;
    this.mode = mode;
    this.paint = paint;
    this.startedAt = io.now();

    // A reader that goes away (`| head`) is not an error of ours.
    io.stdout.on?.('error', () => {
      this.stdoutBroken = true;
    });
  }

  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  /**
   * `text` linked to `target` (an absolute path or a URL) where the mode allows terminal hyperlinks; `stdout`: for
   * text bound there, which must be a terminal too.
   */
  link(text: string, target: string, stream: 'stderr' | 'stdout' = 'stderr'): string {
    if (!this.mode.hyperlinks || (stream === 'stdout' && !this.stdoutIsTerminal())) return text;
    return hyperlink(text, target);
  }

  // What the terminal is, asked here rather than of the streams: the one place that knows (see mode.ts).

  /** A person can answer a question on stdin. Asked when needed: opening stdin costs startup time (npm run bench). */
  canAsk(): boolean {
    return isTty(this.io.stdin);
  }

  /** stdout is a terminal, not a pipe or a file. */
  stdoutIsTerminal(): boolean {
    return isTty(this.io.stdout);
  }

  /** The width of the terminal on stdout; undefined for a pipe or a file. */
  stdoutWidth(): number | undefined {
    return this.stdoutIsTerminal() ? this.io.stdout.columns : undefined;
  }

  /** A result line on stdout (id, URL, path). */
  result(text: string): void {
    this.writeOut(`${text}\n`);
  }

  /** Exactly one JSON document on stdout. */
  json(value: unknown): void {
    this.writeOut(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** JSON Lines: one compact document per line. */
  jsonLine(value: unknown): void {
    this.writeOut(`${JSON.stringify(value)}\n`);
  }

  /** Human progress and hints on stderr; silent with --quiet and --json. */
  info(text: string): void {
    if (this.mode.quiet || this.mode.json || this.mode.events) return;

    this.writeErr(`${text}\n`);
  }

  success(text: string): void {
    this.info(`${this.paint.green('✔')} ${text}`);
  }

  warn(text: string): void {
    if (this.mode.quiet) return;
    this.writeErr(`${this.paint.yellow('warning:')} ${text}\n`);
  }

  /**
   * --events: one NDJSON line per lifecycle event on stderr (created, queued, running, progress, succeeded, failed,
   * cancelled, expired, timeout, downloading, downloaded), for CI logs and tools that follow a run.
   */
  event(name: string, id: string | null, data: Record<string, unknown> = {}): void {
    if (!this.mode.events) return;
    const now = this.io.now();
    const line = {
      event: name,
      time: new Date(now).toISOString(),
      id,
      elapsed: (now - this.startedAt) / 1000,
      ...data,
    };
    this.writeErr(`${JSON.stringify(line)}\n`);
  }

  /** --verbose trace (HTTP). Secrets are scrubbed. */

  trace(text: string): void {
    if (!this.mode.verbose) return;
    this.writeErr(`${this.paint.dim(text)}\n`);
  }

  error(error: CliError): void {
    if (this.mode.json) {
      this.writeErr(`${JSON.stringify({ error: errorJson(error) })}\n`);
      return;
    }
    let text = `${this.paint.red('error:')} ${stripControl(error.message)}\n`;
    if (error.hint) text += `${this.paint.dim('hint:')} ${error.hint}\n`;
    if (this.mode.verbose && error.requestId) text += `${this.paint.dim(`request id: ${error.requestId}`)}\n`;
    if (this.mode.verbose && error.detail) text += `${this.paint.dim(`response: ${stripControl(error.detail)}`)}\n`;
    if (this.mode.verbose && error.exitCode === EXIT.INTERNAL && error.cause instanceof Error && error.cause.stack) {
      text += `${this.paint.dim(error.cause.stack)}\n`;
    }
    this.writeErr(text);
  }

  /** Raw bytes to stderr (used by spinners' and bars' final lines). */
  writeErr(text: string): void {
    // A line printed while a spinner is drawn would be overdrawn: clear it, print, draw it again below.
    this.live?.clear();
    this.io.stderr.write(this.scrub(text));
    this.live?.render();
  }

  /** The spinner currently drawn on stderr, if any (one at a time). */
  setLive(live: LiveRegion | undefined): void {
    this.live = live;
  }

  writeOut(text: string): void {
    if (this.stdoutBroken) return;
    this.io.stdout.write(this.scrub(text));
  }

  scrub(text: string): string {
    return scrubSecrets(text, this.secrets);
  }
}

/** The `error` of `--json` (schema/error.schema.json): the CLI's stderr line, and an MCP tool's failed result. */
export function errorJson(error: CliError): { code: string; message: string; exit_code: number; hint?: string } {
  return {
    code: error.code,
    message: error.message,
    exit_code: error.exitCode,
    ...(error.hint ? { hint: error.hint } : {}),
  };
}

export async function createOutput(io: Io, mode: OutputMode): Promise<Output> {
  let paint = plain;
  if (mode.colorLevel > 0) {
    const { Chalk } = await import('chalk');
    paint = fromChalk(new Chalk({ level: mode.colorLevel }));
  }
  return new Output(io, mode, paint);
}

function fromChalk(chalk: ChalkInstance): Paint {
  return {
    red: (t) => chalk.red(t),
    yellow: (t) => chalk.yellow(t),
    green: (t) => chalk.green(t),
    dim: (t) => chalk.dim(t),
    bold: (t) => chalk.bold(t),
    cyan: (t) => chalk.cyan(t),
  };
}

export function asCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(EXIT.INTERNAL, `unexpected internal error: ${message}`, {
    code: 'internal',
    hint: 'this is a bug in seedance; please report it with the command you ran (add --verbose for a stack trace)',
    cause: error,
  });
}
