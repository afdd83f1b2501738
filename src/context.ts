import { lazyHttp } from './api/lazy-http.js';
import { nodeFetch } from './api/node-fetch.js';
import { plainHttpWarning } from './api/plain-http.js';
import { createProxyFetch, proxyConfig } from './api/proxy.js';
import { TaskApi } from './api/tasks.js';
import { History } from './config/history.js';
import { firstTime } from './config/once.js';
import { configDir, dataDir, homeDir } from './config/paths.js';
import { type GlobalFlags, resolveSettings, type Settings } from './config/settings.js';
import { readConfigFile } from './config/store.js';
import { AuthError } from './errors.js';
import type { Io } from './output/io.js';
import type { Output } from './output/output.js';
import { shellWord } from './output/sanitize.js';
import { VERSION } from './version.js';

/** What a command needs, built lazily: `--help` pays for none of it. */
export class Context {
  readonly io: Io;
  readonly out: Output;
  readonly flags: GlobalFlags;
  private cachedSettings?: Settings;
  private cachedApi?: TaskApi;
  private cachedHistory?: History;
  private cachedFetch?: { fetch: typeof fetch | undefined };
  /** Warn once that --api-key lands in shell history (the library, which has no command line, turns it off). */
  protected readonly keyFlagHint: boolean = true;

  constructor(io: Io, out: Output, flags: GlobalFlags) {
    this.io = io;
    this.out = out;
    this.flags = flags;
  }

  /** The same settings, history and API client, printing through another Output (batch keeps downloads quiet). */
  withOutput(out: Output): Context {
    const copy = new Context(this.io, out, this.flags);
    copy.cachedSettings = this.settings();
    copy.cachedHistory = this.history();
    copy.cachedApi = this.api();
    copy.cachedFetch = { fetch: this.proxyFetch() };
    for (const secret of [copy.cachedSettings.apiKey, this.flags.apiKey]) out.addSecret(secret);
    return copy;
  }

  /**
   * A seedance command line to print in a hint, with the --provider and --base-url this run was given as flags
   * (environment and config carry over to the next run by themselves): copied as printed, it reaches the same API.
   */
  command(...args: string[]): string {
    const parts = ['seedance'];
    if (this.flags.provider) parts.push('--provider', this.flags.provider);
    if (this.flags.baseUrl) parts.push('--base-url', shellWord(this.flags.baseUrl));
    return [...parts, ...args].join(' ');
  }

  get configDir(): string {
    return configDir(this.io.env);
  }

  /** The home directory the config and history dirs may lie in: never created by us. */
  get homeDir(): string | undefined {
    return homeDir(this.io.env);
  }

  settings(): Settings {
    if (!this.cachedSettings) {
      const file = readConfigFile(this.configDir);
      if (file.looseMode !== undefined) {
        this.out.warn(
          `${file.path} is readable by others (mode ${file.looseMode.toString(8)}); run: chmod 600 ${file.path}`,
        );
      }
      this.cachedSettings = resolveSettings(this.flags, this.io.env, file.values);
      this.out.addSecret(this.cachedSettings.apiKey);
      // Not under --quiet: the hint then waits for a run that shows it.
      if (
        this.cachedSettings.apiKeySource === '--api-key' &&
        this.keyFlagHint &&
        !this.out.mode.quiet &&
        firstTime(this.configDir, 'api-key-flag-hint')
      ) {
        this.out.warn(
          '--api-key leaves the key in your shell history and shows it to anyone running `ps` on this machine; ' +
            'prefer `seedance auth login` or SEEDANCE_API_KEY (shown once)',
        );
      }
    }
    return this.cachedSettings;
  }

  history(): History {
    this.cachedHistory ??= new History(dataDir(this.io.env), (message) => this.out.warn(message), this.homeDir);
    return this.cachedHistory;
  }

  /** The fetch for API and storage requests: undefined (Node's own) unless HTTP(S)_PROXY is set. */
  proxyFetch(): typeof fetch | undefined {
    if (!this.cachedFetch) {
      const config = proxyConfig(this.io.env);
      this.cachedFetch = { fetch: config ? createProxyFetch(config) : undefined };
    }
    return this.cachedFetch.fetch;
  }

  /**
   * The API client; fails with exit 3 before any request when there is no key. With `apiKey`: a client for that key
   * instead, not kept (`auth login` tries the key it is about to store).
   */
  api(apiKey?: string): TaskApi {
    if (this.cachedApi && apiKey === undefined) return this.cachedApi;
    const settings = this.settings();
    const key = apiKey ?? settings.apiKey;
    if (!key) {
      const envHint = settings.provider.name === 'gateway' ? 'SEEDANCE_API_KEY' : 'SEEDANCE_API_KEY or ARK_API_KEY';
      throw new AuthError('no API key', {
        code: 'no_api_key',
        hint: `run \`seedance auth login\`, or set ${envHint}`,
      });
    }
    const plainHttp = plainHttpWarning(settings.baseUrl);
    if (plainHttp) this.out.warn(plainHttp);
    const http = lazyHttp({
      baseUrl: settings.baseUrl,
      apiKey: key,
      timeoutMs: settings.requestTimeoutMs,
      userAgent: `seedance/${VERSION} node/${process.versions.node}`,
      trace: this.out.mode.verbose ? (line) => this.out.trace(line) : undefined,
      retryBaseMs: this.io.retryBaseMs,
      // node:http(s) unless a proxy is set: Node's own fetch costs ~100 ms and ~30 MB at first use (npm run bench).
      fetch: this.proxyFetch() ?? nodeFetch,
    });
    const api = new TaskApi(http, settings.provider);
    if (apiKey === undefined) this.cachedApi = api;
    return api;
  }
}
