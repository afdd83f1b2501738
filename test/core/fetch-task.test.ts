import { describe, expect, it } from 'vitest';
import { normalizeTask } from '../../src/api/normalize-task.js';
import { PROVIDER_TABLE, type TaskView } from '../../src/api/providers.js';
import type { FetchedTask, TaskApi } from '../../src/api/tasks.js';
import { fetchTask } from '../../src/core/wait-task.js';

// The gateway's two views of one succeeded task (gateway-api.md §5a, §5b): the default one has no seed, resolution or
// usage; the wrapped one has new-api's task with Ark's own under data.data and the billing details in data.usage.
const ID = 'cgt-20260330164007-wnc8k';
const DEFAULT_VIEW = {
  id: ID,
  task_id: ID,
  object: 'video',
  model: 'doubao-seedance-2-0-260128',
  status: 'completed',
  progress: 100,
  created_at: 1774860007,
  completed_at: 1774860190,
  metadata: { url: 'https://example.com/video.mp4' },
};
const WRAPPED_VIEW = {
  code: 'success',
  data: {
    task_id: ID,
    action: 'generate',
    status: 'SUCCESS',
    fail_reason: '',
    submit_time: 1774860007,
    start_time: 1774860022,
    finish_time: 1774860190,
    progress: '100%',
    data: {
      id: ID,
      model: 'doubao-seedance-2-0-260128',
      status: 'succeeded',
      content: { video_url: 'https://example.com/video.mp4' },
      seed: 12345,
      resolution: '720p',
      ratio: '16:9',
      duration: 5,
      framespersecond: 24,
      usage: { completion_tokens: 108900, total_tokens: 108900 },
      created_at: 1774860007,
      updated_at: 1774860188,
    },
    usage: { completion_details: { video_durations: 5, video_tokens: 108900 }, ratio: '16:9' },
  },
};

/** A TaskApi answering from `answer(view)`, recording the views asked for. */
function fakeApi(answer: (view: TaskView) => unknown, provider = PROVIDER_TABLE.gateway) {
  const asked: TaskView[] = [];
  const api = {
    provider,
    async get(id: string, view: TaskView = {}): Promise<FetchedTask> {
      asked.push(view);
      const body = answer(view);
      const text = JSON.stringify(body);
      const task = normalizeTask(body, id);
      if (view.showRaw) task.raw = {};
      return { task, response: { status: 200, headers: new Headers(), text, body } };
    },
  } as unknown as TaskApi;
  return { api, asked };
}

describe('fetchTask', () => {
  it('asks the gateway once, for the wrapped view, which has the details the default view lacks', async () => {
    const { api, asked } = fakeApi((view) => (view.showUsage || view.showRaw ? WRAPPED_VIEW : DEFAULT_VIEW));
    const { task } = await fetchTask(api, ID);
    expect(asked).toEqual([{ showUsage: true }]);
    expect(task).toMatchObject({
      status: 'succeeded',
      seed: 12345,
      resolution: '720p',
      fps: 24,
      video_url: 'https://example.com/video.mp4',
      usage: { total_tokens: 108900, completion_details: { video_tokens: 108900 } },
    });
    expect(task.raw).toBeUndefined();
  });

  it("before the gateway's first poll of Ark, the model and update time come from the default view", async () => {
    // NOT_START: the wrapped view's data.data is still Ark's create answer, the id alone (gateway-api.md §3, §5b).
    const notStarted = { code: 'success', data: { ...WRAPPED_VIEW.data, status: 'NOT_START', progress: '0%' } };
    notStarted.data.data = { id: ID } as typeof WRAPPED_VIEW.data.data;
    const plain = { ...DEFAULT_VIEW, status: 'unknown', progress: 0, metadata: { url: '' } };
    const { api, asked } = fakeApi((view) => (view.showUsage ? notStarted : plain));
    const { task } = await fetchTask(api, ID);
    expect(asked).toEqual([{ showUsage: true }, {}]);
    expect(task).toMatchObject({
      status: 'queued',
      model: 'doubao-seedance-2-0-260128',
      updated_at: '2026-03-30T08:43:10Z',
      video_url: null,
    });
  });

  it('keeps the upstream object when asked (--show-raw)', async () => {
    const { api, asked } = fakeApi(() => WRAPPED_VIEW);
    const { task } = await fetchTask(api, ID, { showRaw: true });
    expect(asked).toEqual([{ showRaw: true, showUsage: true }]);
    expect(task.raw).toEqual({});
  });

  it('a server that ignores show_raw answers its default view: the details are asked for once more', async () => {
    const { api, asked } = fakeApi(() => DEFAULT_VIEW);
    const { task } = await fetchTask(api, ID);
    expect(asked).toEqual([{ showUsage: true }, { showRaw: true, showUsage: true }]);
    // Nothing more to be had: the task is the default view's, details null.
    expect(task).toMatchObject({ status: 'succeeded', seed: null, usage: null });
  });

  it('raw: the server body alone, one request, nothing added', async () => {
    const { api, asked } = fakeApi(() => WRAPPED_VIEW.data.data);
    const { response } = await fetchTask(api, ID, { raw: true });
    expect(asked).toEqual([{ raw: true }]);
    expect(response.body).toBe(WRAPPED_VIEW.data.data);
  });

  it('Ark answers its whole task to a plain GET: one request', async () => {
    const { api, asked } = fakeApi(() => WRAPPED_VIEW.data.data, PROVIDER_TABLE.ark);
    const { task } = await fetchTask(api, ID);
    expect(asked).toHaveLength(1);
    expect(task).toMatchObject({ status: 'succeeded', seed: 12345 });
  });
});
