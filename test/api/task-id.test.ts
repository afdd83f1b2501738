import { describe, expect, it } from 'vitest';
import type { Http, HttpResponse } from '../../src/api/client.js';
import { PROVIDER_TABLE, pathSegment } from '../../src/api/providers.js';
import { checkTaskId, escapeId, isPlausibleTaskId, UnusableTaskIdError } from '../../src/api/task-id.js';
import { TaskApi } from '../../src/api/tasks.js';
import { resolveTarget } from '../../src/core/target.js';
import { EXIT } from '../../src/exit-codes.js';

describe('isPlausibleTaskId', () => {
  it.each(['cgt-20250101000000-abcde', 'task_XYZ123', 'a', 'v1.2.3', '_x', 'x'.repeat(128)])('accepts %j', (id) =>
    expect(isPlausibleTaskId(id)).toBe(true),
  );

  it.each([
    '',
    '.',
    '..',
    '../../escape',
    'a..b',
    '.hidden',
    'a/b',
    'a\\b',
    ' cgt-1',
    'cgt-1 ',
    'cgt-\u001b[31mred',
    'cgt-1\ncgt-2',
    'cgt-\u202eevil',
    'cgt-é',
    'C:x',
    'a?b',
    'a%2fb',
    'x'.repeat(129),
  ])('refuses %j', (id) => expect(isPlausibleTaskId(id)).toBe(false));
});

describe('escapeId', () => {
  it.each([
    ['../../escape', '"../../escape"'],
    ['cgt-\u001b[31mred', '"cgt-\\u001b[31mred"'],
    ['a\nb', '"a\\nb"'],
    ['a"b\\', '"a\\"b\\\\"'],
    ['x\u009b1m\u202e\u2028é', '"x\\u009b1m\\u202e\\u2028\\u00e9"'],
    [42, '(a number)'],
    [null, '(a null)'],
    [undefined, '(none)'],
  ])('%j → %s', (id, shown) => expect(escapeId(id)).toBe(shown));

  it('cuts a long id and says how long it was', () => {
    expect(escapeId('y'.repeat(1000))).toBe(`"${'y'.repeat(200)}"… (1000 characters)`);
  });
});

describe('checkTaskId', () => {
  it('returns a plausible id unchanged', () => expect(checkTaskId('cgt-1', 200)).toBe('cgt-1'));

  it('throws exit 6 with the id escaped, never stripped', () => {
    const error = (() => {
      try {
        checkTaskId('cgt-\u001b[31mred', 200);
      } catch (caught) {
        return caught as UnusableTaskIdError;
      }
    })();
    expect(error).toBeInstanceOf(UnusableTaskIdError);
    expect(error?.exitCode).toBe(EXIT.API);
    expect(error?.status).toBe(200);
    expect(error?.message).toBe('the API returned an unusable task id "cgt-\\u001b[31mred"');
  });
});

describe('pathSegment (providers taskPath)', () => {
  it.each([
    ['a/b', 'a%2Fb'],
    ['../x', '..%2Fx'],
    ['a?b#c', 'a%3Fb%23c'],
    ['%2e%2e', '%252e%252e'],
    ['a\\b', 'a%5Cb'],
  ])('%j stays one segment: %s', (id, segment) => {
    expect(pathSegment(id)).toBe(segment);
    expect(PROVIDER_TABLE.gateway.taskPath(id)).toBe(`v1/video/generations/${segment}`);
    expect(PROVIDER_TABLE.ark.taskPath(id)).toBe(`contents/generations/tasks/${segment}`);
  });

  it.each(['', '.', '..'])('refuses %j: a dot segment resolves to another route', (id) => {
    expect(() => PROVIDER_TABLE.gateway.taskPath(id)).toThrow(/is not a task id/);
    expect(() => PROVIDER_TABLE.byteplus.taskPath(id)).toThrow(/is not a task id/);
  });
});

describe('TaskApi checks the ids the server sends', () => {
  const answering = (body: unknown): Http => {
    const response = (): HttpResponse => ({ status: 200, headers: new Headers(), text: JSON.stringify(body), body });
    return {
      baseUrl: 'https://api.test',
      get: async () => response(),
      post: async () => response(),
      delete: async () => response(),
    };
  };

  it('create', async () => {
    const api = new TaskApi(answering({ id: '../../escape' }), PROVIDER_TABLE.ark);
    await expect(api.create({ model: 'm' })).rejects.toThrow('unusable task id "../../escape"');
  });

  it('status keeps the id exactly as sent when it is plausible', async () => {
    const api = new TaskApi(answering({ id: 'cgt-1', status: 'running' }), PROVIDER_TABLE.ark);
    expect((await api.get('cgt-1')).task.id).toBe('cgt-1');
  });

  it('status', async () => {
    const api = new TaskApi(answering({ id: 'cgt-1\r\n', status: 'running' }), PROVIDER_TABLE.ark);
    await expect(api.get('cgt-1')).rejects.toThrow('unusable task id "cgt-1\\r\\n"');
  });

  it('list', async () => {
    const api = new TaskApi(answering({ total: 2, items: [{ id: 'cgt-1' }, { id: 'a/b' }] }), PROVIDER_TABLE.ark);
    await expect(api.list({ limit: 5 })).rejects.toThrow('unusable task id "a/b"');
  });
});

describe('resolveTarget never leaves the directory', () => {
  it.each(['../../escape', 'a/b', '/etc/passwd', 'x\0y'])('%j into a directory is refused (exit 8)', (name) => {
    expect(() => resolveTarget('out/', name, undefined, '/work')).toThrow(/the name would leave \/work\/out/);
    expect(() => resolveTarget(undefined, name, 'videos', '/work')).toThrow(/the name would leave \/work\/videos/);
  });

  it('a plain id lands in the directory', () => {
    expect(resolveTarget('out/', 'cgt-1', undefined, '/work')).toBe('/work/out/cgt-1.mp4');
    expect(resolveTarget(undefined, 'cgt-1', undefined, '/work')).toBe('/work/cgt-1.mp4');
    expect(resolveTarget('x.mp4', '../../escape', undefined, '/work')).toBe('/work/x.mp4');
  });
});
