import type { Writable } from 'node:stream';
import type { Task, TaskStatus } from '../api/task.js';
import type { HistoryEntry } from '../config/history.js';
import type { Context } from '../context.js';
import { cancelTask } from '../core/cancel-task.js';
import { createTask } from '../core/create-task.js';
import { estimateTokens, type TokenEstimate } from '../core/estimate.js';
import { awaitTask, finishedTask, followTask, planWait } from '../core/follow.js';
import { type Body, type CreateInput, prepareCreateBody } from '../core/request.js';
import { checkSaveTarget, saveTaskVideo } from '../core/save-video.js';
import { resolveTarget } from '../core/target.js';
import { fetchTask, taskEndedError } from '../core/wait-task.js';
import { createTaskProgress } from '../output/task-progress.js';
import { LibraryContext } from './context.js';
import type { RemoteTaskList, SeedanceEvent, SeedanceOptions } from './types.js';

/** A create request: the prompt, media (paths, http(s)/asset:// URLs, images as Buffer or Uint8Array) and every parameter. */
export interface CreateRequest extends Omit<CreateInput, 'base' | 'prompt'> {
  prompt?: string;
  /** A base request body; every field given here wins over it (as `--body`). */
  body?: Record<string, unknown>;
}

export interface WaitOptions {
  /** Milliseconds; 0 waits for ever (default 30 minutes, as the CLI). */
  timeout?: number;
  /** Fixed poll interval in milliseconds, at least 1000: less is an InvalidRequestError (default adaptive, 2 s to 10 s). */
  interval?: number;
  onProgress?: (task: Task) => void;
  signal?: AbortSignal;
}

export interface DownloadOptions {
  /** The file to write (a directory, or a path ending in `/`, saves `<id>.mp4` in it). */
  path?: string;
  /** A directory to save `<id>.mp4` in (default: config `output-dir`, else the working directory). */
  dir?: string;
  /** Write the bytes here instead of a file (no resume). */
  stream?: Writable;
  /** Overwrite an existing file that is not this task's video. */
  force?: boolean;
  /** Continue a `.part` left by an earlier run (default true). */
  resume?: boolean;
  onProgress?: (bytes: number, total: number | null) => void;
  signal?: AbortSignal;
}

export interface SavedVideo {
  /** Absolute path, or null for a stream. */
  path: string | null;
  bytes: number;
  sha256: string;
}

export interface GenerateOptions extends Omit<WaitOptions, 'onProgress'> {
  /** Where to save, as DownloadOptions.path (default: `<id>.mp4` in config `output-dir` or the working directory). */
  output?: string;
  force?: boolean;
  /** The lifecycle events of `seedance create --wait --events`. */
  onEvent?: (event: SeedanceEvent) => void;
  onDownloadProgress?: (bytes: number, total: number | null) => void;
}

export interface GenerateResult extends SavedVideo {
  task: Task;
}

export interface ListOptions {
  /** Ask the API (Ark and BytePlus) instead of reading the local journal. */
  remote?: boolean;
  limit?: number;
  status?: TaskStatus;
  model?: string;
  signal?: AbortSignal;
}

/** What Seedance's methods run, loaded at the first call (see client.ts). */
export class Engine {
  private readonly ctx: LibraryContext;

  constructor(options: SeedanceOptions = {}) {
    this.ctx = new LibraryContext(options);
    this.defaultModel = options.model;
  }

  private readonly defaultModel?: string;

  /** Checks the request, journals it, creates the task; returns the queued task (does not wait). */
  async create(request: CreateRequest, options: { signal?: AbortSignal } = {}): Promise<Task> {
    return this.createWith(this.ctx, request, options.signal);
  }

  /** The normalised task; with `raw`, also the API's own object as `task.raw`. */
  async get(id: string, options: { raw?: boolean; signal?: AbortSignal } = {}): Promise<Task> {
    return (await fetchTask(this.ctx.api(), id, options.raw ? { raw: true } : {}, options.signal)).task;
  }

  /** Polls until the task ends and returns it, whatever its end (check `task.status`). TimeoutError past `timeout`. */
  async wait(id: string, options: WaitOptions = {}): Promise<Task> {
    return this.waitWith(this.ctx, id, options);
  }

  async waitAll(ids: string[], options: WaitOptions = {}): Promise<Task[]> {
    // One failure (not an unfinished task: a timeout or an error) ends the other waits too.
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    return Promise.all(
      ids.map((id) =>
        this.waitWith(this.ctx, id, { ...options, signal }).catch((error: unknown) => {
          stop.abort(error);
          throw error;
        }),
      ),
    );
  }

