import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ApiError,
  AuthError,
  InvalidRequestError,
  NetworkError,
  NotFoundError,
  Seedance,
  SeedanceError,
  type SeedanceEvent,
  TaskFailedError,
  TimeoutError,
} from '../../src/index.js';
import type { Sandbox } from '../../src/sandbox/server.js';
import { jpeg, png } from '../helpers/images.js';
import { tempDir } from '../helpers/run-cli.js';
import { KEY, startTestSandbox } from '../helpers/sandbox.js';

let sandbox: Sandbox;
beforeAll(async () => {
  // Renders finish at once, so a wait ends at its first poll: no test sleeps through the 1 s minimum interval
  // except the one that pins a task running to see a second poll.
  sandbox = await startTestSandbox({ renderMs: 0, videoBytes: 64 * 1024 });
});
afterAll(() => sandbox?.close());

/** A client on the sandbox with a config dir of its own: its journal is this test's alone. */
function client(options: ConstructorParameters<typeof Seedance>[0] = {}) {
  const configDir = tempDir();
  const env = { SEEDANCE_BASE_URL: sandbox.url, SEEDANCE_API_KEY: KEY, SEEDANCE_CONFIG_DIR: configDir };
  return { seedance: new Seedance({ env, onWarning: () => {}, ...options }), configDir };
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

it('generate creates, waits and saves a verified video, with the events of --events, and journals it', async () => {
  const { seedance } = client();
  const dir = tempDir();
  const events: SeedanceEvent[] = [];
  const result = await seedance.generate(
    { prompt: 'a fox in the snow', duration: 5 },
    { output: join(dir, 'fox.mp4'), onEvent: (event) => events.push(event) },
  );
  const expected = sandbox.videoDigest(result.task.id);
  expect(result).toMatchObject({ path: join(dir, 'fox.mp4'), bytes: expected.bytes, sha256: expected.sha256 });
  expect(sha256(result.path as string)).toBe(expected.sha256);
  const names = events.map((event) => event.event);
  expect(names[0]).toBe('created');
  expect(names).toContain('succeeded');
  expect(names.slice(-2)).toEqual(['downloading', 'downloaded']);
  expect(events.every((event) => event.id === result.task.id)).toBe(true);
  const [listed] = await seedance.list();
  expect(listed).toMatchObject({ id: result.task.id, status: 'succeeded' });
  expect(listed?.files[0]).toMatchObject({ path: result.path, sha256: expected.sha256 });
});

it('create, wait and download (to a directory and to a stream) give the bytes the sandbox served', async () => {
  const { seedance } = client();
  const task = await seedance.create({ prompt: 'a heron at dawn' });
  expect(task.status).toBe('queued');
  sandbox.setTaskState(task.id, 'running');
  const progress: string[] = [];
  const onProgress = (seen: { status: string }) => {
    progress.push(seen.status);
    // The next poll, a second later (the shortest interval there is), finds it done.
    if (seen.status === 'running') sandbox.setTaskState(task.id, 'succeeded');
  };
  const done = await seedance.wait(task.id, { interval: 1000, onProgress });
  expect(done.status).toBe('succeeded');
  expect(progress).toEqual(['running', 'succeeded']);
  const expected = sandbox.videoDigest(task.id);
  const dir = tempDir();
  const bytes: number[] = [];
  const saved = await seedance.download(task.id, { dir, onProgress: (n) => bytes.push(n) });
  expect(saved).toEqual({ path: join(dir, `${task.id}.mp4`), bytes: expected.bytes, sha256: expected.sha256 });
  expect(bytes.at(-1)).toBe(expected.bytes);
  // Downloading again finds the journaled copy complete: nothing fetched, same answer.
  const fetched = sandbox.stats.storageRequests.length;
  expect(await seedance.download(done, { dir })).toEqual(saved);
  expect(sandbox.stats.storageRequests.slice(fetched)).toEqual([]);
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk, _encoding, next) {
      chunks.push(chunk);
      next();
    },
  });
  const streamed = await seedance.download(done, { stream: sink });
  expect(streamed).toEqual({ path: null, bytes: expected.bytes, sha256: expected.sha256 });
  expect(createHash('sha256').update(Buffer.concat(chunks)).digest('hex')).toBe(expected.sha256);
  // Journaled as the CLI journals `-o -`.
  const [entry] = (await seedance.list()).filter((e) => e.id === task.id);
  expect(entry?.files).toContainEqual({ path: '-', bytes: expected.bytes, sha256: expected.sha256 });
});

