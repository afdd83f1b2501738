import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { GATEWAY_CREATE, type Harness, type Json, post, startHarness, T0, textBody } from './support.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.sandbox.close();
});

const views = async (id: string) => ({
  openai: (await h.json<Json>(`/v1/video/generations/${id}`)).body,
  wrapped: (await h.json<Json>(`/v1/video/generations/${id}?show_raw=true&show_usage=true`)).body,
  raw: (await h.json<Json>(`/v1/video/generations/${id}?raw=true`)).body,
});

describe('gateway create', () => {
  test('answers exactly the documented shape, reporting the upstream model for the sd2.0 alias', async () => {
    const res = await h.api(
      GATEWAY_CREATE,
      post(textBody('bunny', { generate_audio: true, ratio: '16:9', duration: 11 })),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-oneapi-request-id')).toMatch(/^\d{14}\d{9}\S{8}$/);
    const body = (await res.json()) as Json;
    expect(body).toEqual({
      id: body.id,
      task_id: body.id,
      object: 'video',
      model: 'doubao-seedance-2-0-260128',
      status: 'queued',
      progress: 0,
      created_at: T0 / 1000,
    });
    expect(body.id).toMatch(/^cgt-20260330084007-[a-z0-9]{5}$/);
    expect(h.sandbox.stats.creates).toBe(1);
  });

  test('accepts nulls (as the Python SDK sends them) and unknown extra keys', async () => {
    const body = textBody('x', { seed: null, ratio: null, duration: null, callback_url: null, my_extra: { a: 1 } });
    expect((await h.api(GATEWAY_CREATE, post(body))).status).toBe(200);
  });

  test('an unknown model has no channel: 503 envelope A model_not_found', async () => {
    const { status, body } = await h.json<Json>(GATEWAY_CREATE, post(textBody('x', {}, 'gpt-video')));
    expect(status).toBe(503);
    expect(body.error.code).toBe('model_not_found');
    expect(body.error.message).toMatch(/^No available channel for model gpt-video .*\(request id: \S+\)$/);
  });
});

describe('gateway query views through the lifecycle', () => {
  test('NOT_START → QUEUED → IN_PROGRESS (rising) → SUCCESS in all three views', async () => {
    const id = await h.create('bunny', { return_last_frame: true, duration: 11, seed: 1345 });
    let v = await views(id);
    expect(v.openai).toEqual({
      id,
      task_id: id,
      object: 'video',
      model: 'doubao-seedance-2-0-260128',
      status: 'unknown',
      progress: 0,
      created_at: T0 / 1000,
      completed_at: T0 / 1000,
      metadata: { url: '' },
    });
    expect(v.wrapped).toMatchObject({ code: 'success', message: '', data: { status: 'NOT_START', progress: '0%' } });
    expect(v.wrapped.data.data).toEqual({ id });
    expect(v.raw).toEqual({ id });

    h.advance(2000);
    v = await views(id);
    expect(v.openai).toMatchObject({ status: 'queued', progress: 10 });
    expect(v.wrapped.data).toMatchObject({ status: 'QUEUED', progress: '10%', start_time: 0, finish_time: 0 });
    expect(v.raw).toMatchObject({ id, status: 'queued', seed: 1345, duration: 11, framespersecond: 24 });
    expect(v.raw.content).toBeUndefined();

    h.advance(1500);
    v = await views(id);
    const early = v.openai.progress as number;
    expect(v.openai.status).toBe('in_progress');
    expect(v.wrapped.data).toMatchObject({ status: 'IN_PROGRESS', progress: `${early}%`, start_time: T0 / 1000 + 3 });
    expect(v.raw.status).toBe('running');
    h.advance(3000);
    const later = (await views(id)).openai.progress as number;
    expect(early).toBeGreaterThanOrEqual(20);
    expect(later).toBeGreaterThan(early);
    expect(later).toBeLessThanOrEqual(90);

    h.advance(4000);
    v = await views(id);
    expect(v.openai).toMatchObject({ status: 'completed', progress: 100, completed_at: T0 / 1000 + 10 });
    expect(v.openai.metadata.url).toMatch(
      new RegExp(`^${h.sandbox.storageUrl}/videos/${id}\\.mp4\\?expires=\\d+&sig=`),
    );
    expect(v.openai.error).toBeUndefined();
    expect(v.wrapped.data).toMatchObject({
      status: 'SUCCESS',
      fail_reason: '',
      progress: '100%',
      submit_time: T0 / 1000,
      finish_time: T0 / 1000 + 10,
      usage: { completion_details: { video_durations: 11 }, ratio: '16:9', watermark: false, generate_audio: true },
    });
    expect(v.raw).toEqual(v.wrapped.data.data);
    expect(v.raw).toMatchObject({
      status: 'succeeded',
      content: { video_url: v.openai.metadata.url, last_frame_url: expect.stringContaining('/frames/') },
      usage: { completion_tokens: expect.any(Number), total_tokens: expect.any(Number) },
      resolution: '720p',
      ratio: '16:9',
      updated_at: T0 / 1000 + 10,
    });
  });

  test('usage only with show_usage; show_usage alone is still wrapped; last_frame_url only when asked', async () => {
    const id = await h.create();
    h.advance(10_000);
    const showRaw = (await h.json<Json>(`/v1/video/generations/${id}?show_raw=1`)).body;
    expect(showRaw.data.status).toBe('SUCCESS');
    expect(showRaw.data.usage).toBeUndefined();
    const showUsage = (await h.json<Json>(`/v1/video/generations/${id}?show_usage=true`)).body;
    expect(showUsage.data.usage.completion_details.video_tokens).toBeGreaterThan(0);
    expect(showUsage.data.data.content.last_frame_url).toBeUndefined();
  });

  test('/v1/videos/:id is always the OpenAI form, whatever the query', async () => {
    const id = await h.create();
    const { body } = await h.json<Json>(`/v1/videos/${id}?raw=true&show_raw=true`);
    expect(body).toMatchObject({ id, object: 'video', status: 'unknown' });
  });

  test('setTaskState makes a task succeed now, and terminal states stay put', async () => {
    const id = await h.create();
    h.sandbox.setTaskState(id, 'succeeded');
    expect((await views(id)).openai.status).toBe('completed');
    h.advance(100_000);
    expect((await views(id)).wrapped.data.status).toBe('SUCCESS');
    expect(() => h.sandbox.setTaskState('cgt-nope', 'failed')).toThrow();
  });

  test('an unknown task is 400 envelope B task_not_exist', async () => {
    const { status, body } = await h.json(`/v1/video/generations/cgt-20260101000000-zzzzz`);
    expect(status).toBe(400);
    expect(body).toEqual({ code: 'task_not_exist', message: 'task_not_exist', data: null });
  });
});

describe('gateway content proxy', () => {
  test('envelope C before completion and for unknown tasks, then the video bytes', async () => {
    const id = await h.create();
    const missing = await h.json(`/v1/videos/cgt-20260101000000-zzzzz/content`);
    expect(missing).toEqual({
      status: 404,
      body: { error: { message: 'Task not found', type: 'invalid_request_error' } },
    });
    h.advance(5000);
    const early = await h.json<Json>(`/v1/videos/${id}/content`);
    expect(early.status).toBe(400);
    expect(early.body.error.message).toBe('Task is not completed yet, current status: IN_PROGRESS');
    h.advance(5000);
    const res = await h.api(`/v1/videos/${id}/content`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(h.sandbox.videoDigest(id).bytes);
    expect(h.sandbox.stats.storageRequests).toHaveLength(0);
  });
});

describe('gateway auth and routing', () => {
  test('missing key → 401 未提供令牌; bad key → 401 无效的令牌 with request id', async () => {
    const missing = await fetch(`${h.sandbox.url}/v1/video/generations/x`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as Json).error).toMatchObject({ type: 'new_api_error', code: '' });
    const bad = await h.json<Json>('/v1/video/generations/x', { headers: { Authorization: 'Bearer bad-key' } });
    expect(bad.status).toBe(401);
    expect(bad.body.error.message).toMatch(/^无效的令牌 \(request id: \S+\)$/);
    const none = await h.json<Json>('/v1/video/generations/x', { headers: { Authorization: '' } });
    expect(none.body.error.message).toMatch(/^未提供令牌/);
  });

  test('lowercase bearer works, and a configured key is the only one accepted', async () => {
    const lower = await h.api('/v1/video/generations/x', { headers: { Authorization: 'bearer abc' } });
    expect(lower.status).toBe(400);
    const strict = await startHarness({ key: 'sk-right' });
    try {
      expect((await strict.api('/v1/videos/x', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
      expect((await strict.api('/v1/videos/x', { headers: { Authorization: 'Bearer right' } })).status).toBe(400);
    } finally {
      await strict.sandbox.close();
    }
  });

  test('unrouted paths and wrong methods get 404 Invalid URL, with or without a key', async () => {
    const unrouted = await fetch(`${h.sandbox.url}/v1/videos`);
    expect(unrouted.status).toBe(404);
    expect(await unrouted.json()).toEqual({
      error: { message: 'Invalid URL (GET /v1/videos)', type: 'invalid_request_error', param: '', code: '' },
    });
    const wrongMethod = await h.json<Json>('/v1/video/generations/abc', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body.error.message).toBe('Invalid URL (DELETE /v1/video/generations/abc)');
  });

  test('every request is recorded in stats', async () => {
    await h.api('/v1/videos/x');
    await fetch(`${h.sandbox.url}/v1/videos/x`);
    expect(h.sandbox.stats.requests).toEqual([
      { method: 'GET', path: '/v1/videos/x', search: '', status: 400, authorization: true, at: T0 },
      { method: 'GET', path: '/v1/videos/x', search: '', status: 401, authorization: false, at: T0 },
    ]);
  });
});
