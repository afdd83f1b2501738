import { UsageError } from '../errors.js';
import type { Http, HttpResponse } from './client.js';
import { unexpectedResponse } from './map-error.js';
import { normalizeTask } from './normalize-task.js';
import type { Provider, TaskView } from './providers.js';
import type { Task, TaskStatus } from './task.js';
import { checkTaskId } from './task-id.js';

export interface FetchedTask {
  task: Task;
  response: HttpResponse;
}

/** A remote list: newest first, at most `limit` tasks, paged through `page_num` (ark-api.md §4). */
export interface ListQuery {
  limit: number;
  status?: TaskStatus;
  model?: string;
  taskIds?: string[];
  /** Ark lists the `default` tier unless asked (ark-api.md §4 [inferred]). */
  serviceTier?: string;
}

export interface TaskList {
  /** How many tasks match on the server (within its 7-day window), whatever the limit. */
  total: number;
  tasks: Task[];
}

/** Ark's bounds for page_num and page_size. */
export const MAX_PAGE_SIZE = 500;
const MAX_PAGE_NUM = 500;

/** Typed operations on generation tasks, whatever the provider. */
export class TaskApi {
  readonly http: Http;
  readonly provider: Provider;

  constructor(http: Http, provider: Provider) {
    this.http = http;
    this.provider = provider;
  }

  /** POST the body. The gateway answers an OpenAI-like object, Ark only `{"id"}`: both become a queued Task. */
  /** `serialized` is the body as JSON bytes when the caller has them already (see RequestOptions.serialized). */
  async create(body: Record<string, unknown>, signal?: AbortSignal, serialized?: Uint8Array): Promise<Task> {
    const response = await this.http.post(this.provider.createPath, body, { signal, serialized });
    const task = normalizeTask(response.body);
    if (!task.id) throw unexpectedResponse(response.text, response.status);
    checkTaskId(task.id, response.status);
    if (task.status === 'unknown') task.status = 'queued';
    // Ark answers the id alone: the model is the one we asked for.
    if (task.model === null && typeof body.model === 'string') task.model = body.model;
    return task;
  }

  /** `budgetMs` bounds the call, retries included (see RequestOptions). */
  async get(id: string, view: TaskView = {}, signal?: AbortSignal, budgetMs?: number): Promise<FetchedTask> {
    const response = await this.http.get(this.provider.taskPath(id), {
      searchParams: this.provider.queryParams(view),
      signal,
      what: `task ${id}`,
      budgetMs,
    });
    const task = normalizeTask(response.body, id);
    checkTaskId(task.id, response.status);
    if (view.showRaw || view.raw) task.raw = upstreamObject(response.body);
    return { task, response };
  }

  /** DELETE: a queued task becomes cancelled, a finished one's record is deleted (ark-api.md §5). */
  async cancel(id: string, signal?: AbortSignal): Promise<HttpResponse> {
    if (!this.provider.canCancel) throw unsupportedRoute(this.provider, 'cancel');
    return this.http.delete(this.provider.taskPath(id), { signal, what: `task ${id}` });
  }

  async list(query: ListQuery, signal?: AbortSignal): Promise<TaskList> {
    const listPath = this.provider.listPath;
    if (listPath === null) throw unsupportedRoute(this.provider, 'list');
    if (query.status === 'unknown' || query.status === 'expired') {
      // The list route filters on queued, running, cancelled, succeeded and failed only (ark-api.md §4).
      throw new UsageError(`--status ${query.status} applies to the local history only`, {
        hint: `seedance list --status ${query.status} (without --remote)`,
      });
    }
    const pageSize = Math.min(Math.max(1, query.limit), MAX_PAGE_SIZE);
    // Keyed by id: a task created while we page shifts the newest-first pages by one.
    const tasks = new Map<string, Task>();
    let total = 0;
    for (let pageNum = 1; pageNum <= MAX_PAGE_NUM && tasks.size < query.limit; pageNum++) {
      const response = await this.http.get(listPath, { searchParams: listParams(query, pageNum, pageSize), signal });
      const page = readPage(response);
      total = page.total;
      for (const item of page.items) {
        const task = normalizeTask(item);
        checkTaskId(task.id, response.status);
        if (!tasks.has(task.id)) tasks.set(task.id, task);
      }
      if (page.items.length < pageSize || pageNum * pageSize >= total) break;
    }
    return { total, tasks: [...tasks.values()].slice(0, query.limit) };
  }
}

/** Fails before any request when the provider has no such route (the gateway lists and cancels nothing). */
export function requireRoute(provider: Provider, route: 'cancel' | 'list'): void {
  const supported = route === 'cancel' ? provider.canCancel : provider.listPath !== null;
  if (!supported) throw unsupportedRoute(provider, route);
}

function unsupportedRoute(provider: Provider, route: 'cancel' | 'list'): UsageError {
  const what = route === 'cancel' ? 'has no cancel route: its tasks cannot be cancelled' : 'has no list route';
  return new UsageError(`the ${provider.name} provider ${what}`, {
    code: 'unsupported',
    hint:
      route === 'cancel'
        ? 'cancel works with --provider ark or byteplus'
        : '`seedance list` (without --remote) shows the local history; --remote works with --provider ark or byteplus',
  });
}

export function listParams(query: ListQuery, pageNum: number, pageSize: number): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = { page_num: String(pageNum), page_size: String(pageSize) };
  if (query.status) params['filter.status'] = query.status;
  if (query.model) params['filter.model'] = query.model;
  if (query.taskIds && query.taskIds.length > 0) params['filter.task_ids'] = query.taskIds;
  if (query.serviceTier) params['filter.service_tier'] = query.serviceTier;
  return params;
}

function readPage(response: HttpResponse): { total: number; items: unknown[] } {
  const body = response.body as { total?: unknown; items?: unknown };
  if (!Array.isArray(body.items)) throw unexpectedResponse(response.text, response.status);
  const total = typeof body.total === 'number' && Number.isFinite(body.total) ? body.total : body.items.length;
  return { total, items: body.items };
}

/** The Ark task object inside whatever shape the server answered. */
function upstreamObject(body: unknown): unknown {
  const data = (body as { data?: { data?: unknown } })?.data;
  if (data && typeof data === 'object' && 'data' in data) return data.data;
  return body;
}
