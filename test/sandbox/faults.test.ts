import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ARK_TASKS, GATEWAY_CREATE, type Harness, type Json, post, startHarness, textBody } from './support.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.sandbox.close();
});

const gatewayCreate = () => h.api(GATEWAY_CREATE, post(textBody('bunny')));
const arkCreate = () => h.api(ARK_TASKS, post(textBody('bunny', {}, 'doubao-seedance-2-0-260128')));

describe('create faults', () => {
  test('createStatus 429: envelope B with the saturation message and Retry-After, N times, no task', async () => {
    h.sandbox.faults.createStatus = { status: 429, times: 2, retryAfterSec: 7 };
    for (let i = 0; i < 2; i++) {
      const res = await gatewayCreate();
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(await res.json()).toEqual({
        code: 'fail_to_fetch_task',
        message: '当前分组上游负载已饱和，请稍后再试',
        data: null,
      });
    }
    expect(h.sandbox.stats.creates).toBe(0);
    expect((await gatewayCreate()).status).toBe(200);
    expect(h.sandbox.stats.creates).toBe(1);
  });

  test('createStatus 503 forever: gateway relays Ark ServerOverloaded as a string; Ark paths the Ark envelope', async () => {
    h.sandbox.faults.createStatus = { status: 503, times: -1 };
    const gateway = await gatewayCreate();
    expect(gateway.status).toBe(503);
    const body = (await gateway.json()) as Json;
    expect(body.code).toBe('fail_to_fetch_task');
    expect(JSON.parse(body.message).error.code).toBe('ServerOverloaded');
    const ark = await arkCreate();
    expect(ark.status).toBe(503);
    expect(((await ark.json()) as Json).error).toMatchObject({ code: 'ServerOverloaded', type: 'ServiceUnavailable' });
    expect(h.sandbox.faults.createStatus?.times).toBe(-1);
  });

  test('quotaExhausted: gateway 403 quota_not_enough, Ark 403 AccountOverdueError', async () => {
    h.sandbox.faults.quotaExhausted = true;
    const gateway = await gatewayCreate();
    expect(gateway.status).toBe(403);
    expect(await gateway.json()).toEqual({ code: 'quota_not_enough', message: 'user quota is not enough', data: null });
    const ark = await arkCreate();
    expect(ark.status).toBe(403);
    expect(((await ark.json()) as Json).error).toMatchObject({ code: 'AccountOverdueError', type: 'Forbidden' });
  });

  test('dropCreateAfterAccept: the connection dies but the task exists', async () => {
    h.sandbox.faults.dropCreateAfterAccept = true;
    await expect(gatewayCreate()).rejects.toThrow();
    await expect(arkCreate()).rejects.toThrow();
    expect(h.sandbox.stats.creates).toBe(2);
    expect(h.sandbox.stats.requests.map((r) => r.status)).toEqual([0, 0]);
    const { body } = await h.json<{ total: number }>(ARK_TASKS);
    expect(body.total).toBe(2);
  });
});

describe('malformed answers', () => {
  test.each([
    ['html', 'text/html'],
    ['json', 'application/json'],
    ['empty', 'application/json'],
  ] as const)('%s: 200 with a body that is not the JSON asked for, on create and on GET', async (kind, type) => {
    const id = await h.create();
    h.sandbox.faults.malformed = kind;
    const reads = [await h.api(`/v1/video/generations/${id}`), await h.api(`${ARK_TASKS}/${id}`)];
    for (const res of [await gatewayCreate(), await arkCreate(), ...reads]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      const text = await res.text();
      expect(() => JSON.parse(text)).toThrow();
    }
    expect(h.sandbox.stats.creates).toBe(3);
  });
});

describe('poll faults', () => {
  test('pollStatus: gateway 503 envelope B, 429 envelope A with Retry-After; Ark its own envelope', async () => {
    const id = await h.create();
    h.sandbox.faults.pollStatus = { status: 503, times: 1 };
    const failed = await h.json<Json>(`/v1/video/generations/${id}`);
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ code: 'get_task_failed', data: null });
    expect((await h.json(`/v1/video/generations/${id}`)).status).toBe(200);
    h.sandbox.faults.pollStatus = { status: 429, times: 1, retryAfterSec: 3 };
    const limited = await h.api(`/v1/videos/${id}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(((await limited.json()) as Json).error.type).toBe('new_api_error');
    h.sandbox.faults.pollStatus = { status: 500, times: 1 };
    const ark = await h.json<Json>(`${ARK_TASKS}/${id}`);
    expect(ark.status).toBe(500);
    expect(ark.body.error.code).toBe('InternalServiceError');
  });

  test('rateLimitRps: the N+1th request in a second is 429 envelope A with Retry-After: 1', async () => {
    h.sandbox.faults.rateLimitRps = 2;
    expect((await h.api('/v1/videos/x')).status).toBe(400);
    expect((await h.api('/v1/videos/x')).status).toBe(400);
    const limited = await h.api('/v1/videos/x');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({
      error: {
        message: expect.stringMatching(/^您已达到请求数限制：1分钟内最多请求2次 \(request id: /),
        type: 'new_api_error',
        code: '',
      },
    });
    const ark = await h.json<Json>(ARK_TASKS);
    expect(ark.status).toBe(429);
    expect(ark.body.error.type).toBe('TooManyRequests');
    h.advance(1001);
    expect((await h.api('/v1/videos/x')).status).toBe(400);
  });

  test('slowMs delays every API response', async () => {
    h.sandbox.faults.slowMs = 120;
    const started = performance.now();
    await h.api('/v1/videos/x');
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  test('assigning sandbox.faults merges into the live object', async () => {
    h.sandbox.faults = { ...h.sandbox.faults, quotaExhausted: true };
    expect((await gatewayCreate()).status).toBe(403);
  });
});

describe('maxRunning', () => {
  test('extra tasks wait queued until a slot frees, first come first served', async () => {
    h.sandbox.faults.maxRunning = 1;
    const a = await h.create('a', {}, 'ark');
    const b = await h.create('b', {}, 'ark');
    const status = async (id: string) => (await h.json<Json>(`${ARK_TASKS}/${id}`)).body.status;
    h.advance(3000);
    expect([await status(a), await status(b)]).toEqual(['running', 'queued']);
    h.advance(6999);
    expect([await status(a), await status(b)]).toEqual(['running', 'queued']);
    h.advance(1);
    expect([await status(a), await status(b)]).toEqual(['succeeded', 'running']);
    const wrapped = (await h.json<Json>(`/v1/video/generations/${b}?show_raw=true`)).body;
    expect(wrapped.data.start_time).toBe(Math.floor(h.now() / 1000));
    h.advance(7000);
    expect(await status(b)).toBe('succeeded');
  });

  test('a stuck task holds its slot forever', async () => {
    h.sandbox.faults.maxRunning = 1;
    await h.create('hog #stuck', {}, 'ark');
    const waiting = await h.create('b', {}, 'ark');
    h.advance(60_000);
    expect((await h.json<Json>(`${ARK_TASKS}/${waiting}`)).body.status).toBe('queued');
  });
});
