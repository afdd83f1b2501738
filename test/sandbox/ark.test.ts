import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ARK_TASKS, type Harness, type Json, post, startHarness, T0, textBody } from './support.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.sandbox.close();
});

const ARK_MODEL = 'doubao-seedance-2-0-260128';
const task = async (id: string) => h.json<Json>(`${ARK_TASKS}/${id}`);
const list = async (query = '') => (await h.json<{ total: number; items: Json[] }>(`${ARK_TASKS}${query}`)).body;

describe('Ark create and get', () => {
  test('create answers {id} only, with X-Request-Id; the task goes queued → running → succeeded', async () => {
    const res = await h.api(ARK_TASKS, post(textBody('cat', { return_last_frame: true }, ARK_MODEL)));
    expect(res.headers.get('x-request-id')).toMatch(/^02\d{13}[0-9a-f]{36}$/);
    const body = (await res.json()) as Json;
    expect(Object.keys(body)).toEqual(['id']);
    expect((await task(body.id)).body).toMatchObject({ status: 'queued', model: ARK_MODEL, created_at: T0 / 1000 });
    h.advance(4000);
    expect((await task(body.id)).body.status).toBe('running');
    h.advance(6000);
    const done = (await task(body.id)).body;
    expect(done).toMatchObject({ status: 'succeeded', framespersecond: 24, service_tier: 'default' });
    expect(done.content.last_frame_url).toContain(h.sandbox.storageUrl);
    expect(done.error).toBeUndefined();
  });

  test('echoes safety_identifier; an endpoint id reports the 2.0 model', async () => {
    const { body } = await h.json<Json>(
      ARK_TASKS,
      post(textBody('cat', { safety_identifier: 'user-7' }, 'ep-20260101-abcde')),
    );
    expect(body.safety_identifier).toBe('user-7');
    expect((await task(body.id)).body.model).toBe(ARK_MODEL);
  });

  test('an unknown task is 404 NotFound.TaskId', async () => {
    const { status, body } = await task('cgt-20260101000000-zzzzz');
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'NotFound.TaskId', type: 'NotFound' });
    expect(body.error.message).toMatch(/^The specified task cgt-20260101000000-zzzzz is not found\. Request id: /);
  });

  test('expires once execution_expires_after has passed without finishing', async () => {
    const id = await h.create('slow #stuck', { execution_expires_after: 3600 }, 'ark');
    h.advance(3599_000);
    expect((await task(id)).body.status).toBe('running');
    h.advance(1000);
    expect((await task(id)).body.status).toBe('expired');
  });

  test('bad or missing key → 401 AuthenticationError; unrouted Ark paths → 404 Ark envelope', async () => {
    const bad = await h.json<Json>(ARK_TASKS, { headers: { Authorization: 'Bearer bad-key' } });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toMatchObject({ code: 'AuthenticationError', type: 'Unauthorized' });
    const res = await fetch(`${h.sandbox.url}${ARK_TASKS}`);
    expect(res.status).toBe(401);
    const unrouted = await h.json<Json>('/api/v3/chat/completions');
    expect(unrouted.status).toBe(404);
    expect(unrouted.body.error.type).toBe('NotFound');
  });
});

describe('Ark list', () => {
  test('newest first, paged, total counts every match', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await h.create(`task ${i}`, {}, i % 2 ? 'gateway' : 'ark'));
      h.advance(1000);
    }
    const first = await list('?page_num=1&page_size=2');
    expect(first.total).toBe(5);
    expect(first.items.map((t) => t.id)).toEqual([ids[4], ids[3]]);
    const third = await list('?page_num=3&page_size=2');
    expect(third.items.map((t) => t.id)).toEqual([ids[0]]);
    expect((await list()).items).toHaveLength(5);
    const bad = await h.json<Json>(`${ARK_TASKS}?page_size=501`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'InvalidParameter', param: 'page_size' });
  });

  test('filters by status, task ids (repeated key), model and service tier', async () => {
    const done = await h.create('one', {}, 'ark');
    h.advance(10_000);
    // service_tier is a 1.x parameter: 2.x answers 400 (models.md §2).
    const flex = { service_tier: 'flex', model: 'doubao-seedance-1-5-pro-251215' };
    const queued = await h.create('two', flex, 'ark');
    const viaGateway = await h.create('three');
    expect((await list('?filter.status=succeeded')).items.map((t) => t.id)).toEqual([done]);
    expect((await list('?filter.status=queued')).total).toBe(2);
    const byIds = await list(`?filter.task_ids=${done}&filter.task_ids=${queued}`);
    expect(byIds.items.map((t) => t.id)).toEqual([queued, done]);
    expect((await list('?filter.model=doubao-seedance-1-5-pro-251215')).items.map((t) => t.id)).toEqual([queued]);
    // The gateway relays the upstream model: Ark never sees its alias.
    expect((await list('?filter.model=sd2.0')).total).toBe(0);
    expect((await list('?filter.model=doubao-seedance-2-0-260128')).items.map((t) => t.id)).toContain(viaGateway);
    expect((await list('?filter.service_tier=flex')).items.map((t) => t.id)).toEqual([queued]);
    expect((await h.json(`${ARK_TASKS}?filter.status=lost`)).status).toBe(400);
  });

  test('only the last 7 days are listed', async () => {
    await h.create('old', {}, 'ark');
    h.advance(7 * 24 * 3600 * 1000);
    const recent = await h.create('new', {}, 'ark');
    const { total, items } = await list();
    expect(total).toBe(1);
    expect(items[0]!.id).toBe(recent);
  });
});

describe('Ark DELETE', () => {
  test('queued → cancelled; the gateway keeps showing a cancelled task IN_PROGRESS 30%', async () => {
    const id = await h.create('x', {}, 'ark');
    const res = await h.json(`${ARK_TASKS}/${id}`, { method: 'DELETE' });
    expect(res).toEqual({ status: 200, body: {} });
    expect((await task(id)).body.status).toBe('cancelled');
    const wrapped = (await h.json<Json>(`/v1/video/generations/${id}?show_raw=true`)).body;
    expect(wrapped.data).toMatchObject({ status: 'IN_PROGRESS', progress: '30%', data: { status: 'cancelled' } });
    const again = await h.json<Json>(`${ARK_TASKS}/${id}`, { method: 'DELETE' });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/^The task cannot be cancelled in its current state: cancelled\./);
  });

  test('running → 400 refused; succeeded → deleted, later GET is 404', async () => {
    const id = await h.create('x', {}, 'ark');
    h.advance(5000);
    const running = await h.json<Json>(`${ARK_TASKS}/${id}`, { method: 'DELETE' });
    expect(running.status).toBe(400);
    expect(running.body.error).toMatchObject({ code: 'InvalidParameter', type: 'BadRequest' });
    expect(running.body.error.message).toContain('current state: running');
    h.advance(5000);
    expect((await h.json(`${ARK_TASKS}/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await task(id)).status).toBe(404);
    expect((await h.json(`/v1/video/generations/${id}`)).status).toBe(400);
    expect((await h.json(`${ARK_TASKS}/${id}`, { method: 'DELETE' })).status).toBe(404);
  });
});
