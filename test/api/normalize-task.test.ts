import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  failureReason,
  normalizeStatus,
  normalizeTask,
  parseProgress,
  unixToIso,
} from '../../src/api/normalize-task.js';
import type { Task } from '../../src/api/task.js';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
}

const ID = 'cgt-20260330164007-wnc8k';
const NEW_ID = 'task_4kZq8w2Yh3nT0bVx9cLr1pDs6fGj7aQe';
const T = {
  created: '2026-03-30T08:40:07Z', // 1774860007
  started: '2026-03-30T08:40:22Z', // 1774860022
  p37: '2026-03-30T08:40:37Z',
  doc: '2026-03-30T08:41:28Z', // 1774860088
  p98: '2026-03-30T08:41:38Z',
  failed: '2026-03-30T08:41:40Z', // 1774860100
  p188: '2026-03-30T08:43:08Z',
  done: '2026-03-30T08:43:10Z', // 1774860190
};
const SENSITIVE_OUTPUT = {
  code: 'OutputVideoSensitiveContentDetected',
  message: 'The request failed because the output video may contain sensitive information.',
};
const TOS = 'https://ark-content-generation-cn-beijing.tos-cn-beijing.volces.com/xxx/video.mp4?X-Tos-Signature=abc';

type Expected = Pick<
  Task,
  'id' | 'status' | 'progress' | 'video_url' | 'error' | 'created_at' | 'updated_at' | 'completed_at'
>;
const row = (
  id: string,
  status: Task['status'],
  progress: number | null,
  video_url: string | null,
  error: Task['error'],
  created_at: string | null,
  updated_at: string | null,
  completed_at: string | null,
): Expected => ({ id, status, progress, video_url, error, created_at, updated_at, completed_at });

const cases: Array<[string, Expected]> = [
  ['usage-doc-create', row(ID, 'queued', 0, null, null, T.created, null, null)],
  [
    'usage-doc-wrapped-success',
    row(ID, 'succeeded', 100, 'https://example.com/generated-video.mp4', null, T.created, T.doc, T.doc),
  ],
  [
    'usage-doc-default-completed',
    row(ID, 'succeeded', 100, 'https://example.com/generated-video.mp4', null, T.created, T.doc, T.doc),
  ],
  [
    'usage-doc-raw-succeeded',
    row(ID, 'succeeded', 100, 'https://example.com/generated-video.mp4', null, T.created, T.doc, T.doc),
  ],
  ['gateway-md-default-not-start', row(ID, 'queued', 0, null, null, T.created, T.created, null)],
  ['gateway-md-default-queued', row(ID, 'queued', 10, null, null, T.created, T.created, null)],
  ['gateway-md-default-in-progress', row(ID, 'running', 50, null, null, T.created, T.p37, null)],
  ['gateway-md-default-completed', row(ID, 'succeeded', 100, TOS, null, T.created, T.done, T.done)],
  ['gateway-md-default-failed', row(ID, 'failed', 100, null, SENSITIVE_OUTPUT, T.created, T.failed, T.failed)],
  [
    'gateway-md-default-failed-old',
    row(ID, 'failed', 100, null, { code: 'failed', message: 'task failed' }, T.created, T.failed, T.failed),
  ],
  ['gateway-md-default-failed-no-error', row(ID, 'failed', 100, null, null, T.created, T.failed, T.failed)],
  ['gateway-md-wrapped-not-start', row(ID, 'queued', 0, null, null, T.created, null, null)],
  ['gateway-md-wrapped-queued', row(ID, 'queued', 10, null, null, T.created, T.created, null)],
  ['gateway-md-wrapped-in-progress', row(ID, 'running', 50, null, null, T.created, T.started, null)],
  [
    'gateway-md-wrapped-success',
    row(ID, 'succeeded', 100, 'https://example.com/video.mp4', null, T.created, T.p188, T.done),
  ],
  ['gateway-md-wrapped-failure', row(ID, 'failed', 100, null, SENSITIVE_OUTPUT, T.created, T.p98, T.failed)],
  ['gateway-md-raw-not-start', row(ID, 'queued', null, null, null, null, null, null)],
  ['gateway-md-raw-queued', row(ID, 'queued', null, null, null, T.created, T.created, null)],
  ['gateway-md-raw-running', row(ID, 'running', null, null, null, T.created, T.started, null)],
  [
    'gateway-md-raw-failed',
    row(
      ID,
      'failed',
      null,
      null,
      {
        code: 'InputImageSensitiveContentDetected',
        message: 'The request failed because the input image may contain sensitive information.',
      },
      T.created,
      T.p98,
      T.p98,
    ),
  ],
  ['ark-md-create', row('cgt-20250629201507-n6k56', 'queued', null, null, null, null, null, null)],
  [
    'ark-md-task-succeeded',
    row(
      'cgt-20260521153338-abcde',
      'succeeded',
      100,
      'https://ark-content-generation-cn-beijing.tos-cn-beijing.volces.com/xxx',
      null,
      '2026-05-21T07:33:38Z',
      '2026-05-21T07:34:34Z',
      '2026-05-21T07:34:34Z',
    ),
  ],
  [
    'ark-md-task-failed',
    row(
      'cgt-20260521153338-abcde',
      'failed',
      null,
      null,
      SENSITIVE_OUTPUT,
      '2026-05-21T07:33:38Z',
      '2026-05-21T07:34:34Z',
      '2026-05-21T07:34:34Z',
    ),
  ],
  [
    'quirk-wrapped-in-progress-inner-cancelled',
    row(ID, 'cancelled', 30, null, { code: 'cancelled', message: 'the task was cancelled' }, T.created, T.p37, T.p37),
  ],
  [
    'quirk-wrapped-in-progress-inner-expired',
    row(
      ID,
      'expired',
      30,
      null,
      { code: 'expired', message: 'the task expired: it did not finish within its execution_expires_after' },
      T.created,
      T.done,
      T.done,
    ),
  ],
  ['quirk-wrapped-in-progress-ark-error-body', row(ID, 'running', 30, null, null, T.created, null, null)],
  [
    'quirk-wrapped-success-url-in-fail-reason',
    row(ID, 'succeeded', 100, 'https://example.com/from-fail-reason.mp4', null, T.created, null, T.done),
  ],
  [
    'quirk-wrapped-failure-json-fail-reason',
    row(
      ID,
      'failed',
      100,
      null,
      {
        code: 'InputTextSensitiveContentDetected',
        message: 'The request failed because the input text may contain sensitive information.',
      },
      T.created,
      null,
      T.failed,
    ),
  ],
  [
    'quirk-wrapped-failure-timeout',
    row(
      ID,
      'expired',
      100,
      null,
      { code: null, message: '任务超时（1440分钟）' },
      T.created,
      '2026-03-31T08:40:00Z',
      '2026-03-31T08:40:07Z',
    ),
  ],
  ['upstream-latest-default-in-progress', row(NEW_ID, 'running', 30, null, null, T.created, T.p37, null)],
  [
    'upstream-latest-wrapped-success',
    row(NEW_ID, 'succeeded', 100, 'https://example.com/result.mp4', null, T.created, T.done, T.done),
  ],
];

