import { UsageError } from '../errors.js';
import type { Http, HttpResponse } from './client.js';
import { unexpectedResponse } from './map-error.js';
import { normalizeTask } from './normalize-task.js';
import type { Provider, TaskView } from './providers.js';
import type { Task } from './task.js';

export interface FetchedTask {
  task: Task;
  response: HttpResponse;
}

/** Typed operations on generation tasks, whatever the provider. */
export class TaskApi {
  readonly http: Http;
  readonly provider: Provider;

  constructor(http: Http, provider: Provider) {
    this.http = http;
    this.provider = provider;
  }

  /** POST the body. The gateway answers an OpenAI-like object, Ark only `{"id"}`: both become a queued Task. */
  async create(body: Record<string, unknown>, signal?: AbortSignal): Promise<Task> {
    const response = await this.http.post(this.provider.createPath, body, { signal });
    const task = normalizeTask(response.body);
    if (!task.id) throw unexpectedResponse(response.text, response.status);
    if (task.status === 'unknown') task.status = 'queued';
    return task;
  }

  async get(id: string, view: TaskView = {}, signal?: AbortSignal): Promise<FetchedTask> {
    const response = await this.http.get(this.provider.taskPath(id), {
      searchParams: this.provider.queryParams(view),
      signal,
      what: `task ${id}`,
    });
    const task = normalizeTask(response.body, id);
    if (view.showRaw || view.raw) task.raw = upstreamObject(response.body);
    return { task, response };
  }

  async cancel(id: string, signal?: AbortSignal): Promise<HttpResponse> {
    if (!this.provider.canCancel) {
      throw new UsageError(`the ${this.provider.name} provider has no cancel route; the task keeps running`, {
        code: 'unsupported',
        hint: 'cancel works with --provider ark or byteplus',
      });
    }
    return this.http.delete(this.provider.taskPath(id), { signal, what: `task ${id}` });
  }
}

/** The Ark task object inside whatever shape the server answered. */
function upstreamObject(body: unknown): unknown {
  const data = (body as { data?: { data?: unknown } })?.data;
  if (data && typeof data === 'object' && 'data' in data) return data.data;
  return body;
}
