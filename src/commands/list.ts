import { isTerminal, type Task, type TaskStatus } from '../api/task.js';
import { requireRoute } from '../api/tasks.js';
import type { HistoryEntry } from '../config/history.js';
import type { Context } from '../context.js';
import { NotFoundError, UsageError } from '../errors.js';
import { formatTaskTable, type TaskRow } from '../output/task-table.js';
import { resolveTaskId } from '../terminal/task-ids.js';

export interface ListOptions {
  limit: number;
  status?: TaskStatus;
  model?: string;
  refresh?: boolean;
  remote?: boolean;
  serviceTier?: string;
}

/** What `list --json` prints for a journal entry. */
export interface ListedEntry {
  id: string | null;
  created_at: string;
  status: TaskStatus | null;
  prompt: string;
  outcome: HistoryEntry['outcome'];
  video_url: string | null;
  cost: HistoryEntry['cost'];
  files: HistoryEntry['files'];
}

export async function list(idArgs: string[], options: ListOptions, ctx: Context): Promise<number> {
  const ids = idArgs.map((id) => resolveTaskId(id, ctx));
  return options.remote ? listRemote(ids, options, ctx) : listLocal(ids, options, ctx);
}

/** The journal, newest first. A create whose answer was lost is listed too: the task may exist and cost money. */
async function listLocal(ids: string[], options: ListOptions, ctx: Context): Promise<number> {
  if (options.serviceTier) throw new UsageError('--service-tier applies to --remote');
  const wanted = new Set(ids);
  const shown: HistoryEntry[] = [];
  const refresher = options.refresh ? new Refresher(ctx) : undefined;
  // Newest first, refreshing lazily: a --status filter then sees the fresh status, and only what is shown is asked.
  for (const entry of ctx.history().entries().reverse()) {
    if (shown.length >= options.limit) break;
    if (entry.outcome === 'rejected') continue; // the API refused it: no task exists
    if (wanted.size > 0 && (entry.id === null || !wanted.has(entry.id))) continue;
    if (options.model && entry.model !== options.model) continue;
    await refresher?.refresh(entry);
    if (options.status && (entry.status ?? 'unknown') !== options.status) continue;
    shown.push(entry);
  }
  refresher?.report();

  if (ctx.out.mode.json) {
    ctx.out.json(shown.map(listedEntry));
    return 0;
  }
  if (shown.length === 0) {
    ctx.out.info('no tasks in the local history match');
    return 0;
  }
  const rows: TaskRow[] = shown.map((entry) => ({
    id: entry.id,
    created_at: entry.created_at,
    status: entry.status ?? 'unknown?',
    cost: entry.cost,
    prompt: entry.prompt,
  }));
  ctx.out.result(formatTaskTable(rows, ctx.io.now(), ctx.out.stdoutWidth()));
  const lost = shown.filter((entry) => entry.id === null).length;
  if (lost > 0) {
    ctx.out.info(
      `${lost} create request(s) lost their answer: the task may exist (ark, byteplus: check \`seedance list --remote\`)`,
    );
  }
  return 0;
}

function listedEntry(entry: HistoryEntry): ListedEntry {
  const { id, created_at, status, prompt, outcome, video_url, cost, files } = entry;
  return { id, created_at, status, prompt, outcome, video_url, cost, files };
}

/** `--refresh`: asks the API again about unfinished tasks of the current provider and journals what it says. */
class Refresher {
  private readonly ctx: Context;
  private elsewhere = 0;

  constructor(ctx: Context) {
    this.ctx = ctx;
  }

  async refresh(entry: HistoryEntry): Promise<void> {
    if (entry.id === null || (entry.status !== null && isTerminal(entry.status))) return;
    const settings = this.ctx.settings();
    // A task is only known to the API that created it.
    if (entry.base_url !== null && entry.base_url !== settings.baseUrl) {
      this.elsewhere += 1;
      return;
    }
    let task: Task;
    try {
      task = (await this.ctx.api().get(entry.id)).task;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      this.ctx.out.warn(`${entry.id} is no longer on the server (tasks are kept about 7 days)`);
      return;
    }
    const now = this.ctx.io.now();
    this.ctx.history().recordStatus({ ...task, id: entry.id }, now);
    entry.status = task.status;
    entry.updated_at = new Date(now).toISOString();
    if (task.video_url) entry.video_url = task.video_url;
    if (task.cost) entry.cost = task.cost;
  }

  report(): void {
    if (this.elsewhere === 0) return;
    this.ctx.out.info(
      `${this.elsewhere} unfinished task(s) were created through another base URL or provider and were not refreshed`,
    );
  }
}

/** `--remote`: the server's own list (ark, byteplus), newest first, within its 7-day window. */
async function listRemote(ids: string[], options: ListOptions, ctx: Context): Promise<number> {
  if (options.refresh) throw new UsageError('--refresh is for the local history; --remote is always current');
  requireRoute(ctx.settings().provider, 'list');
  const { total, tasks } = await ctx.api().list({
    limit: options.limit,
    status: options.status,
    model: options.model,
    taskIds: ids,
    serviceTier: options.serviceTier,
  });
  if (ctx.out.mode.json) {
    ctx.out.json(tasks);
    return 0;
  }
  if (tasks.length === 0) {
    ctx.out.info('no tasks on the server match (it lists the last 7 days)');
    return 0;
  }
  const prompts = new Map(
    ctx
      .history()
      .entries()
      .map((entry) => [entry.id, entry.prompt]),
  );
  const rows: TaskRow[] = tasks.map((task) => ({
    id: task.id,
    created_at: task.created_at,
    status: task.status,
    model: task.model,
    cost: task.cost,
    prompt: prompts.get(task.id) ?? null,
  }));
  ctx.out.result(formatTaskTable(rows, ctx.io.now(), ctx.out.stdoutWidth()));
  if (total > tasks.length) ctx.out.info(`showing ${tasks.length} of ${total}; raise --limit for more`);
  return 0;
}