describe('normalizeTask on every reference body', () => {
  it.each(cases)('%s', (name, expected) => {
    const task = normalizeTask(fixture(name));
    const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, task[key as keyof Task]]));
    expect(picked).toEqual(expected);
    expect(task).not.toHaveProperty('raw');
  });

  it('fills every field of the documented wrapped success', () => {
    expect(normalizeTask(fixture('usage-doc-wrapped-success'))).toEqual({
      id: ID,
      model: 'doubao-seedance-2-0-260128',
      status: 'succeeded',
      progress: 100,
      video_url: 'https://example.com/generated-video.mp4',
      last_frame_url: 'https://example.com/last-frame.png',
      error: null,
      created_at: T.created,
      updated_at: T.doc,
      completed_at: T.doc,
      seed: 1345,
      resolution: '720p',
      ratio: '16:9',
      duration: 11,
      fps: 30,
      usage: {
        completion_tokens: 13987,
        total_tokens: 15000,
        completion_details: { video_durations: 11, video_tokens: 15000 },
        ratio: '16:9',
        watermark: false,
        generate_audio: true,
      },
      cost: {
        tokens: 15000,
        price: 0.69,
        currency: 'CNY',
        basis: 'Volcengine list price ¥46/1M tokens (Seedance 2.0 720p, no video input)',
      },
    });
  });

  it('reads the Ark fields of the raw task object', () => {
    expect(normalizeTask(fixture('ark-md-task-succeeded'))).toMatchObject({
      model: 'doubao-seedance-2-0-260128',
      last_frame_url: 'https://example.com/last.png',
      seed: 78674,
      resolution: '720p',
      ratio: '16:9',
      duration: 5,
      fps: 24,
      usage: { completion_tokens: 108900, total_tokens: 108900 },
    });
  });
});

describe('normalizeTask on odd input', () => {
  it.each([null, undefined, 'x', 42, [], [{ id: 'a' }], {}, { status: 5 }, { data: [] }, { data: { data: 'x' } }])(
    'does not throw on %j',
    (body) => {
      const task = normalizeTask(body, 'cgt-fallback');
      expect(task.id).toBe('cgt-fallback');
      expect(task.status).toBe('unknown');
      expect(task.error).toBeNull();
    },
  );

  it('uses "" when there is neither an id nor a fallback', () => {
    expect(normalizeTask(null).id).toBe('');
  });

  it('ignores fields of the wrong type', () => {
    const task = normalizeTask({
      id: 7,
      task_id: ID,
      status: 'COMPLETED',
      progress: { n: 1 },
      created_at: 'yesterday',
      metadata: { url: 42 },
      seed: '12',
      usage: 'lots',
      error: [],
    });
    expect(task).toMatchObject({ id: ID, status: 'succeeded', progress: 100, video_url: null, created_at: null });
    expect(task).toMatchObject({ seed: null, usage: null });
  });

  it('keeps a failed wrapped task without any reason at error null', () => {
    const body = { code: 'success', message: '', data: { task_id: ID, status: 'FAILURE', fail_reason: '', data: {} } };
    expect(normalizeTask(body).error).toBeNull();
  });

  it('strips control characters from a failure reason', () => {
    const task = normalizeTask({ id: ID, status: 'failed', error: { code: 'x', message: 'bad\u001b[2J\ninput' } });
    expect(task.error).toEqual({ code: 'x', message: 'bad input' });
  });
});