  /** Downloads a succeeded task's video: resumes a `.part`, verifies size and digest, journals the file. */
  async download(task: string | Task, options: DownloadOptions = {}): Promise<SavedVideo> {
    return this.downloadWith(this.ctx, task, options);
  }

  /** create → wait → save, with the events of `--events`. TaskFailedError when the task ends without a video. */
  async generate(request: CreateRequest, options: GenerateOptions = {}): Promise<GenerateResult> {
    const ctx = this.ctx.forCall(options.onEvent);
    const { output, force, timeout, interval, onDownloadProgress: onProgress } = options;
    const plan = planWait({ download: true, output, force, timeout, interval, bar: false, onProgress });
    // A target that is taken or unwritable is refused before the create: a paid render never ends in "cannot save".
    checkSaveTarget(null, { output, force }, ctx);
    const created = await this.createWith(ctx, request, options.signal);
    const signal = options.signal ?? new AbortController().signal;
    const display = await createTaskProgress(ctx.out, [created.id], ctx.io.now);
    const { task, file } = await followTask(ctx, created.id, plan, { signal, display });
    if (!file) throw taskEndedError(task);
    return { task, path: file.absolute, bytes: file.bytes, sha256: file.sha256 };
  }

  /**
   * As `seedance cancel --yes` (Ark and BytePlus): cancels a queued task, or deletes a finished one's record; a
   * cancelled task is left alone, a refusal says why, the journal records it. Says which it did.
   */
  async cancel(id: string, options: { signal?: AbortSignal } = {}): Promise<'cancelled' | 'deleted'> {
    return (await cancelTask(id, this.ctx, { signal: options.signal })).action;
  }

  async list(options: ListOptions = {}): Promise<RemoteTaskList | HistoryEntry[]> {
    const limit = options.limit ?? 20;
    if (options.remote) {
      const { status, model } = options;
      return this.ctx.api().list({ limit, status, model }, options.signal);
    }
    return (
      this.ctx
        .history()
        .entries()
        .reverse()
        .filter((entry) => entry.outcome !== 'rejected')
        .filter((entry) => !options.model || entry.model === options.model)
        // As `seedance list --status unknown`: an entry with no status seen yet is unknown.
        .filter((entry) => !options.status || (entry.status ?? 'unknown') === options.status)
        .slice(0, limit)
    );
  }

  /** Tokens and list price of a request, before anything is sent. */
  async estimate(request: CreateRequest): Promise<TokenEstimate> {
    const body = await this.prepare(this.ctx, request);
    return estimateTokens(body, this.ctx.settings().provider.name);
  }

  private async prepare(ctx: Context, request: CreateRequest): Promise<Body> {
    const { body: base, prompt = '', ...fields } = request;
    const settings = ctx.settings();
    return prepareCreateBody({ ...fields, prompt, base }, settings.config, this.defaultModel ?? settings.model, {
      cwd: ctx.io.cwd,
      warn: (message) => ctx.out.warn(message),
      provider: settings.provider.name,
    });
  }

  private async createWith(ctx: Context, request: CreateRequest, signal?: AbortSignal): Promise<Task> {
    const body = await this.prepare(ctx, request);
    signal?.throwIfAborted();
    const api = ctx.api();
    // Not aborted once sent: the task may exist and be billed, so its id is journaled and returned first.
    const task = await createTask(api, ctx.history(), body, ctx.io.now);
    ctx.out.event('created', task.id, { model: task.model });
    return task;
  }

  private async waitWith(ctx: Context, id: string, options: WaitOptions): Promise<Task> {
    const plan = planWait({ timeout: options.timeout, interval: options.interval });
    const display = await createTaskProgress(ctx.out, [id], ctx.io.now);
    const signal = options.signal ?? new AbortController().signal;
    return awaitTask(ctx, id, plan, { signal, display, onTask: options.onProgress });
  }

  private async downloadWith(ctx: Context, given: string | Task, options: DownloadOptions): Promise<SavedVideo> {
    const signal = options.signal ?? new AbortController().signal;
    const task = await finishedTask(ctx, given, signal);
    const output = options.stream
      ? '-'
      : (options.path ?? (options.dir === undefined ? undefined : `${options.dir.replace(/[\\/]+$/, '')}/`));
    const path = resolveTarget(output, task.id, ctx.settings().outputDir, ctx.io.cwd);
    const interrupt = { signal, describe() {} };
    const saved = await saveTaskVideo(
      task,
      {
        output: path,
        stdout: options.stream,
        force: options.force,
        resume: options.resume,
        bar: false,
        onProgress: options.onProgress,
      },
      ctx,
      interrupt,
    );
    return { path: options.stream ? null : saved.absolute, bytes: saved.bytes, sha256: saved.sha256 };
  }
}
