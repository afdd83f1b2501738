import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/server.js';
import { ARK_TASKS, AUTH, type Json, post, T0, textBody } from './support.js';

const ARK_MODEL = 'doubao-seedance-2-0-260128';

async function json(sandbox: Sandbox, path: string, init: RequestInit = {}) {
  const res = await fetch(`${sandbox.url}${path}`, { ...init, headers: { ...AUTH, ...init.headers } });
  return { status: res.status, body: (await res.json()) as Json };
}

test('--state keeps the tasks across a restart: the task goes on, and its video has the same bytes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seedance-state-'));
  const stateFile = join(dir, 'state.json');
  let clock = T0;
  const options = { renderMs: 10_000, now: () => clock, stateFile };

  const first = await startSandbox(options);
  const created = await json(first, ARK_TASKS, post(textBody('a fox', {}, ARK_MODEL)));
  const cancelled = await json(first, ARK_TASKS, post(textBody('a cat', {}, ARK_MODEL)));
  await json(first, `${ARK_TASKS}/${cancelled.body.id}`, { method: 'DELETE' });
  const id = created.body.id as string;
  clock += 4000;
  expect((await json(first, `${ARK_TASKS}/${id}`)).body.status).toBe('running');
  const digest = first.videoDigest(id);
  await first.close();

  const second = await startSandbox(options);
  try {
    expect((await json(second, `${ARK_TASKS}/${id}`)).body).toMatchObject({ status: 'running', model: ARK_MODEL });
    expect((await json(second, `${ARK_TASKS}/${cancelled.body.id}`)).body.status).toBe('cancelled');
    clock += 6000;
    const done = (await json(second, `${ARK_TASKS}/${id}`)).body;
    expect(done).toMatchObject({ status: 'succeeded', created_at: T0 / 1000 });
    const video = Buffer.from(await (await fetch(done.content.video_url)).arrayBuffer());
    expect(createHash('sha256').update(video).digest('hex')).toBe(digest.sha256);
    // A new task gets a new id, and the list holds both of the first sandbox's tasks.
    await json(second, ARK_TASKS, post(textBody('a hen', {}, ARK_MODEL)));
    expect((await json(second, ARK_TASKS)).body.total).toBe(3);
  } finally {
    await second.close();
  }
  expect(readdirSync(dir)).toEqual(['state.json']);
});

test('a missing state file is an empty sandbox; a file that is not one is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seedance-state-'));
  const fresh = await startSandbox({ stateFile: join(dir, 'new.json') });
  expect((await json(fresh, ARK_TASKS)).body.total).toBe(0);
  await fresh.close();
  const notState = join(dir, 'notes.json');
  writeFileSync(notState, '{"hello":1}');
  await expect(startSandbox({ stateFile: notState })).rejects.toThrow(/is not a sandbox state file/);
  expect(readFileSync(notState, 'utf8')).toBe('{"hello":1}');
});
