import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { type CallToolResult, ListRootsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { auditRun } from '../helpers/audit.js';
import { png } from '../helpers/images.js';
import { tempDir } from '../helpers/run-cli.js';
import { KEY, startTestSandbox } from '../helpers/sandbox.js';
import { BIN } from '../helpers/spawn-cli.js';

// `seedance mcp` as an agent meets it: the official SDK client over stdio, spawning the built CLI.
let sandbox: Sandbox;
let client: Client;
let tools: Tool[];
let cwd: string;
let configDir: string;
let outputDir: string;
let stderr = '';
const traffic: unknown[] = [];
const stderrWaiters: Array<{ pattern: RegExp; resolve: () => void }> = [];

/** Spawns `seedance mcp` and connects the SDK client; every message it sends joins `traffic` for the key audit. */
async function serve(
  env: Record<string, string> = {},
  roots?: string[],
): Promise<{ client: Client; transport: StdioClientTransport }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', '--output-dir', outputDir],
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      SEEDANCE_BASE_URL: sandbox.url,
      SEEDANCE_API_KEY: KEY,
      SEEDANCE_CONFIG_DIR: configDir,
      ...env,
    },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const waiter of [...stderrWaiters]) {
      if (waiter.pattern.test(stderr)) {
        stderrWaiters.splice(stderrWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const client = new Client({ name: 'seedance-test', version: '1.0.0' }, roots ? { capabilities: { roots: {} } } : {});
  if (roots) {
    client.setRequestHandler(ListRootsRequestSchema, () => ({
      roots: roots.map((dir) => ({ uri: pathToFileURL(dir).href, name: dir })),
    }));
  }
  await client.connect(transport);
  const onmessage = transport.onmessage;
  transport.onmessage = (message) => {
    traffic.push(message);
    onmessage?.(message);
  };
  return { client, transport };
}

beforeAll(async () => {
  sandbox = await startTestSandbox({ renderMs: 300, videoBytes: 64 * 1024 });
  cwd = tempDir('seedance-mcp-cwd-');
  configDir = tempDir('seedance-mcp-config-');
  outputDir = join(cwd, 'videos');
  ({ client } = await serve());
  tools = (await client.listTools()).tools;
}, 30_000);

afterAll(async () => {
  await client?.close();
  auditRun(traffic.map((m) => JSON.stringify(m)).join('\n'), stderr, configDir);
  await sandbox?.close();
});

function stderrMatches(pattern: RegExp): Promise<void> {
  return new Promise((resolve) => {
    stderrWaiters.push({ pattern, resolve });
    if (pattern.test(stderr)) resolve();
  });
}

/** Calls a tool and checks its structured content against the tool's output schema (the client checks too). */
async function call(name: string, args: Record<string, unknown>, options = {}): Promise<CallToolResult> {
  const result = (await client.callTool({ name, arguments: args }, undefined, options)) as CallToolResult;
  const tool = tools.find((t) => t.name === name);
  if (result.structuredContent) {
    const validate = new Ajv({ strict: false }).compile(tool?.outputSchema ?? {});
    expect(validate(result.structuredContent), JSON.stringify(validate.errors)).toBe(true);
  }
  return result;
}

describe('seedance mcp', () => {
  it('lists the tools, each with input and output schemas and annotations', () => {
    expect(tools.map((t) => t.name).sort()).toEqual([
      'cancel_task',
      'create_video',
      'download_video',
      'estimate_cost',
      'get_task',
      'list_models',
      'list_tasks',
      'wait_for_task',
    ]);
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.description?.length).toBeGreaterThan(40);
      expect(typeof tool.annotations?.readOnlyHint).toBe('boolean');
      expect(typeof tool.annotations?.destructiveHint).toBe('boolean');
    }
    const byName = Object.fromEntries(tools.map((t) => [t.name, t.annotations]));
    expect(byName.get_task?.readOnlyHint).toBe(true);
    expect(byName.cancel_task?.destructiveHint).toBe(true);
    expect(byName.create_video?.idempotentHint).toBe(false);
    expect(byName.estimate_cost?.openWorldHint).toBe(false);
  });

  it('create → wait (progress notifications) → download: the file is the sandbox video', async () => {
    const created = await call('create_video', { prompt: 'a heron at dawn', duration: 5 });
    expect(created.isError).toBeFalsy();
    const { task, estimate, next } = created.structuredContent as {
      task: { id: string; status: string };
      estimate: { tokens: number } | null;
      next: string;
    };
    expect(estimate?.tokens).toBeGreaterThan(0);
    expect(next).toContain('wait_for_task');

    const progress: unknown[] = [];
    let done = false;
    for (let calls = 0; !done && calls < 5; calls++) {
      const waited = await call(
        'wait_for_task',
        { id: task.id, timeout_seconds: 10 },
        { onprogress: (p: unknown) => progress.push(p) },
      );
      done = (waited.structuredContent as { done: boolean }).done;
      if (done) expect((waited.structuredContent as { task: { status: string } }).task.status).toBe('succeeded');
    }
    expect(done).toBe(true);
    expect(progress.length).toBeGreaterThan(0);

    // Without a progressToken, no notifications.
    const notified = traffic.filter((m) => (m as { method?: string }).method === 'notifications/progress').length;
    expect(notified).toBeGreaterThan(0);
    await call('wait_for_task', { id: task.id });
    expect(traffic.filter((m) => (m as { method?: string }).method === 'notifications/progress').length).toBe(notified);

    const downloaded = await call('download_video', { id: task.id });
    const saved = downloaded.structuredContent as { path: string; bytes: number; sha256: string };
    expect(saved.path).toBe(join(outputDir, `${task.id}.mp4`));
    expect(saved.sha256).toBe(sandbox.videoDigest(task.id).sha256);
    expect(createHash('sha256').update(readFileSync(saved.path)).digest('hex')).toBe(saved.sha256);
    expect(downloaded.content.some((c) => c.type === 'resource_link' && c.uri.startsWith('file://'))).toBe(true);

    const listed = await call('list_tasks', {});
    expect((listed.structuredContent as { tasks: Array<{ id: string }> }).tasks[0]?.id).toBe(task.id);
  }, 30_000);

  it('refuses a local image outside the allowed folders, reads one inside', async () => {
    const outside = join(tempDir('seedance-mcp-outside-'), 'frame.png');
    writeFileSync(outside, png(1280, 720));
    const refused = await call('create_video', { prompt: 'a fox', first_frame: outside });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('outside the folders this server may read');
    expect(refused._meta?.['seedance/error']).toEqual({ code: 'usage', exit_code: 2 });
    const creates = sandbox.stats.creates;
    writeFileSync(join(cwd, 'frame.png'), png(1280, 720));
    const accepted = await call('create_video', { prompt: 'a fox', first_frame: 'frame.png' });
    expect(accepted.isError).toBeFalsy();
    expect(sandbox.stats.creates).toBe(creates + 1);
  });

  it("with the client's roots, local media come from them, not the working directory", async () => {
    const root = tempDir('seedance-mcp-root-');
    writeFileSync(join(root, 'frame.png'), png(1280, 720));
    writeFileSync(join(cwd, 'frame.png'), png(1280, 720));
    const other = await serve({}, [root]);
    try {
      const args = (first_frame: string) => ({ name: 'create_video', arguments: { prompt: 'a fox', first_frame } });
      const inCwd = (await other.client.callTool(args(join(cwd, 'frame.png')))) as CallToolResult;
      expect(inCwd.isError).toBe(true);
      expect(JSON.stringify(inCwd.content)).toContain(root);
      const inRoot = (await other.client.callTool(args(join(root, 'frame.png')))) as CallToolResult;
      expect(inRoot.isError).toBeFalsy();
    } finally {
      await other.client.close();
    }
  });

  it('an unknown task is an isError result with the not-found code', async () => {
    const result = await call('get_task', { id: 'cgt-20990101000000-nope' });
    expect(result.isError).toBe(true);
    expect(result._meta?.['seedance/error']).toMatchObject({ exit_code: 7 });
  });

  it('a task that failed and a bad key are isError results with their codes; structured content still validates', async () => {
    const created = await call('create_video', { prompt: 'a doomed heron' });
    const { id } = (created.structuredContent as { task: { id: string } }).task;
    sandbox.setTaskState(id, 'failed');
    const failed = await call('wait_for_task', { id });
    expect(failed.isError).toBe(true);
    expect(failed.structuredContent).toMatchObject({ done: true, task: { status: 'failed' } });
    expect(failed._meta?.['seedance/error']).toMatchObject({ exit_code: 4 });

    const other = await serve({ SEEDANCE_API_KEY: 'sk-bad-key' });
    try {
      const refused = (await other.client.callTool({ name: 'get_task', arguments: { id } })) as CallToolResult;
      expect(refused.isError).toBe(true);
      expect(refused._meta?.['seedance/error']).toMatchObject({ exit_code: 3 });
    } finally {
      await other.client.close();
    }
  });

  it('a client cancellation ends a wait within a second', async () => {
    const created = await call('create_video', { prompt: 'a slow heron' });
    const { id } = (created.structuredContent as { task: { id: string } }).task;
    sandbox.setTaskState(id, 'running');
    const controller = new AbortController();
    let first: () => void = () => {};
    const progressed = new Promise<void>((resolve) => {
      first = resolve;
    });
    const waiting = call('wait_for_task', { id }, { signal: controller.signal, onprogress: () => first() });
    await progressed;
    const started = Date.now();
    controller.abort();
    await expect(waiting).rejects.toThrow();
    await stderrMatches(new RegExp(`wait for ${id}: cancelled by the client`));
    expect(Date.now() - started).toBeLessThan(1000);
    // The server still answers at once.
    expect((await call('get_task', { id })).isError).toBeFalsy();
  });

  it('never shows the key', () => {
    expect(JSON.stringify(traffic)).not.toContain(KEY);
    expect(stderr).not.toContain(KEY);
  });
});
