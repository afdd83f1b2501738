import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { png } from '../helpers/images.js';
import { errorOf, type McpSession, startMcp } from '../helpers/mcp.js';
import { tempDir } from '../helpers/run-cli.js';
import { KEY, startTestSandbox } from '../helpers/sandbox.js';

// `seedance mcp` as an agent meets it: the official SDK client over stdio, spawning the built CLI (or, from .ci/e2e-on,
// the installed tarball's) against the sandbox. Every session's traffic joins the suite's key audit at close.
let sandbox: Sandbox;
let mcp: McpSession;
let cwd: string;
let configDir: string;
let outputDir: string;
let allowed: string;
const sessions: McpSession[] = [];

async function serve(env: Record<string, string | undefined> = {}, roots?: string[]): Promise<McpSession> {
  const session = await startMcp({
    args: ['--output-dir', outputDir, '--allow-dir', allowed],
    cwd,
    env: { SEEDANCE_BASE_URL: sandbox.url, SEEDANCE_API_KEY: KEY, SEEDANCE_CONFIG_DIR: configDir, ...env },
    roots,
  });
  sessions.push(session);
  return session;
}

beforeAll(async () => {
  sandbox = await startTestSandbox({ renderMs: 300, videoBytes: 64 * 1024 });
  cwd = tempDir('seedance-mcp-cwd-');
  configDir = tempDir('seedance-mcp-config-');
  allowed = tempDir('seedance-mcp-allowed-');
  outputDir = join(cwd, 'videos');
  mcp = await serve();
}, 30_000);

afterAll(async () => {
  for (const session of sessions) await session.close();
  await sandbox?.close();
});

const taskOf = (result: CallToolResult) => (result.structuredContent as { task: { id: string; status: string } }).task;
const statusPolls = (id: string) => sandbox.stats.requests.filter((r) => r.method === 'GET' && r.path.endsWith(id));

