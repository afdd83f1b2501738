import { join } from 'node:path';
import { plainHttpWarning } from '../api/plain-http.js';
import { proxyConfig, proxyFor, redactProxyUrl } from '../api/proxy.js';
import { inspectConfig } from '../config/inspect.js';
import { dataDir } from '../config/paths.js';
import { resolveSettings, type Settings } from '../config/settings.js';
import { dirProblem, fileProblem } from '../config/writable.js';
import type { Context } from '../context.js';
import {
  type Check,
  checkClock,
  checkConfig,
  checkHistory,
  checkKey,
  checkNode,
  checkProxy,
  doctorExitCode,
} from '../core/doctor-checks.js';
import { AuthError, CliError, NotFoundError, QuotaError, UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { formatChecks } from '../output/doctor-report.js';
import { oneLine } from '../output/sanitize.js';

/** An id no task has: the answer tells whether the API is there and takes the key, without creating anything. */
const PROBE_TASK_ID = 'cgt-seedance-doctor-probe';

const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|EPROTO$)/;

export async function doctor(ctx: Context): Promise<number> {
  const checks: Check[] = [checkNode(process.versions.node), ...checkDirs(ctx)];
  const settings = readSettings(ctx);
  if (settings instanceof Error) {
    checks.push({ name: 'key', status: 'failed', detail: settings.message, exitCode: EXIT.USAGE });
  } else {
    const envHint = settings.provider.name === 'gateway' ? 'SEEDANCE_API_KEY' : 'SEEDANCE_API_KEY or ARK_API_KEY';
    checks.push(checkKey(settings.apiKey, settings.apiKeySource, envHint));
  }
  const baseUrl = settings instanceof Error ? undefined : settings.baseUrl;
  checks.push(checkProxy(ctx.io.env, baseUrl));
  const probe = await probeApi(ctx, settings);
  checks.push(probe.check, checkClock(probe.serverDate, probe.at));

  if (ctx.out.mode.json) {
    ctx.out.json({
      ok: checks.every((check) => check.status !== 'failed'),
      checks: checks.map(({ name, status, detail }) => ({
        name,
        ok: status === 'ok' || status === 'warning',
        status,
        detail,
      })),
    });
  } else {
    ctx.out.result(formatChecks(checks, ctx.out.paint));
  }
  const failed = checks.filter((check) => check.status === 'failed').map((check) => check.name);
  if (failed.length === 0) return EXIT.OK;
  // Like every failing command: an error on stderr (JSON with --json) besides the report on stdout.
  throw new CliError(
    doctorExitCode(checks),
    `${failed.length} ${failed.length === 1 ? 'check' : 'checks'} failed: ${failed.join(', ')}`,
    {
      code: 'doctor_failed',
    },
  );
}

/** The config file and the journal: readable, valid, private, and writable where seedance writes. */
function checkDirs(ctx: Context): Check[] {
  let configDir: string;
  let historyPath: string;
  try {
    configDir = ctx.configDir;
    historyPath = join(dataDir(ctx.io.env), 'history.jsonl');
  } catch (error) {
    const detail = `${(error as CliError).message}; ${(error as CliError).hint ?? ''}`;
    return [
      { name: 'config', status: 'failed', detail, exitCode: EXIT.USAGE },
      { name: 'history', status: 'failed', detail, exitCode: EXIT.USAGE },
    ];
  }
  const home = ctx.homeDir;
  return [
    checkConfig(inspectConfig(configDir), process.platform, dirProblem(configDir, home)),
    checkHistory(historyPath, fileProblem(historyPath, home)),
  ];
}

/** The settings as every command resolves them; a broken config file still lets flags and environment be checked. */
function readSettings(ctx: Context): Settings | Error {
  try {
    return ctx.settings();
  } catch {
    try {
      return resolveSettings(ctx.flags, ctx.io.env, {});
    } catch (error) {
      return error as Error;
    }
  }
}

interface Probe {
  check: Check;
  serverDate?: string;
  /** Local time when the answer arrived. */
  at: number;
}

/** One GET of a task that does not exist: a not-found answer means the API is there and accepted the key. */
async function probeApi(ctx: Context, settings: Settings | Error): Promise<Probe> {
  const skipped = (detail: string): Probe => ({ check: { name: 'api', status: 'skipped', detail }, at: ctx.io.now() });
  if (settings instanceof Error) return skipped('not checked: the settings above are broken');
  if (!settings.apiKey) return skipped(`not checked without an API key (${settings.baseUrl})`);
  const base = settings.baseUrl;
  const started = ctx.io.now();
  const elapsed = () => `${ctx.io.now() - started} ms`;
  const reached = (status: number | undefined) => {
    const transport = base.startsWith('https:') ? 'TLS ok' : 'plain http';
    return `${base} answered${status ? ` HTTP ${status}` : ''} in ${elapsed()} (${transport}), key accepted`;
  };
  const plain = plainHttpWarning(base);
  let api: ReturnType<Context['api']>;
  try {
    api = ctx.api();
  } catch (error) {
    return skipped(`not checked: ${(error as Error).message}`);
  }
  try {
    const { response } = await api.get(PROBE_TASK_ID);
    return answered(response.headers.get('date') ?? undefined, reached(response.status), plain);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    const at = ctx.io.now();
    if (error instanceof NotFoundError || (error instanceof UsageError && error.status !== undefined)) {
      return answered(error.serverDate, reached(error.status), plain);
    }
    const fail = (detail: string, exitCode = error.exitCode): Probe => ({
      check: { name: 'api', status: 'failed', detail, exitCode },
      serverDate: error.serverDate,
      at,
    });
    if (error instanceof AuthError) return fail(`${base} refused the key: ${error.message}`);
    if (error instanceof QuotaError) return fail(`${base} accepted the key, but: ${error.message}`);
    if (error.status !== undefined) {
      return fail(`${base} answered, but: ${error.message}${error.hint ? ` (${error.hint})` : ''}`);
    }
    const code = systemCodeOf(error);
    const proxy = proxyOf(ctx, base);
    const through = proxy ? ` through the proxy ${redactProxyUrl(proxy)}` : '';
    if (code && TLS_CODES.test(code)) {
      return fail(
        `TLS with ${base}${through} failed: ${code} (behind a TLS-inspecting proxy? point NODE_EXTRA_CA_CERTS at its CA file)`,
      );
    }
    return fail(
      `cannot reach ${base}${through}: ${oneLine(error.message, 300)}${error.hint ? ` (${error.hint})` : ''}`,
    );
  }

  function answered(serverDate: string | undefined, detail: string, plainHttp: string | undefined): Probe {
    const check: Check = plainHttp
      ? { name: 'api', status: 'warning', detail: `${detail}; ${plainHttp}` }
      : { name: 'api', status: 'ok', detail };
    return { check, serverDate, at: ctx.io.now() };
  }
}

function proxyOf(ctx: Context, baseUrl: string): string | undefined {
  try {
    const config = proxyConfig(ctx.io.env);
    return config && proxyFor(baseUrl, config);
  } catch {
    return undefined;
  }
}

function systemCodeOf(error: CliError): string | undefined {
  if (error.code && error.code !== 'network_error') return error.code;
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 5 && cause && typeof cause === 'object'; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}
