// The decisions of `seedance doctor`, as pure functions: facts in, one line of verdict out.
import { type ProxyConfig, proxyConfig, proxyFor, redactProxyUrl } from '../api/proxy.js';
import type { ConfigFacts } from '../config/inspect.js';
import { DIR_HINT } from '../config/writable.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { redactKey } from '../output/sanitize.js';

export type CheckStatus = 'ok' | 'warning' | 'failed' | 'skipped';

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  /** For a failed check: what `doctor` exits with (the most specific code of DESIGN §7). */
  exitCode?: ExitCode;
}

export const MIN_NODE: readonly [number, number] = [20, 19];
export const MAX_CLOCK_SKEW_MS = 60_000;

const ok = (name: string, detail: string): Check => ({ name, status: 'ok', detail });
const warning = (name: string, detail: string): Check => ({ name, status: 'warning', detail });
const skipped = (name: string, detail: string): Check => ({ name, status: 'skipped', detail });
const failed = (name: string, detail: string, exitCode: ExitCode = EXIT.USAGE): Check => ({
  name,
  status: 'failed',
  detail,
  exitCode,
});

export function checkNode(version: string): Check {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  const [needMajor, needMinor] = MIN_NODE;
  const enough = major > needMajor || (major === needMajor && minor >= needMinor);
  const need = `${needMajor}.${needMinor}`;
  return enough
    ? ok('node', `v${version.replace(/^v/, '')} (needs >= ${need})`)
    : failed('node', `v${version.replace(/^v/, '')} is too old: seedance needs Node.js >= ${need}`);
}

/** `writeProblem`: why the config dir cannot be written (config/writable.ts); `config set` and `auth login` fail. */
export function checkConfig(facts: ConfigFacts, platform: NodeJS.Platform, writeProblem?: string): Check {
  const posix = platform !== 'win32';
  if (writeProblem !== undefined && !facts.error) {
    return failed('config', `cannot write ${facts.path}: ${writeProblem}; ${DIR_HINT}`);
  }
  const looseDir = posix && facts.dirMode !== undefined && (facts.dirMode & 0o077) !== 0;
  if (!facts.exists) {
    if (looseDir) return failed('config', dirProblem(facts));
    return ok('config', `no config file at ${facts.path} (optional: flags and environment suffice)`);
  }
  if (facts.error) return failed('config', facts.error);
  if (posix && facts.fileMode !== undefined && (facts.fileMode & 0o077) !== 0) {
    return failed(
      'config',
      `${facts.path} is readable by others (mode ${octal(facts.fileMode)}); run: chmod 600 ${facts.path}`,
    );
  }
  if (looseDir) return failed('config', dirProblem(facts));
  if (facts.invalid.length > 0) {
    return failed('config', `${facts.path}: ${facts.invalid.join('; ')} (fix with seedance config set <key> <value>)`);
  }
  const modes = posix ? `, mode ${octal(facts.fileMode ?? 0)}, directory ${octal(facts.dirMode ?? 0)}` : '';
  const summary = `${facts.path} (${facts.keys} ${facts.keys === 1 ? 'key' : 'keys'}${modes})`;
  if (facts.unknown.length > 0) return warning('config', `${summary}; unknown keys: ${facts.unknown.join(', ')}`);
  return ok('config', summary);
}

function dirProblem(facts: ConfigFacts): string {
  const dir = facts.path.replace(/[/\\][^/\\]*$/, '');
  return `${dir} is open to others (mode ${octal(facts.dirMode ?? 0)}); run: chmod 700 ${dir}`;
}

function octal(mode: number): string {
  return mode.toString(8).padStart(3, '0');
}

/** The journal: a create is refused (nothing sent) when it cannot be written. */
export function checkHistory(path: string, problem: string | undefined): Check {
  if (problem === undefined) return ok('history', path);
  return failed('history', `cannot write ${path}: ${problem}; creates are refused until it can be; ${DIR_HINT}`);
}

export function checkKey(apiKey: string | undefined, source: string | undefined, envHint: string): Check {
  if (!apiKey) return failed('key', `no API key: run \`seedance auth login\`, or set ${envHint}`, EXIT.AUTH);
  return ok('key', `${redactKey(apiKey)} from ${source ?? 'unknown source'}`);
}

/** Which proxy variables are set, and whether the API's base URL goes through one. */
export function checkProxy(env: Record<string, string | undefined>, baseUrl: string | undefined): Check {
  let config: ProxyConfig | undefined;
  try {
    config = proxyConfig(env);
  } catch (error) {
    return failed('proxy', (error as Error).message);
  }
  if (!config) return ok('proxy', 'no HTTP_PROXY / HTTPS_PROXY: direct connections');
  const set: string[] = [];
  if (config.names.httpsProxy) set.push(`${config.names.httpsProxy}=${redactProxyUrl(config.httpsProxy ?? '')}`);
  if (config.names.httpProxy) set.push(`${config.names.httpProxy}=${redactProxyUrl(config.httpProxy ?? '')}`);
  if (config.names.noProxy) set.push(`${config.names.noProxy}=${config.noProxy}`);
  if (!baseUrl) return ok('proxy', set.join(' '));
  const via = proxyFor(baseUrl, config);
  const route = via ? `the API goes through ${redactProxyUrl(via)}` : 'the API connects directly';
  return ok('proxy', `${set.join(' ')}; ${route}`);
}

/** Compares the server's Date header with the local clock at the moment the answer arrived. */
export function checkClock(serverDate: string | undefined, localMs: number): Check {
  if (!serverDate) return skipped('clock', 'the server sent no Date header (or did not answer)');
  const serverMs = Date.parse(serverDate);
  if (Number.isNaN(serverMs)) return skipped('clock', `unreadable Date header: ${serverDate.slice(0, 60)}`);
  const skew = localMs - serverMs;
  const seconds = Math.round(Math.abs(skew) / 1000);
  // The Date header has a resolution of one second.
  if (Math.abs(skew) <= MAX_CLOCK_SKEW_MS) return ok('clock', `within ${Math.max(1, seconds)} s of the server`);
  const side = skew > 0 ? 'ahead of' : 'behind';
  return warning('clock', `the local clock is ${seconds} s ${side} the server: times shown may be off (sync it: NTP)`);
}

/** The exit code of a run: 0, or the first specific code (3, 6, 9 …) among the failures, else 2. */
export function doctorExitCode(checks: readonly Check[]): ExitCode {
  const failures = checks.filter((check) => check.status === 'failed');
  if (failures.length === 0) return EXIT.OK;
  return (
    failures.find((check) => check.exitCode !== undefined && check.exitCode !== EXIT.USAGE)?.exitCode ?? EXIT.USAGE
  );
}