it('fails with the exported error classes, carrying code, exitCode and hint', async () => {
  const bad = client({ apiKey: 'bad-key' }).seedance;
  const auth = await bad.get('cgt-20260101000000-nosuch').catch((error: unknown) => error);
  expect(auth).toBeInstanceOf(AuthError);
  expect(auth).toBeInstanceOf(SeedanceError);
  expect(auth).toMatchObject({ exitCode: 3 });

  const { seedance } = client();
  const missing = await seedance.get('cgt-20260101000000-nosuch').catch((error: unknown) => error);
  expect(missing).toBeInstanceOf(NotFoundError);
  expect(missing).toMatchObject({ exitCode: 7, code: expect.any(String) });

  // No answer at all (a port nothing listens on) is a NetworkError, still an ApiError with exit 6; an answer is not.
  const closed = await startTestSandbox({});
  const gone = closed.url;
  await closed.close();
  const offline = client({ baseUrl: gone }).seedance;
  const unreachable = await offline.get('cgt-20260101000000-nosuch').catch((error: unknown) => error);
  expect(unreachable).toBeInstanceOf(NetworkError);
  expect(unreachable).toBeInstanceOf(ApiError);
  expect(unreachable).toMatchObject({ exitCode: 6, code: 'ECONNREFUSED' });
  expect(missing).not.toBeInstanceOf(NetworkError);

  const invalid = await seedance.create({ prompt: 'x', duration: 99 }).catch((error: unknown) => error);
  expect(invalid).toBeInstanceOf(InvalidRequestError);
  expect(invalid).toMatchObject({ exitCode: 2 });

  const failing = await seedance.create({ prompt: 'a storm' });
  sandbox.setTaskState(failing.id, 'failed');
  const ended = await seedance.download(failing.id).catch((error: unknown) => error);
  expect(ended).toBeInstanceOf(TaskFailedError);
  expect(ended).toMatchObject({ exitCode: 4 });

  // Still rendering is not a failure: a timeout (exit 5) whose hint is the command that waits for it.
  const rendering = await seedance.create({ prompt: 'a slow one' });
  sandbox.setTaskState(rendering.id, 'running');
  const early = await seedance.download(rendering.id).catch((error: unknown) => error);
  expect(early).toBeInstanceOf(TimeoutError);
  expect(early).toMatchObject({ code: 'not_ready', exitCode: 5, hint: expect.stringContaining('--download') });
});

it('an AbortSignal ends a wait at once', async () => {
  const { seedance } = client();
  const task = await seedance.create({ prompt: 'a slow render' });
  sandbox.setTaskState(task.id, 'running');
  const controller = new AbortController();
  const waiting = seedance.wait(task.id, {
    interval: 60_000,
    signal: controller.signal,
    onProgress: () => controller.abort(),
  });
  await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
});

it('history: false journals nothing; the catalogue and estimates need no request', async () => {
  const { seedance } = client({ history: false });
  const dir = tempDir();
  const result = await seedance.generate({ prompt: 'a quiet lake' }, { output: `${dir}/` });
  expect(result.sha256).toBe(sandbox.videoDigest(result.task.id).sha256);
  expect(await seedance.list()).toEqual([]);
  expect(seedance.models().length).toBeGreaterThan(0);
  const estimate = await seedance.estimate({ prompt: 'a quiet lake', duration: 5 });
  expect(estimate.tokens).toBeGreaterThan(0);
});

it('waitAll waits for several tasks and returns the end of each, in order', async () => {
  const { seedance } = client();
  const first = await seedance.create({ prompt: 'one' });
  const second = await seedance.create({ prompt: 'two' });
  sandbox.setTaskState(second.id, 'failed');
  const ended = await seedance.waitAll([first.id, second.id]);
  expect(ended.map((task) => [task.id, task.status])).toEqual([
    [first.id, 'succeeded'],
    [second.id, 'failed'],
  ]);
});

