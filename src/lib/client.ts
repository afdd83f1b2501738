import type { Task } from '../api/task.js';
import type { HistoryEntry } from '../config/history.js';
import type { TokenEstimate } from '../core/estimate.js';
import { MODELS, type ModelSpec } from '../core/models/catalogue.js';
import { VERSION } from '../version.js';
import type {
  CreateRequest,
  DownloadOptions,
  Engine,
  GenerateOptions,
  GenerateResult,
  ListOptions,
  SavedVideo,
  WaitOptions,
} from './engine.js';
import type { RemoteTaskList, SeedanceOptions } from './types.js';
import { forLibrary } from './wording.js';

/**
 * The seedance engine for Node programs: the same settings, journal, retries and verified downloads as the CLI.
 * The engine (HTTP client, storage, journal) loads at the first call, so importing the library costs little.
 */
export class Seedance {
  static readonly version = VERSION;
  private readonly options: SeedanceOptions;
  private loading?: Promise<Engine>;

  constructor(options: SeedanceOptions = {}) {
    this.options = options;
  }

  /** Checks the request, journals it, creates the task; returns the queued task (does not wait). */
  async create(request: CreateRequest, options: { signal?: AbortSignal } = {}): Promise<Task> {
    return this.call((engine) => engine.create(request, options));
  }

  /** The normalised task; with `raw`, also the API's own object as `task.raw`. */
  async get(id: string, options: { raw?: boolean; signal?: AbortSignal } = {}): Promise<Task> {
    return this.call((engine) => engine.get(id, options));
  }

  /** Polls until the task ends and returns it, whatever its end (check `task.status`). TimeoutError past `timeout`. */
  async wait(id: string, options: WaitOptions = {}): Promise<Task> {
    return this.call((engine) => engine.wait(id, options));
  }

  /** Waits for several tasks at once; resolves with each one's end, in the order given. */
  async waitAll(ids: string[], options: WaitOptions = {}): Promise<Task[]> {
    return this.call((engine) => engine.waitAll(ids, options));
  }

  /** Downloads a succeeded task's video: resumes a `.part`, verifies size and digest, journals the file. */
  async download(task: string | Task, options: DownloadOptions = {}): Promise<SavedVideo> {
    return this.call((engine) => engine.download(task, options));
  }

  /** create → wait → save, with the events of `--events`. TaskFailedError when the task ends without a video. */
  async generate(request: CreateRequest, options: GenerateOptions = {}): Promise<GenerateResult> {
    return this.call((engine) => engine.generate(request, options));
  }

  /** Cancels a queued task (`'cancelled'`), or deletes a finished one's record (`'deleted'`); Ark and BytePlus. */
  async cancel(id: string, options: { signal?: AbortSignal } = {}): Promise<'cancelled' | 'deleted'> {
    return this.call((engine) => engine.cancel(id, options));
  }

  /** The local journal (newest first), or with `remote` the API's list. */
  async list(options: ListOptions & { remote: true }): Promise<RemoteTaskList>;
  async list(options?: ListOptions & { remote?: false }): Promise<HistoryEntry[]>;
  async list(options: ListOptions = {}): Promise<RemoteTaskList | HistoryEntry[]> {
    return this.call((engine) => engine.list(options));
  }

  /** Tokens and list price of a request, before anything is sent. */
  async estimate(request: CreateRequest): Promise<TokenEstimate> {
    return this.call((engine) => engine.estimate(request));
  }

  /** The model catalogue (`seedance models`). */
  models(): readonly ModelSpec[] {
    return MODELS;
  }

  /** Runs a call on the engine; its errors reach the caller with hints in the library's terms (wording.ts). */
  private async call<T>(run: (engine: Engine) => Promise<T>): Promise<T> {
    const engine = await this.engine();
    try {
      return await run(engine);
    } catch (error) {
      throw forLibrary(error);
    }
  }

  private engine(): Promise<Engine> {
    this.loading ??= import('./engine.js').then(({ Engine }) => new Engine(this.options));
    return this.loading;
  }
}
