import { randomBytes } from 'node:crypto';
import { evilTaskId, parseDirectives } from './directives.js';
import { utcStamp } from './errors.js';
import type { Faults } from './faults.js';
import {
  expiryMs,
  type ForcedState,
  phases,
  type Snapshot,
  slotReleaseMs,
  snapshotOf,
  type TaskRecord,
} from './lifecycle.js';
import type { TaskRequest } from './validate.js';

export interface TaskAt {
  task: TaskRecord;
  snap: Snapshot;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * All tasks, whichever API created them (the gateway's tasks are Ark tasks upstream). States are derived from the
 * clock at read time; the only stored progress is when each task got a running slot under `maxRunning`.
 */
export class TaskStore {
  private readonly tasks = new Map<string, TaskRecord>();
  private seq = 0;

  constructor(
    private readonly now: () => number,
    private readonly renderMs: number,
    private readonly faults: Faults,
    private readonly onCreate: () => void,
    /** Called with every task after each change (`--state`). */
    private readonly onChange: (tasks: TaskRecord[]) => void = () => {},
    initial: TaskRecord[] = [],
  ) {
    for (const task of initial) {
      this.tasks.set(task.id, task);
      this.seq = Math.max(this.seq, task.seq);
    }
  }

  create(request: TaskRequest, model: string): TaskRecord {
    const createdMs = this.now();
    // An `#id-…` directive's id replaces any earlier task of that id.
    const id = evilTaskId(request.prompt) ?? this.freshId(createdMs);
    this.seq += 1;
    const task: TaskRecord = {
      id,
      seq: this.seq,
      createdMs,
      model,
      request,
      outcome: parseDirectives(request.prompt),
      startMs: null,
      forced: null,
    };
    this.tasks.set(id, task);
    this.changed();
    this.onCreate();
    return task;
  }

  private freshId(createdMs: number): string {
    let id: string;
    do {
      const suffix = Array.from(randomBytes(5), (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
      id = `cgt-${utcStamp(createdMs)}-${suffix}`;
    } while (this.tasks.has(id));
    return id;
  }

  read(id: string): TaskAt | undefined {
    const task = this.tasks.get(id);
    if (!task) return undefined;
    const now = this.now();
    this.schedule(now);
    return { task, snap: snapshotOf(task, now, this.renderMs) };
  }

  /** Every task, newest first. */
  all(): TaskAt[] {
    const now = this.now();
    this.schedule(now);
    return [...this.tasks.values()]
      .sort((a, b) => b.createdMs - a.createdMs || b.seq - a.seq)
      .map((task) => ({ task, snap: snapshotOf(task, now, this.renderMs) }));
  }

  force(id: string, state: ForcedState): void {
    const task = this.tasks.get(id);
    if (!task) throw new Error(`sandbox: no task ${id}`);
    this.schedule(this.now());
    task.forced = { state, atMs: this.now() };
    this.changed();
  }

  delete(id: string): void {
    if (this.tasks.delete(id)) this.changed();
  }

  private changed(): void {
    this.onChange([...this.tasks.values()]);
  }

  /** Hands free running slots to waiting tasks, first come first served, replaying time up to `now`. */
  private schedule(now: number): void {
    const { eligibleMs } = phases(this.renderMs);
    let started = false;
    const waiting = [...this.tasks.values()]
      .filter((t) => t.startMs === null && t.forced === null && t.outcome.kind !== 'cancel')
      .sort((a, b) => a.createdMs - b.createdMs || a.seq - b.seq);
    for (const task of waiting) {
      const eligibleAt = task.createdMs + eligibleMs;
      if (eligibleAt > now) break;
      const start = this.faults.maxRunning > 0 ? this.firstFreeSlot(eligibleAt, this.faults.maxRunning) : eligibleAt;
      const expires = expiryMs(task);
      if (start < expires && start <= now) {
        task.startMs = start;
        started = true;
        continue;
      }
      if (expires <= now) continue;
      break;
    }
    if (started) this.changed();
  }

  private firstFreeSlot(from: number, maxRunning: number): number {
    const busy = [...this.tasks.values()].flatMap((t) => {
      const start = t.startMs ?? (t.forced?.state === 'running' ? t.forced.atMs : null);
      return start === null ? [] : [{ start, release: slotReleaseMs(t, this.renderMs) }];
    });
    const candidates = [from, ...busy.map((b) => b.release).filter((r) => r > from && Number.isFinite(r))];
    candidates.sort((a, b) => a - b);
    for (const at of candidates) {
      const running = busy.filter((b) => b.start <= at && at < b.release).length;
      if (running < maxRunning) return at;
    }
    return Number.POSITIVE_INFINITY;
  }
}
