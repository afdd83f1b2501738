import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseDirectives } from '../../src/sandbox/directives.js';
import { ARK_TASKS, type Harness, type Json, startHarness } from './support.js';

describe('parseDirectives', () => {
  test.each([
    ['a plain prompt', { kind: 'succeed' }],
    ['x #fail', { kind: 'fail', code: 'OutputVideoSensitiveContentDetected', gatewayError: 'full' }],
    ['#fail=InputImageSensitiveContentDetected now', { kind: 'fail', code: 'InputImageSensitiveContentDetected' }],
    ['#fail=Made.Up', { kind: 'fail', code: 'Made.Up', message: 'The task failed with error code Made.Up.' }],
    ['#fail-no-error', { kind: 'fail', gatewayError: 'hidden' }],
    ['#fail-vague', { kind: 'fail', gatewayError: 'vague' }],
    ['#stuck', { kind: 'stuck' }],
    ['#expire', { kind: 'expire' }],
    ['#cancel', { kind: 'cancel' }],
    ['#failure is not a directive', { kind: 'succeed' }],
  ])('%s', (prompt, expected) => {
    expect(parseDirectives(prompt)).toMatchObject(expected);
  });
});

describe('directives end to end', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.sandbox.close();
  });

  const gateway = async (id: string, query = '') => (await h.json<Json>(`/v1/video/generations/${id}${query}`)).body;
  const ark = async (id: string) => (await h.json<Json>(`${ARK_TASKS}/${id}`)).body;

  test('#fail ends FAILURE with the Ark error in every view', async () => {
    const id = await h.create('bunny #fail');
    h.advance(10_000);
    const error = {
      code: 'OutputVideoSensitiveContentDetected',
      message: 'The request failed because the output video may contain sensitive information.',
    };
    expect(await gateway(id)).toMatchObject({ status: 'failed', progress: 100, metadata: { url: '' }, error });
    const wrapped = await gateway(id, '?show_raw=true&show_usage=true');
    expect(wrapped.data).toMatchObject({ status: 'FAILURE', fail_reason: error.message, progress: '100%' });
    expect(wrapped.data.data).toMatchObject({ status: 'failed', error });
    expect(wrapped.data.usage).toBeUndefined();
    expect(await ark(id)).toMatchObject({ status: 'failed', error });
  });

  test('#fail=<code> carries that code', async () => {
    const id = await h.create('#fail=InputTextSensitiveContentDetected', {}, 'ark');
    h.advance(10_000);
    expect((await ark(id)).error.code).toBe('InputTextSensitiveContentDetected');
  });

  test('#fail-no-error: no error object, empty fail_reason, but data.data.error tells why', async () => {
    const id = await h.create('#fail-no-error');
    h.advance(10_000);
    const plain = await gateway(id);
    expect(plain.status).toBe('failed');
    expect(plain).not.toHaveProperty('error');
    const wrapped = await gateway(id, '?show_raw=true');
    expect(wrapped.data).toMatchObject({ status: 'FAILURE', fail_reason: '' });
    expect(wrapped.data.data.error.code).toBe('OutputVideoSensitiveContentDetected');
  });

  test('#fail-vague: the generic "task failed" of older gateway builds; data.data.error tells why', async () => {
    const id = await h.create('#fail-vague');
    h.advance(10_000);
    expect((await gateway(id)).error).toEqual({ message: 'task failed', code: 'failed' });
    const wrapped = await gateway(id, '?show_raw=true');
    expect(wrapped.data).toMatchObject({ status: 'FAILURE', fail_reason: 'task failed' });
    expect(wrapped.data.data.error.code).toBe('OutputVideoSensitiveContentDetected');
  });

  test('#stuck stays IN_PROGRESS', async () => {
    const id = await h.create('#stuck');
    h.advance(3_600_000);
    expect(await gateway(id)).toMatchObject({ status: 'in_progress', progress: 90 });
  });

  test('#expire: Ark expired, which the gateway keeps as IN_PROGRESS 30%', async () => {
    const id = await h.create('#expire');
    h.advance(10_000);
    expect((await ark(id)).status).toBe('expired');
    expect(await gateway(id)).toMatchObject({ status: 'in_progress', progress: 30 });
    expect((await gateway(id, '?raw=true')).status).toBe('expired');
  });

  test('#cancel: Ark cancelled (from the queue); gateway IN_PROGRESS 30%', async () => {
    const id = await h.create('#cancel');
    h.advance(3000);
    expect((await ark(id)).status).toBe('cancelled');
    const wrapped = await gateway(id, '?show_raw=true');
    expect(wrapped.data).toMatchObject({ status: 'IN_PROGRESS', progress: '30%', finish_time: 0 });
    expect(wrapped.data.data.status).toBe('cancelled');
  });
});