describe('normalizeStatus', () => {
  it.each([
    ['queued', 'queued'],
    ['pending', 'queued'],
    ['NOT_START', 'queued'],
    ['SUBMITTED', 'queued'],
    ['QUEUED', 'queued'],
    ['unknown', 'queued'],
    ['in_progress', 'running'],
    ['IN_PROGRESS', 'running'],
    ['processing', 'running'],
    ['Running', 'running'],
    ['completed', 'succeeded'],
    ['SUCCESS', 'succeeded'],
    ['succeeded', 'succeeded'],
    ['FAILURE', 'failed'],
    ['failed', 'failed'],
    ['cancelled', 'cancelled'],
    ['expired', 'expired'],
    ['constructor', 'unknown'],
    ['', 'unknown'],
    [5, 'unknown'],
    [null, 'unknown'],
  ] as const)('%j → %s', (value, expected) => {
    expect(normalizeStatus(value)).toBe(expected);
  });

  it("keeps new-api's own UNKNOWN as unknown in the wrapped vocabulary", () => {
    expect(normalizeStatus('UNKNOWN', 'wrapped')).toBe('unknown');
    expect(normalizeTask({ code: 'success', data: { task_id: ID, status: 'UNKNOWN' } }).status).toBe('unknown');
  });
});

describe('parseProgress', () => {
  it.each([
    [50, 50],
    ['50%', 50],
    ['50', 50],
    [' 30 % ', 30],
    [49.6, 50],
    [150, 100],
    ['-5%', 0],
    ['abc', null],
    ['%', null],
    ['', null],
    [Number.NaN, null],
    [true, null],
    [null, null],
  ])('%j → %j', (value, expected) => {
    expect(parseProgress(value)).toBe(expected);
  });
});

describe('unixToIso', () => {
  it.each([
    [1774860007, T.created],
    ['1774860007', T.created],
    [1774860007123, T.created],
    ['2026-03-30T08:40:07.123Z', T.created],
    ['2026-03-30T10:40:07+02:00', T.created],
    [0, null],
    [-1, null],
    [null, null],
    ['soon', null],
    [1e300, null],
    [Number.POSITIVE_INFINITY, null],
    [253402300799, '9999-12-31T23:59:59Z'],
    [253402300800, '+010000-01-01T00:00:00Z'],
  ])('%j → %j', (value, expected) => {
    expect(unixToIso(value)).toBe(expected);
  });

  it('writes what Date#toISOString does (it formats by hand: that call is slow the first time)', () => {
    // Seconds from 1 to 9999-12-31, in uneven steps that cross month ends, leap days and the year 2000.
    for (let seconds = 1; seconds < 253402300800; seconds += 86_399 * 97 + 3_607) {
      expect(unixToIso(seconds)).toBe(new Date(seconds * 1000).toISOString().replace('.000Z', 'Z'));
    }
  });
});

describe('failureReason', () => {
  it('prefers the Ark error inside the wrapped view over the generic fail_reason', () => {
    expect(failureReason(fixture('gateway-md-wrapped-failure'))).toEqual(SENSITIVE_OUTPUT);
  });

  it('unwraps JSON text, nested twice', () => {
    const inner = JSON.stringify({ error: { code: 'InvalidParameter', message: 'bad `duration`' } });
    const body = { data: { fail_reason: JSON.stringify({ message: inner }) } };
    expect(failureReason(body)).toEqual({ code: 'InvalidParameter', message: 'bad `duration`' });
  });

  it('keeps JSON-looking text that holds no message as text', () => {
    expect(failureReason({ data: { fail_reason: '{"x":1}' } })).toEqual({ code: null, message: '{"x":1}' });
  });

  it('falls back to an error envelope message, but not the wrapped "success" one', () => {
    expect(failureReason({ code: 'task_not_exist', message: 'task_not_exist' })).toEqual({
      code: 'task_not_exist',
      message: 'task_not_exist',
    });
    expect(failureReason({ code: 'success', message: 'ok', data: {} })).toBeNull();
  });

  it('does not mistake a URL in fail_reason for a reason', () => {
    expect(failureReason({ data: { fail_reason: 'https://example.com/v.mp4' } })).toBeNull();
  });
});
