import { configPath, setConfigValue, unsetConfigValue } from '../config/store.js';
import type { Context } from '../context.js';
import { AuthError, UsageError } from '../errors.js';
import { promptHidden } from '../output/confirm.js';
import { redactKey } from '../output/sanitize.js';
import { readStdin } from './stdin.js';

export interface AuthOptions {
  withKey?: boolean;
}

export async function auth(action: string, options: AuthOptions, ctx: Context): Promise<number> {
  switch (action) {
    case 'login': {
      const interactive = ctx.io.stdin.isTTY === true && !options.withKey;
      const key = (
        interactive ? await promptHidden(ctx.out, ctx.io.stdin, 'API key: ') : await readStdin(ctx.io.stdin)
      ).trim();
      if (!key)
        throw new UsageError('no key given', {
          hint: 'paste the key at the prompt, or pipe it: echo "$KEY" | seedance auth login --with-key',
        });
      if (/\s/.test(key)) throw new UsageError('the key contains whitespace; paste only the key');
      ctx.out.addSecret(key);
      const path = await setConfigValue(ctx.configDir, 'api-key', key, ctx.homeDir);
      ctx.out.success(`key ${redactKey(key)} saved in ${path}`);
      if (ctx.out.mode.json) ctx.out.json({ key: redactKey(key), path });

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
      if (ctx.out.mode.json) ctx.out.json(info);
      else {
        ctx.out.result(
          info.key
            ? `key ${info.key} from ${info.source} (${info.provider}, ${info.base_url})`
            : 'no API key configured',
        );
      }
      if (!settings.apiKey)
        throw new AuthError('no API key', {
          code: 'no_api_key',
          hint: 'run `seedance auth login` or set SEEDANCE_API_KEY',
        });
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
