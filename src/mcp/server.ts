import { fileURLToPath, pathToFileURL } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { ProviderName } from '../core/parse.js';
import type { SeedanceOptions } from '../lib/types.js';
import { VERSION } from '../version.js';
import { registerTools } from './tools.js';

export interface ServeOptions {
  /** The library's options: the environment and the global flags (--api-key, --base-url, --provider, …). */
  client: SeedanceOptions;
  provider: ProviderName;
  /** Strings no result may contain (the key, wherever it came from). */
  secrets: string[];
  cwd: string;
  outputDir: string;
  allowDirs: string[];
  log: (line: string) => void;
}

/** Serves until the client closes stdin. stdout carries only protocol messages. */
export async function serveStdio(options: ServeOptions): Promise<void> {
  const server = new McpServer(
    { name: 'seedance', version: VERSION },
    {
      instructions:
        'Generate videos with ByteDance Seedance. create_video starts a paid task and returns at once; ' +
        'call wait_for_task until done is true (each call waits at most 55 s), then download_video. ' +
        'estimate_cost prices a request without spending anything.',
    },
  );
  let roots: string[] | undefined;
  server.server.setNotificationHandler(
    (await import('@modelcontextprotocol/sdk/types.js')).RootsListChangedNotificationSchema,
    async () => {
      roots = undefined;
    },
  );
  const readable = async (): Promise<string[]> => {
    if (!roots) {
      roots = [options.cwd];
      if (server.server.getClientCapabilities()?.roots) {
        try {
          const listed = (await server.server.listRoots()).roots
            .filter((root) => root.uri.startsWith('file://'))
            .map((root) => fileURLToPath(root.uri));
          if (listed.length) roots = listed;
        } catch (error) {
          options.log(`roots/list failed (${(error as Error).message}); reading from ${options.cwd}`);
        }
      }
    }
    return [...roots, ...options.allowDirs];
  };
  const { Seedance } = await import('../lib/client.js');
  registerTools(server, {
    seedance: new Seedance(options.client),
    provider: options.provider,
    cwd: options.cwd,
    outputDir: options.outputDir,
    readable,
    secrets: options.secrets,
    fileUrl: (path) => pathToFileURL(path).href,
    log: options.log,
  });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  await server.connect(transport);
  options.log(`seedance ${VERSION} MCP server on stdio; downloads go to ${options.outputDir}`);
  await closed;
  await server.close();
}
