import type { TaskView } from '../../api/providers.js';
import type { TaskStatus } from '../../api/task.js';
import { type FetchedTask, TaskApi } from '../../api/tasks.js';
import type { Pacer, Priority } from './pacer.js';
import { RenderEstimate } from './render-estimate.js';

interface Followed {
  rank: number;
  createdAt: number;
  lastAge: number | null;
  done: boolean;
}

/** The batch's tasks being followed: their order of creation, their age, what their last poll saw. */
export class TaskTracker {
  readonly estimate = new RenderEstimate();
  private readonly tasks = new Map<string, Followed>();
  private readonly now: () => number;
  private nextRank = 0;

  constructor(now: () => number) {
    this.now = now;
  }

  add(id: string, createdAt: number): void {
    if (!this.tasks.has(id)) this.tasks.set(id, { rank: this.nextRank++, createdAt, lastAge: null, done: false });
  }

  seen(id: string, status: TaskStatus): void {
    const task = this.tasks.get(id);
    if (!task) return;
    const now = this.now();
    this.estimate.observe(task.createdAt, now, status);
    task.lastAge = now - task.createdAt;
    if (status !== 'queued' && status !== 'running' && status !== 'unknown') task.done = true;
  }

  /** When the poll loop, asking for `adaptiveMs`, should really poll this task next (epoch ms). */
  nextPollAt(id: string, adaptiveMs: number): number {
    const task = this.tasks.get(id);
    const now = this.now();
    if (!task) return now + adaptiveMs;
    return this.estimate.nextPollAt(task.createdAt, task.lastAge, now, adaptiveMs);
  }

  priority(id: string): Priority {
    const task = this.tasks.get(id);
    if (!task) return { kind: 'poll', rank: Number.MAX_SAFE_INTEGER };
    // Until one task has finished, the oldest one is the probe that tells how long renders take.
    const urgent = !this.estimate.known && task.rank === this.oldestUnfinished();
    const readyAt = () => (this.estimate.known ? this.nextPollAt(id, 0) : Number.NEGATIVE_INFINITY);
    return { kind: 'poll', rank: task.rank, urgent, readyAt };
  }

  private oldestUnfinished(): number {
    let oldest = Number.POSITIVE_INFINITY;
    for (const task of this.tasks.values()) if (!task.done && task.rank < oldest) oldest = task.rank;
    return oldest;
  }
}

/** The provider's TaskApi with every status read paced; creates are paced by the worker before their journal line. */
export class PacedTaskApi extends TaskApi {
  private readonly pacer: Pacer;
  private readonly tracker: TaskTracker;

  constructor(inner: TaskApi, pacer: Pacer, tracker: TaskTracker) {
    super(inner.http, inner.provider);
    this.pacer = pacer;
    this.tracker = tracker;
  }

  override async get(id: string, view: TaskView = {}, signal?: AbortSignal): Promise<FetchedTask> {
    await this.pacer.acquire(this.tracker.priority(id), signal);
    const fetched = await super.get(id, view, signal);
    this.tracker.seen(id, fetched.task.status);
    return fetched;
  }
}
