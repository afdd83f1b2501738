import { checkConfigWritable, configPath, setConfigValue, unsetConfigValue } from '../config/store.js';
import type { Context } from '../context.js';
import { AuthError, CliError, NotFoundError, QuotaError, UsageError } from '../errors.js';
import { promptHidden } from '../output/confirm.js';
import { redactKey } from '../output/sanitize.js';
import { readStdin } from '../terminal/stdin.js';

export interface AuthOptions {
  withKey?: boolean;
  /** login: true unless --no-verify; status: only with --verify. */
  verify?: boolean;
}

/** A plausible id no task has: "not found" for it means the API accepted the key. */
const PROBE_ID = 'cgt-00000000000000-seedance-auth-check';

export async function auth(action: string, options: AuthOptions, ctx: Context): Promise<number> {
  switch (action) {
    case 'login': {
      const interactive = ctx.out.canAsk() && !options.withKey;
      const key = (
        interactive ? await promptHidden(ctx.out, ctx.io.stdin, 'API key: ') : await readStdin(ctx.io.stdin)
      ).trim();
      if (!key)
        throw new UsageError('no key given', {
          hint: 'paste the key at the prompt, or pipe it: echo "$KEY" | seedance auth login --with-key',
        });
      if (/\s/.test(key)) throw new UsageError('the key contains whitespace; paste only the key');
      ctx.out.addSecret(key);
      checkConfigWritable(ctx.configDir, 'api-key', ctx.homeDir);
      const verified = options.verify !== false;
      if (verified) await verifyKey(ctx, key, 'the key was not saved');
      const path = await setConfigValue(ctx.configDir, 'api-key', key, ctx.homeDir);
      ctx.out.success(`key ${redactKey(key)} ${verified ? 'works; ' : ''}saved in ${path}`);
      if (ctx.out.mode.json) ctx.out.json({ key: redactKey(key), path, verified });

      return 0;
    }
    case 'status': {
      const settings = ctx.settings();
      const info = {
        provider: settings.provider.name,
        base_url: settings.baseUrl,
        key: settings.apiKey ? redactKey(settings.apiKey) : null,
        source: settings.apiKeySource ?? null,
        config: configPath(ctx.configDir),
      };
      if (!settings.apiKey || !options.verify) printStatus(ctx, info);
      if (!settings.apiKey)
        throw new AuthError('no API key', {
          code: 'no_api_key',
          hint: 'run `seedance auth login` or set SEEDANCE_API_KEY',
        });
      if (options.verify) {
        await verifyKey(ctx, undefined, `the key comes from ${info.source}`);
        printStatus(ctx, { ...info, verified: true });
      }
      return 0;
    }
    case 'logout': {
      const removed = await unsetConfigValue(ctx.configDir, 'api-key', ctx.homeDir);
      ctx.out.info(removed ? 'key removed from the config file' : 'no key was stored in the config file');
      if (ctx.out.mode.json) ctx.out.json({ removed });

      if (ctx.io.env.SEEDANCE_API_KEY) ctx.out.warn('SEEDANCE_API_KEY is still set in the environment');
      return 0;
    }
    default:
      throw new UsageError(`unknown auth action "${action}" (login, status, logout)`);
  }
}

function printStatus(ctx: Context, info: Record<string, unknown>): void {
  if (ctx.out.mode.json) {
    ctx.out.json(info);
    return;
  }
  ctx.out.result(
    info.key
      ? `key ${info.key} from ${info.source} (${info.provider}, ${info.base_url})${info.verified ? ': it works' : ''}`
      : 'no API key configured',
  );
}

/**
 * One cheap authenticated request, the status of a task that does not exist: "not found" means the key was
 * accepted (so does "quota exhausted", with a warning), 401/403 that it was refused (exit 3). Anything else (network,
 * a wrong base URL) proves nothing either way: it fails with its own exit code (6 for the network).
 */
async function verifyKey(ctx: Context, key: string | undefined, consequence: string): Promise<void> {
  try {
    await ctx.api(key).get(PROBE_ID);
  } catch (error) {
    if (error instanceof NotFoundError) return;
    if (error instanceof QuotaError) {
      ctx.out.warn(`the key works, but ${error.message}`);
      return;
    }
    if (!(error instanceof CliError)) throw error;
    if (error instanceof AuthError) {
      throw new AuthError(`the API refused the key: ${error.message}`, {
        code: error.code,
        status: error.status,
        requestId: error.requestId,
        hint: `${consequence}; check that it was copied whole, and --provider/--base-url`,
      });
    }
    throw new CliError(error.exitCode, `could not check the key: ${error.message}`, {
      code: error.code,
      status: error.status,
      requestId: error.requestId,
      hint: `${consequence}; ${key ? 'retry, or store it unchecked with --no-verify' : 'retry later'}`,
    });
  }
}
