import { resolve } from 'node:path';
import type { Context } from '../context.js';

export interface McpOptions {
  outputDir?: string;
  allowDir?: string[];
}

/** `mcp`: the MCP server over stdin/stdout until the client closes it. The SDK loads only here. */
export async function mcp(options: McpOptions, ctx: Context): Promise<number> {
  const { serveStdio } = await import('../mcp/server.js');
  const cwd = ctx.io.cwd;
  const { env } = ctx.io;
  // Read now: a bad setting fails the start (exit 2) rather than every tool call.
  const settings = ctx.settings();
  const { apiKey, baseUrl, provider, requestTimeout } = ctx.flags;
  await serveStdio({
    client: { env, apiKey, baseUrl, provider, requestTimeout },
    provider: settings.provider.name,
    secrets: [settings.apiKey, env.SEEDANCE_API_KEY, env.ARK_API_KEY].filter((key): key is string => !!key),
    cwd,
    outputDir: resolve(cwd, options.outputDir ?? settings.outputDir ?? 'seedance-output'),
    allowDirs: (options.allowDir ?? []).map((dir) => resolve(cwd, dir)),
    log: (line) => ctx.out.info(line),
  });
  return 0;
}