describe('seedance mcp', () => {
  it('lists the tools, each with input and output schemas and annotations; every output admits an error', () => {
    expect(mcp.tools.map((t) => t.name).sort()).toEqual([
      'cancel_task',
      'create_video',
      'download_video',
      'estimate_cost',
      'get_task',
      'list_models',
      'list_tasks',
      'wait_for_task',
    ]);
    for (const tool of mcp.tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.outputSchema?.anyOf).toContainEqual({ required: ['error'] });
      expect(tool.description?.length).toBeGreaterThan(40);
      expect(typeof tool.annotations?.readOnlyHint).toBe('boolean');
      expect(typeof tool.annotations?.destructiveHint).toBe('boolean');
    }
    const byName = Object.fromEntries(mcp.tools.map((t) => [t.name, t.annotations]));
    expect(byName.get_task?.readOnlyHint).toBe(true);
    expect(byName.cancel_task?.destructiveHint).toBe(true);
    expect(byName.create_video?.idempotentHint).toBe(false);
    expect(byName.estimate_cost?.openWorldHint).toBe(false);
  });

  // The three calls that wait on the sandbox's renders run side by side.
  it.concurrent('create → wait (progress notifications) → download: the file is the sandbox video', async () => {
    const created = await mcp.call('create_video', { prompt: 'a heron at dawn', duration: 5 });
    expect(created.isError).toBeFalsy();
    const { task, estimate, next } = created.structuredContent as {
      task: { id: string; status: string };
      estimate: { tokens: number } | null;
      next: string;
    };
    expect(estimate?.tokens).toBeGreaterThan(0);
    expect(next).toContain('wait_for_task');

    // Running until the client has seen a progress notification, so the wait polls at least twice.
    sandbox.setTaskState(task.id, 'running');
    const progress: unknown[] = [];
    const onprogress = (p: unknown) => {
      if (progress.push(p) === 1) sandbox.setTaskState(task.id, 'succeeded');
    };
    let done = false;
    for (let calls = 0; !done && calls < 5; calls++) {
      const waited = await mcp.call('wait_for_task', { id: task.id, timeout_seconds: 10 }, { onprogress });
      done = (waited.structuredContent as { done: boolean }).done;
      if (done) expect(taskOf(waited).status).toBe('succeeded');
    }
    expect(done).toBe(true);
    expect(progress.length).toBeGreaterThan(0);

    // Without a progressToken, no notifications (the tests beside this one send their own, about other tasks).
    const notifications = () =>
      mcp.traffic.filter((m) => {
        const { method, params } = m as { method?: string; params?: { message?: string } };
        return method === 'notifications/progress' && params?.message?.startsWith(`${task.id}:`);
      }).length;
    const notified = notifications();
    expect(notified).toBeGreaterThan(0);
    await mcp.call('wait_for_task', { id: task.id });
    expect(notifications()).toBe(notified);

    const downloaded = await mcp.call('download_video', { id: task.id });
    const saved = downloaded.structuredContent as { path: string; bytes: number; sha256: string };
    expect(saved.path).toBe(join(outputDir, `${task.id}.mp4`));
    expect(saved.sha256).toBe(sandbox.videoDigest(task.id).sha256);
    expect(createHash('sha256').update(readFileSync(saved.path)).digest('hex')).toBe(saved.sha256);
    expect(downloaded.content.some((c) => c.type === 'resource_link' && c.uri.startsWith('file://'))).toBe(true);

    const listed = await mcp.call('list_tasks', {});
    expect((listed.structuredContent as { tasks: Array<{ id: string }> }).tasks.map((t) => t.id)).toContain(task.id);
  }, 30_000);

  it.concurrent('create_video with wait_seconds creates and waits in one call', async () => {
    const created = await mcp.call('create_video', { prompt: 'a heron, waited for', wait_seconds: 10 });
    expect(created.isError).toBeFalsy();
    expect(created.structuredContent).toMatchObject({ done: true, task: { status: 'succeeded' } });
    expect((created.structuredContent as { next: string }).next).toContain('download_video');
  });

  it.concurrent('a client cancellation stops the polling: within a second, and no status request reaches the sandbox after', async () => {
    const ids = [];
    for (const prompt of ['a slow heron', 'a slow fox']) {
      const { id } = taskOf(await mcp.call('create_video', { prompt }));
      sandbox.setTaskState(id, 'running');
      ids.push(id);
    }
    const [cancelled, control] = ids as [string, string];
    const polled = (id: string, count: number) => {
      const abort = new AbortController();
      let seen = 0;
      let reached: () => void = () => {};
      const progressed = new Promise<void>((resolve) => {
        reached = resolve;
      });
      const call = mcp.call(
        'wait_for_task',
        { id },
        { signal: abort.signal, onprogress: () => ++seen === count && reached() },
      );
      return { abort, progressed, call };
    };

    const first = polled(cancelled, 1);
    await first.progressed;
    const started = Date.now();
    first.abort.abort();
    await expect(first.call).rejects.toThrow();
    await mcp.stderrMatches(new RegExp(`wait for ${cancelled}: cancelled by the client`));
    expect(Date.now() - started).toBeLessThan(1000);
    const after = statusPolls(cancelled).length;

    // The same wait on another task, started later, polls twice: by its second poll the cancelled wait's second
    // poll (same schedule, started earlier) would have reached the sandbox.
    const second = polled(control, 2);
    await second.progressed;
    second.abort.abort();
    await expect(second.call).rejects.toThrow();
    expect(statusPolls(control).length).toBeGreaterThanOrEqual(2);
    expect(statusPolls(cancelled).length).toBe(after);
    // The server still answers at once.
    expect((await mcp.call('get_task', { id: cancelled })).isError).toBeFalsy();
  }, 15_000);

  it('reads a local image from cwd or an --allow-dir folder, refuses one elsewhere', async () => {
    const outside = join(tempDir('seedance-mcp-outside-'), 'frame.png');
    writeFileSync(outside, png(1280, 720));
    const creates = sandbox.stats.creates;
    const refused = await mcp.call('create_video', { prompt: 'a fox', first_frame: outside });
    expect(JSON.stringify(refused.content)).toContain('outside the folders this server may read');
    expect(errorOf(refused)).toMatchObject({ code: 'usage', exit_code: 2 });
    expect(errorOf(refused).hint).toContain(allowed);
    expect(sandbox.stats.creates).toBe(creates);

    writeFileSync(join(cwd, 'frame.png'), png(1280, 720));
    writeFileSync(join(allowed, 'frame.png'), png(1280, 720));
    for (const first_frame of ['frame.png', join(allowed, 'frame.png')]) {
      expect((await mcp.call('create_video', { prompt: 'a fox', first_frame })).isError).toBeFalsy();
    }
    expect(sandbox.stats.creates).toBe(creates + 2);
  });

  it("with the client's roots, local media come from them (and --allow-dir), not the working directory", async () => {
    const root = tempDir('seedance-mcp-root-');
    writeFileSync(join(root, 'frame.png'), png(1280, 720));
    writeFileSync(join(cwd, 'frame.png'), png(1280, 720));
    const other = await serve({}, [root]);
    const inCwd = await other.call('create_video', { prompt: 'a fox', first_frame: join(cwd, 'frame.png') });
    expect(errorOf(inCwd).hint).toContain(root);
    expect(
      (await other.call('create_video', { prompt: 'a fox', first_frame: join(root, 'frame.png') })).isError,
    ).toBeFalsy();
    await other.close();
  });

  it('a refused parameter, an unknown task, a failed task: isError results with the CLI message, hint and codes', async () => {
    const creates = sandbox.stats.creates;
    const refused = await mcp.call('create_video', { prompt: 'a fox', resolution: '8k' });
    expect(errorOf(refused)).toMatchObject({ code: 'usage', exit_code: 2 });
    expect((refused.content[0] as { text: string }).text).toMatch(/^error: .*8k/);
    expect(sandbox.stats.creates).toBe(creates);

    // The server's own code, as the CLI's --json error gives it.
    expect(errorOf(await mcp.call('get_task', { id: 'cgt-20990101000000-nope' }))).toMatchObject({ exit_code: 7 });

    const { id } = taskOf(await mcp.call('create_video', { prompt: 'a doomed heron' }));
    sandbox.setTaskState(id, 'failed');
    const failed = await mcp.call('wait_for_task', { id });
    expect(failed.structuredContent).toMatchObject({ done: true, task: { status: 'failed' } });
    expect(errorOf(failed)).toMatchObject({
      code: 'OutputVideoSensitiveContentDetected',
      exit_code: 4,
      hint: 'change the prompt or inputs and create a new task',
    });
    expect((failed.content[0] as { text: string }).text).toMatch(/^error: task .* failed/);
  });

  it('a quota refusal, a wait refused after the create, a bad key: isError results with exit codes 9, 3, 3', async () => {
    sandbox.faults.quotaExhausted = true;
    try {
      const quota = await mcp.call('create_video', { prompt: 'a fox' });
      expect(errorOf(quota)).toMatchObject({ exit_code: 9 });
      expect(errorOf(quota).message).toContain('quota');
    } finally {
      sandbox.faults.quotaExhausted = false;
    }
    // A create that worked, then a wait that failed: the error keeps the task, so the paid task is not lost.
    sandbox.faults.pollStatus = { status: 401, times: 1 };
    const lost = await mcp.call('create_video', { prompt: 'a fox', wait_seconds: 5 });
    expect(errorOf(lost)).toMatchObject({ exit_code: 3 });
    expect(lost.structuredContent).toMatchObject({ done: false, task: { id: expect.stringMatching(/^cgt-/) } });

    const other = await serve({ SEEDANCE_API_KEY: 'sk-bad-key' });
    expect(errorOf(await other.call('get_task', { id: 'cgt-20990101000000-nope' }))).toMatchObject({
      code: expect.any(String),
      exit_code: 3,
    });
    await other.close();
  });

  it('arguments that do not fit the input schema never reach the handler: an isError with the SDK message', async () => {
    const creates = sandbox.stats.creates;
    const wrong = (await mcp.client.callTool({
      name: 'create_video',
      arguments: { prompt: 'a fox', duration: 'five' },
    })) as CallToolResult;
    expect(wrong.isError).toBe(true);
    expect(JSON.stringify(wrong.content)).toContain('Input validation error');
    expect(sandbox.stats.creates).toBe(creates);
    // A tools/call that is itself malformed is a JSON-RPC error, not a result.
    await expect(
      mcp.client.request(
        { method: 'tools/call', params: { name: 'get_task', arguments: 'cgt-1' } } as never,
        (await import('@modelcontextprotocol/sdk/types.js')).CallToolResultSchema,
      ),
    ).rejects.toMatchObject({ code: -32603 }); // the SDK parses the request before any handler
  });

  it('never shows the key', () => {
    for (const session of sessions) {
      expect(JSON.stringify(session.traffic)).not.toContain(KEY);
      expect(session.stderr()).not.toContain(KEY);
    }
  });
});
