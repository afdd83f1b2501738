import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelRows } from '../../src/core/models/rows.js';
import type { Sandbox } from '../../src/sandbox/server.js';
import { errorOf, type McpSession, startMcp } from '../helpers/mcp.js';
import { tempDir } from '../helpers/run-cli.js';
import { KEY, startTestSandbox } from '../helpers/sandbox.js';

// The tools besides create → wait → download (mcp.test.ts), on two servers: one set up by the environment (gateway),
// one by the global flags alone (`seedance --api-key … --base-url … --provider ark mcp`, no key or URL in its env).
let sandbox: Sandbox;
let gateway: McpSession;
let ark: McpSession;
let arkConfig: string;

beforeAll(async () => {
  sandbox = await startTestSandbox({ renderMs: 60_000, videoBytes: 64 * 1024 });
  const cwd = tempDir('seedance-mcp-tools-');
  arkConfig = tempDir('seedance-mcp-ark-config-');
  [gateway, ark] = await Promise.all([
    startMcp({
      cwd,
      env: { SEEDANCE_BASE_URL: sandbox.url, SEEDANCE_API_KEY: KEY, SEEDANCE_CONFIG_DIR: tempDir() },
    }),
    startMcp({
      globalArgs: ['--api-key', KEY, '--base-url', `${sandbox.url}/api/v3`, '--provider', 'ark'],
      cwd,
      env: { SEEDANCE_CONFIG_DIR: arkConfig },
    }),
  ]);
}, 30_000);

afterAll(async () => {
  await Promise.all([gateway?.close(), ark?.close()]);
  await sandbox?.close();
});

const idOf = (result: CallToolResult) => (result.structuredContent as { task: { id: string } }).task.id;

