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
  await serveStdio({
    env: ctx.io.env,
    cwd,
    outputDir: resolve(cwd, options.outputDir ?? ctx.settings().outputDir ?? 'seedance-output'),
    allowDirs: (options.allowDir ?? []).map((dir) => resolve(cwd, dir)),
    log: (line) => ctx.out.info(line),
  });
  return 0;
}
