import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { type CallToolResult, ListRootsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { Ajv } from 'ajv';
import { expect } from 'vitest';
import { auditRun } from './audit.js';
import { BIN } from './spawn-cli.js';

export interface McpServe {
  /** Arguments before `mcp` (global flags) and after it. */
  globalArgs?: string[];
  args?: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** Folders the client offers as roots (the client then declares the roots capability). */
  roots?: string[];
}

export interface McpSession {
  client: Client;
  tools: Tool[];
  /** Every JSON-RPC message both ways, in order. */
  traffic: unknown[];
  stderr(): string;
  /** Resolves when the server's stderr has matched: synchronise on its log lines, never on sleeps. */
  stderrMatches(pattern: RegExp): Promise<void>;
  /** Calls a tool; its structured content must validate against the tool's listed output schema (JSON Schema). */
  call(name: string, args?: Record<string, unknown>, options?: RequestOptions): Promise<CallToolResult>;
  /** Closes the client (the server exits) and hands its traffic, stderr and journal to the suite's key audit. */
  close(): Promise<void>;
}

/** `seedance mcp` as an agent meets it: the official SDK client over stdio, spawning the built CLI (BIN). */
export async function startMcp(options: McpServe): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, ...(options.globalArgs ?? []), 'mcp', ...(options.args ?? [])],
    cwd: options.cwd,
    env: Object.fromEntries(
      Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...options.env }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    ),
    stderr: 'pipe',
  });
  let stderr = '';
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(stderr)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const traffic: unknown[] = [];
  const client = new Client(
    { name: 'seedance-test', version: '1.0.0' },
    options.roots ? { capabilities: { roots: {} } } : {},
  );
  const { roots } = options;
  if (roots) {
    client.setRequestHandler(ListRootsRequestSchema, () => ({
      roots: roots.map((dir) => ({ uri: pathToFileURL(dir).href, name: dir })),
    }));
  }
  const send = transport.send.bind(transport);
  transport.send = (message) => {
    traffic.push(message);
    return send(message);
  };
  await client.connect(transport);
  const onmessage = transport.onmessage;
  transport.onmessage = (message) => {
    traffic.push(message);
    onmessage?.(message);
  };
  const tools = (await client.listTools()).tools;
  const ajv = new Ajv({ strict: false });
  let closed = false;
  return {
    client,
    tools,
    traffic,
    stderr: () => stderr,
    stderrMatches(pattern) {
      return new Promise((resolve) => {
        waiters.push({ pattern, resolve });
        if (pattern.test(stderr)) resolve();
      });
    },
    async call(name, args = {}, requestOptions) {
      const result = (await client.callTool({ name, arguments: args }, undefined, requestOptions)) as CallToolResult;
      const tool = tools.find((t) => t.name === name);
      // The SDK client validates too; this also fails a result that carries no structured content.
      expect(result.structuredContent, `${name} returned no structured content`).toBeDefined();
      const validate = ajv.compile(tool?.outputSchema ?? {});
      expect(validate(result.structuredContent), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
      return result;
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
      auditRun(traffic.map((message) => JSON.stringify(message)).join('\n'), stderr, options.env.SEEDANCE_CONFIG_DIR);
    },
  };
}

/** The CLI's `--json` error an isError result carries. */
export function errorOf(result: CallToolResult): { code: string; exit_code: number; message: string; hint?: string } {
  expect(result.isError).toBe(true);
  return (result.structuredContent as { error: { code: string; exit_code: number; message: string } }).error;
}
