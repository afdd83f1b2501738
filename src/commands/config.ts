import { CONFIG_KEYS, isSecretKey, parseConfigValue } from '../config/keys.js';
import { configPath, readConfigFile, setConfigValue, unsetConfigValue } from '../config/store.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { redactKey } from '../output/sanitize.js';

export async function config(
  action: string,
  key: string | undefined,
  value: string | undefined,
  ctx: Context,
): Promise<number> {
  const dir = ctx.configDir;
  switch (action) {
    case 'path':
      if (ctx.out.mode.json) ctx.out.json({ path: configPath(dir) });
      else ctx.out.result(configPath(dir));
      return 0;

    case 'list': {
      const values = redacted(readConfigFile(dir).values);
      if (ctx.out.mode.json) ctx.out.json(values);
      else for (const [k, v] of Object.entries(values)) ctx.out.result(`${k} = ${v}`);
      if (!ctx.out.mode.json && Object.keys(values).length === 0) ctx.out.info(`no settings in ${configPath(dir)}`);
      ctx.out.info(`keys: ${Object.keys(CONFIG_KEYS).join(', ')}`);
      return 0;
    }
    case 'get': {
      const name = required(key, 'config get <key>');
      const values = redacted(readConfigFile(dir).values);
      if (!(name in values)) {
        if (!(name in CONFIG_KEYS)) throw unknownKey(name);
        ctx.out.info(`${name} is not set`);
        if (ctx.out.mode.json) ctx.out.json({ [name]: null });
        return 0;
      }
      if (ctx.out.mode.json) ctx.out.json({ [name]: values[name] });
      else ctx.out.result(String(values[name]));
      return 0;
    }
    case 'set': {
      const name = required(key, 'config set <key> <value>');
      const text = required(value, 'config set <key> <value>');
      if (!(name in CONFIG_KEYS)) throw unknownKey(name);
      let parsed: ReturnType<typeof parseConfigValue>;
      try {
        parsed = parseConfigValue(name, text);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      if (isSecretKey(name)) ctx.out.addSecret(String(parsed));
      const path = await setConfigValue(dir, name, parsed, ctx.homeDir);
      ctx.out.info(`${name} set in ${path}`);
      if (ctx.out.mode.json)
        ctx.out.json({ key: name, value: isSecretKey(name) ? redactKey(String(parsed)) : parsed, path });

      return 0;
    }
    case 'unset': {
      const name = required(key, 'config unset <key>');
      const removed = await unsetConfigValue(dir, name, ctx.homeDir);
      ctx.out.info(removed ? `${name} removed` : `${name} was not set`);
      if (ctx.out.mode.json) ctx.out.json({ key: name, removed });

      return 0;
    }
    default:
      throw new UsageError(`unknown config action "${action}" (list, get, set, unset, path)`);
  }
}

function redacted(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, isSecretKey(k) ? redactKey(String(v)) : v]));
}

function required(value: string | undefined, usage: string): string {
  if (value === undefined || value === '') throw new UsageError(`usage: seedance ${usage}`);
  return value;
}

function unknownKey(name: string): UsageError {
  return new UsageError(`unknown config key "${name}"`, { hint: `known keys: ${Object.keys(CONFIG_KEYS).join(', ')}` });
}