it('generate refuses a taken output before it creates anything (a paid render never ends in "cannot save")', async () => {
  const { seedance } = client();
  const dir = tempDir();
  writeFileSync(join(dir, 'taken.mp4'), 'mine');
  const creates = sandbox.stats.creates;
  const refused = await seedance.generate({ prompt: 'a fox' }, { output: join(dir, 'taken.mp4') }).catch((e) => e);
  expect(refused).toBeInstanceOf(InvalidRequestError);
  expect(refused.code).toBe('target_exists');
  // The hint names the option, not the CLI's flag.
  expect(refused.hint).toBe('use `force: true` to overwrite, or `output` to choose another path');
  expect(sandbox.stats.creates).toBe(creates);
  expect(readFileSync(join(dir, 'taken.mp4'), 'utf8')).toBe('mine');
});

it('polls no faster than once a second: a shorter interval is an InvalidRequestError, before anything is created', async () => {
  const { seedance } = client();
  const creates = sandbox.stats.creates;
  const refused = await seedance.generate({ prompt: 'a fox' }, { interval: 50 }).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(InvalidRequestError);
  expect(refused).toMatchObject({ code: 'interval_too_short', exitCode: 2 });
  expect(sandbox.stats.creates).toBe(creates);
  await expect(seedance.wait('cgt-20260101000000-nosuch', { interval: 999 })).rejects.toBeInstanceOf(
    InvalidRequestError,
  );
});

it('an apiKey given to the constructor draws no --api-key shell-history warning', async () => {
  const warnings: string[] = [];
  const configDir = tempDir();
  const seedance = new Seedance({
    apiKey: KEY,
    env: { SEEDANCE_BASE_URL: sandbox.url, SEEDANCE_CONFIG_DIR: configDir },
    onWarning: (message) => warnings.push(message),
  });
  await seedance.estimate({ prompt: 'a fox' });
  await expect(seedance.get('cgt-00000000000000-nope')).rejects.toBeInstanceOf(NotFoundError);
  expect(warnings.join('\n')).not.toContain('shell history');
});

it('takes images as Buffers and Uint8Arrays, checked as files are, and sends them as data URLs', async () => {
  const bodies: string[] = [];
  const capture: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (request.method === 'POST') bodies.push(await request.clone().text());
    return fetch(request);
  };
  const { seedance } = client({ fetch: capture });
  const first = png(1280, 720);
  const last = new Uint8Array(jpeg(1280, 720));
  const task = await seedance.create({ prompt: 'a heron', firstFrame: first, lastFrame: last });
  expect(task.status).toBe('queued');
  const sent = JSON.parse(bodies.at(-1) as string) as { content: Array<{ image_url?: { url: string } }> };
  const urls = sent.content.flatMap((item) => (item.image_url ? [item.image_url.url] : []));
  expect(urls).toEqual([
    `data:image/png;base64,${first.toString('base64')}`,
    `data:image/jpeg;base64,${Buffer.from(last).toString('base64')}`,
  ]);
  const tooSmall = await seedance.create({ prompt: 'a heron', firstFrame: png(200, 200) }).catch((e: unknown) => e);
  expect(tooSmall).toBeInstanceOf(InvalidRequestError);
  expect((tooSmall as Error).message).toMatch(/\(\d+ bytes\): 200×200 px; each side must be 300–6000 px/);
  const notImage = await seedance.create({ prompt: 'a heron', refImage: [Buffer.from('hello')] }).catch((e) => e);
  expect(notImage).toBeInstanceOf(InvalidRequestError);
});

it('list filters the journal by status; the remote list refuses, before sending, statuses the API cannot filter on', async () => {
  const ark = client({ baseUrl: `${sandbox.url}/api/v3`, provider: 'ark' }).seedance;
  const task = await ark.create({ prompt: 'listed' });
  expect((await ark.list({ status: 'unknown' })).map((e) => e.id)).toEqual([]);
  expect((await ark.list({ status: 'queued' })).map((e) => e.id)).toEqual([task.id]);
  const received = sandbox.stats.received;
  await expect(ark.list({ remote: true, status: 'expired' })).rejects.toBeInstanceOf(InvalidRequestError);
  expect(sandbox.stats.received).toBe(received);
});