describe('seedance mcp tools', () => {
  it('estimate_cost prices a request locally: tokens and list price, nothing sent', async () => {
    const received = sandbox.stats.received;
    const priced = await gateway.call('estimate_cost', {
      prompt: 'a fox',
      duration: 5,
      resolution: '720p',
      ratio: '16:9',
    });
    expect(priced.structuredContent).toMatchObject({ estimate: { tokens: 108_900 } });
    expect((priced.content[0] as { text: string }).text).toContain('108900 tokens');
    expect(errorOf(await gateway.call('estimate_cost', { prompt: 'a fox', resolution: '8k' }))).toMatchObject({
      exit_code: 2,
    });
    expect(sandbox.stats.received).toBe(received);
  });

  it('create_video takes every parameter of the table, refuses a bad value and an unknown argument, sends nothing then', async () => {
    const created = await gateway.call('create_video', {
      prompt: 'every parameter',
      watermark: true,
      return_last_frame: true,
      priority: 3,
      seed: 42,
      duration: 5,
      expires_after: '2h',
      safety_id: 'user-7',
    });
    expect(created.isError).toBeFalsy();
    expect(sandbox.stats.createBodies.at(-1)).toMatchObject({
      watermark: true,
      return_last_frame: true,
      priority: 3,
      seed: 42,
      duration: 5,
      execution_expires_after: 7200,
      safety_identifier: 'user-7',
    });
    const creates = sandbox.stats.creates;
    const refused = await gateway.call('create_video', { prompt: 'a fox', priority: 12 });
    expect(errorOf(refused)).toMatchObject({ code: 'usage', exit_code: 2 });
    expect(errorOf(refused).message).toMatch(/^priority: .*0 and 9/);
    // A misspelt argument is not dropped (a paid task without what was asked): the SDK refuses the call.
    const unknown = (await gateway.client.callTool({
      name: 'create_video',
      arguments: { prompt: 'a fox', watermrk: true },
    })) as CallToolResult;
    expect(unknown.isError).toBe(true);
    expect(JSON.stringify(unknown.content)).toMatch(/Input validation error.*watermrk/);
    expect(sandbox.stats.creates).toBe(creates);
  });

  it('a server that quotes the key back in its error: the tool result carries it redacted', async () => {
    const echo = createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `invalid token ${KEY} (request id: abc)`, type: 'new_api_error' } }));
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    const session = await startMcp({
      cwd: tempDir(),
      env: { SEEDANCE_BASE_URL: url, SEEDANCE_API_KEY: KEY, SEEDANCE_CONFIG_DIR: tempDir() },
    });
    try {
      const refused = errorOf(await session.call('get_task', { id: 'cgt-20260101000000-abcde' }));
      expect(refused).toMatchObject({ exit_code: 3 });
      expect(refused.message).toContain('invalid token [REDACTED]');
      expect(JSON.stringify(session.traffic)).not.toContain(KEY);
    } finally {
      await session.close();
      echo.close();
    }
  });

  it("list_models gives the catalogue rows of the server's provider", async () => {
    for (const [session, provider] of [
      [gateway, 'gateway'],
      [ark, 'ark'],
    ] as const) {
      const listed = await session.call('list_models');
      expect((listed.structuredContent as { models: unknown[] }).models).toEqual(modelRows([provider]));
    }
  });

  it('the global flags set the key, the base URL and the provider: requests go to the Ark paths with the key', async () => {
    const before = sandbox.stats.requests.length;
    const created = await ark.call('create_video', { prompt: 'a fox by flag' });
    expect(created.isError).toBeFalsy();
    const sent = sandbox.stats.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) expect(request).toMatchObject({ authorization: true });
    expect(sent.every((request) => request.path.startsWith('/api/v3/'))).toBe(true);
    expect(ark.stderr()).not.toContain(KEY);
  });

  it('list_tasks: the local journal (newest first, limit), and the provider list with remote', async () => {
    const ids = [];
    for (const prompt of ['list one', 'list two']) ids.push(idOf(await ark.call('create_video', { prompt })));
    const local = (await ark.call('list_tasks', { limit: 1 })).structuredContent as { tasks: Array<{ id: string }> };
    expect(local.tasks.map((t) => t.id)).toEqual([ids[1]]);

    const before = sandbox.stats.requests.length;
    const remote = (await ark.call('list_tasks', { remote: true })).structuredContent as {
      tasks: Array<{ id: string; status: string }>;
    };
    expect(remote.tasks.map((t) => t.id)).toEqual(expect.arrayContaining(ids));
    expect(sandbox.stats.requests.slice(before).some((r) => r.path === '/api/v3/contents/generations/tasks')).toBe(
      true,
    );
    // The gateway has no list route: a usage error naming the way that works.
    expect(errorOf(await gateway.call('list_tasks', { remote: true }))).toMatchObject({
      code: 'unsupported',
      exit_code: 2,
    });
  });

  it('cancel_task cancels a queued task as `seedance cancel --yes` does, says when it deleted a finished one; a running one and the gateway are refused (exit 2)', async () => {
    const queued = idOf(await ark.call('create_video', { prompt: 'cancel me' }));
    const cancelled = await ark.call('cancel_task', { id: queued });
    expect(cancelled.structuredContent).toEqual({ id: queued, action: 'cancelled', cancelled: true });
    expect((await ark.call('get_task', { id: queued })).structuredContent).toMatchObject({
      task: { status: 'cancelled' },
    });
    // Journaled, as `seedance cancel` does; a second cancel holds (like rm -f) and sends no DELETE.
    const journal = (await ark.call('list_tasks', {})).structuredContent as { tasks: Array<{ id: string }> };
    expect(journal.tasks.find((t) => t.id === queued)).toMatchObject({ status: 'cancelled' });
    const deletes = sandbox.stats.requests.filter((r) => r.method === 'DELETE').length;
    expect((await ark.call('cancel_task', { id: queued })).isError).toBeFalsy();
    expect(sandbox.stats.requests.filter((r) => r.method === 'DELETE').length).toBe(deletes);

    // A finished task's record is deleted, not cancelled: the result says so.
    const finished = idOf(await ark.call('create_video', { prompt: 'already done' }));
    sandbox.setTaskState(finished, 'succeeded');
    const deleted = await ark.call('cancel_task', { id: finished });
    expect(deleted.structuredContent).toEqual({ id: finished, action: 'deleted', cancelled: false });

    const running = idOf(await ark.call('create_video', { prompt: 'too late' }));
    sandbox.setTaskState(running, 'running');
    const refused = errorOf(await ark.call('cancel_task', { id: running }));
    // The CLI's line and hint (`seedance cancel`).
    expect(refused).toMatchObject({
      exit_code: 2,
      hint: 'only a queued task can be cancelled; a running one finishes on its own',
    });
    expect(refused.message).toMatch(new RegExp(`^task ${running} \\(running\\) cannot be cancelled: `));

    const id = idOf(await gateway.call('create_video', { prompt: 'no cancel route' }));
    expect(errorOf(await gateway.call('cancel_task', { id }))).toMatchObject({ code: 'unsupported', exit_code: 2 });
  });
});
