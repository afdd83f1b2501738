import { Writable } from 'node:stream';
import { History } from '../config/history.js';
import type { GlobalFlags } from '../config/settings.js';
import { Context } from '../context.js';
import { type Io, sleep } from '../output/io.js';
import { Output } from '../output/output.js';
import type { SeedanceEvent, SeedanceOptions } from './types.js';

const NO_SIGNALS = { on() {}, off() {} };

/** The CLI's Context with a silent Output: events go to a listener, warnings to onWarning, nothing to the terminal. */
export class LibraryContext extends Context {
  private readonly options: SeedanceOptions;
  // A key passed to the constructor is not a command line: no shell history, no `ps`.
  protected override readonly keyFlagHint = false;

  constructor(options: SeedanceOptions, onEvent?: (event: SeedanceEvent) => void) {
    const env = { ...(options.env ?? process.env) };
    if (options.configDir !== undefined) env.SEEDANCE_CONFIG_DIR = options.configDir;
    const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, 'SeedanceWarning'));
    const io: Io = {
      stdout: new Writable({ write: (_chunk, _encoding, done) => done() }),
      stderr: lineSink(warn, onEvent),
      get stdin(): never {
        throw new Error('the library reads no stdin');
      },
      env,
      cwd: process.cwd(),
      signals: NO_SIGNALS,
      now: Date.now,
      sleep,
    };
    const mode = {
      json: false,
      quiet: false,
      verbose: false,
      colorLevel: 0 as const,
      interactive: false,
      events: true,
      hyperlinks: false,
    };
    const identity = (text: string) => text;
    const paint = { red: identity, yellow: identity, green: identity, dim: identity, bold: identity, cyan: identity };
    const flags: GlobalFlags = {
      apiKey: options.apiKey,
      baseUrl: options.baseUrl,
      provider: options.provider,
      requestTimeout: options.requestTimeout,
    };
    super(io, new Output(io, mode, paint), flags);
    this.options = options;
  }

  /** The same settings, client and journal, with events of one call going to `onEvent`. */
  forCall(onEvent?: (event: SeedanceEvent) => void): Context {
    const child = new LibraryContext(this.options, onEvent);
    return this.withOutput(child.out);
  }

  override history(): History {
    if (this.options.history !== false) return super.history();
    this.noHistory ??= new NoHistory(this.io.env);
    return this.noHistory;
  }

  override proxyFetch(): typeof fetch | undefined {
    return this.options.fetch ?? super.proxyFetch();
  }

  private noHistory?: History;
}

/** `history: false`: nothing is written, nothing is read. */
class NoHistory extends History {
  constructor(env: Record<string, string | undefined>) {
    super(env.SEEDANCE_CONFIG_DIR ?? '', () => {});
  }
  override append(): void {}
  override appendOrWarn(): void {}
  override records(): [] {
    return [];
  }
}

/** stderr as the Output writes it in --events mode: a JSON line is an event, `warning: …` a warning. */
function lineSink(warn: (message: string) => void, onEvent?: (event: SeedanceEvent) => void): Writable {
  let pending = '';
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('{')) onEvent?.(JSON.parse(line) as SeedanceEvent);
        else if (line.startsWith('warning: ')) warn(line.slice('warning: '.length));
      }
      done();
    },
  });
}
