import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Http, HttpResponse } from '../../src/api/client.js';
import { PROVIDER_TABLE } from '../../src/api/providers.js';
import { TaskApi } from '../../src/api/tasks.js';
import { History } from '../../src/config/history.js';
import { createTask } from '../../src/core/create-task.js';
import { EXIT } from '../../src/exit-codes.js';
import { tempDir } from '../helpers/run-cli.js';

/** An API whose create answers `body`; `during` runs while the POST is in flight. */
function api(body: unknown, during: () => void = () => {}) {
  let posts = 0;
  const respond = (): HttpResponse => ({ status: 200, headers: new Headers(), text: JSON.stringify(body), body });
  const http: Http = {
    baseUrl: 'https://ark.test/api/v3',
    get: async () => respond(),
    post: async () => {
      posts += 1;
      during();
      return respond();
    },
    delete: async () => respond(),
  };
  return { api: new TaskApi(http, PROVIDER_TABLE.ark), posts: () => posts };
}

const body = { model: 'm', content: [{ type: 'text', text: 'a fox' }] };
const now = () => Date.UTC(2026, 0, 1);

describe('createTask and the journal', () => {
  it('an unwritable journal: exit 2 before anything is sent', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'history.jsonl'));
    const server = api({ id: 'cgt-1' });
    await expect(createTask(server.api, new History(dir, () => {}), body, now)).rejects.toMatchObject({
      exitCode: EXIT.USAGE,
      message: expect.stringMatching(/^cannot write the history .*EISDIR/),
    });
    expect(server.posts()).toBe(0);
  });

  it('a journal that fails after the POST: the task is still returned, with a warning', async () => {
    const dir = tempDir();
    const path = join(dir, 'history.jsonl');
    const warnings: string[] = [];
    const server = api({ id: 'cgt-1' }, () => {
      rmSync(path);
      mkdirSync(path);
    });
    const task = await createTask(server.api, new History(dir, (m) => warnings.push(m)), body, now);
    expect(task.id).toBe('cgt-1');
    expect(warnings).toEqual([expect.stringMatching(/^cannot write the history .*EISDIR/)]);
  });

  it('an unusable id: outcome-unknown, the id journaled escaped', async () => {
    const dir = tempDir();
    const server = api({ id: 'cgt-\u001b]0;x\u0007' });
    await expect(createTask(server.api, new History(dir, () => {}), body, now)).rejects.toMatchObject({
      exitCode: EXIT.API,
      message:
        'the API returned an unusable task id "cgt-\\u001b]0;x\\u0007"; the request was sent, so the task may exist',
    });
    const lines = readFileSync(join(dir, 'history.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['intent', 'unknown']);
    expect(lines[1].returned_id).toBe('"cgt-\\u001b]0;x\\u0007"');
  });
});
