import { describe, expect, it } from 'vitest';
import type { Http, HttpResponse, RequestOptions } from '../../src/api/client.js';
import { PROVIDER_TABLE } from '../../src/api/providers.js';
import { listParams, requireRoute, TaskApi } from '../../src/api/tasks.js';
import { UsageError } from '../../src/errors.js';

/** An Http that serves a fixed newest-first list of `total` Ark tasks, paged as Ark does, and logs the queries. */
function listingHttp(total: number, serverMaxPage = 500) {
  const queries: Array<RequestOptions['searchParams']> = [];
  const respond = (body: unknown): HttpResponse => ({
    status: 200,
    headers: new Headers(),
    text: JSON.stringify(body),
    body,
  });
  const http: Http = {
    baseUrl: 'https://ark.test/api/v3',
    async get(_path, options = {}) {
      queries.push(options.searchParams);
      const params = options.searchParams as Record<string, string>;
      const size = Math.min(Number(params.page_size), serverMaxPage);
      const start = (Number(params.page_num) - 1) * size;
      const ids = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => `cgt-${start + i}`);
      return respond({ total, items: ids.map((id) => ({ id, status: 'succeeded' })) });
    },
    post: async () => respond({}),
    delete: async () => respond({}),
  };
  return { http, queries };
}

describe('TaskApi.list', () => {
  it.each([
    [20, 3, 3, ['1:20']],
    [20, 50, 20, ['1:20']],
    [502, 503, 502, ['1:500', '2:500']],
    [1200, 1001, 1001, ['1:500', '2:500', '3:500']],
    [1000, 500, 500, ['1:500']],
  ])('limit %i of %i tasks → %i tasks in pages %j', async (limit, total, expected, pages) => {
    const { http, queries } = listingHttp(total);
    const result = await new TaskApi(http, PROVIDER_TABLE.ark).list({ limit });
    expect(result.total).toBe(total);
    expect(result.tasks).toHaveLength(expected);
    expect(result.tasks[0]).toMatchObject({ id: 'cgt-0', status: 'succeeded' });
    expect(
      queries.map((q) => `${(q as Record<string, string>).page_num}:${(q as Record<string, string>).page_size}`),
    ).toEqual(pages);
  });

  it('stops at a short page even when total promises more', async () => {
    const { http, queries } = listingHttp(1000, 100);
    const result = await new TaskApi(http, PROVIDER_TABLE.ark).list({ limit: 300 });
    expect(result.tasks).toHaveLength(100);
    expect(queries).toHaveLength(1);
  });

  it('refuses on the gateway before any request', async () => {
    const { http, queries } = listingHttp(3);
    await expect(new TaskApi(http, PROVIDER_TABLE.gateway).list({ limit: 5 })).rejects.toThrow(UsageError);
    await expect(new TaskApi(http, PROVIDER_TABLE.gateway).cancel('cgt-1')).rejects.toThrow(/no cancel route/);
    expect(queries).toEqual([]);
  });

  it('a body without items is an unexpected response (exit 6)', async () => {
    const { http } = listingHttp(0);
    http.get = async () => ({ status: 200, headers: new Headers(), text: '{"data":[]}', body: { data: [] } });
    await expect(new TaskApi(http, PROVIDER_TABLE.ark).list({ limit: 5 })).rejects.toMatchObject({ exitCode: 6 });
  });
});

describe('listParams', () => {
  it('maps the filters to Ark query keys; task ids repeat', () => {
    expect(listParams({ limit: 5, status: 'queued', model: 'ep-1', taskIds: ['a', 'b'] }, 2, 5)).toEqual({
      page_num: '2',
      page_size: '5',
      'filter.status': 'queued',
      'filter.model': 'ep-1',
      'filter.task_ids': ['a', 'b'],
    });
    expect(listParams({ limit: 5, taskIds: [] }, 1, 5)).toEqual({ page_num: '1', page_size: '5' });
  });
});

describe('requireRoute', () => {
  it.each([
    ['gateway', 'cancel', false],
    ['gateway', 'list', false],
    ['ark', 'cancel', true],
    ['byteplus', 'list', true],
  ] as const)('%s %s → supported: %s', (provider, route, supported) => {
    const check = () => requireRoute(PROVIDER_TABLE[provider], route);
    if (supported) expect(check).not.toThrow();
    else expect(check).toThrow(new RegExp(`the gateway provider has no ${route} route`));
  });
});

describe('TaskApi.create', () => {
  it("fills in the model Ark's {id} answer leaves out, as a queued Task", async () => {
    const { http } = listingHttp(0);
    http.post = async () => ({ status: 200, headers: new Headers(), text: '{"id":"cgt-1"}', body: { id: 'cgt-1' } });
    const task = await new TaskApi(http, PROVIDER_TABLE.ark).create({
      model: 'doubao-seedance-2-0-260128',
      content: [],
    });
    expect(task).toMatchObject({ id: 'cgt-1', status: 'queued', model: 'doubao-seedance-2-0-260128' });
  });
});
