import { statSync, writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Task } from '../api/task.js';
import type { Context } from '../context.js';
import { DownloadError, UsageError } from '../errors.js';
import { createDownloadProgress } from '../output/download-progress.js';
import { VERSION } from '../version.js';
import { type DownloadResult, downloadVideo, fileSha256, refuseNonHttp, storageSha256 } from './download.js';
import { checkTarget, displayPath, fileExists, lastFramePath, lockTarget, resolveTarget } from './target.js';

/** The part of a command's Interrupt a save uses: the library passes its caller's AbortSignal. */
export interface SaveInterrupt {
  signal: AbortSignal;
  describe(message: () => { message: string; hint?: string }): void;
}

export interface SaveOptions {
  output?: string;
  force?: boolean;
  /** commander's --no-resume sets resume: false */
  resume?: boolean;
  lastFrame?: boolean;
  /** false: no progress bar even on a terminal (several downloads at once share one spinner). */
  bar?: boolean;
  /** Write `<stem>.json` beside the video: request, final task, sha256, timings. */
  sidecar?: boolean;
  /** Rewrite `<folder>/gallery.html` after the save (config `gallery`). */
  gallery?: boolean;
  /** Bytes written so far (resumed bytes included) and the total when known (the library's onProgress). */
  onProgress?: (done: number, total: number | null) => void;
  /** Fields the `downloading`/`downloaded` events carry too (batch: the job and its line). */
  eventFields?: Record<string, unknown>;
  /** With output `-`: the stream to write to instead of stdout (the library's `download({ stream })`). */
  stdout?: Writable;
}

export interface SavedFile {
  /** As shown to a person: relative to the working directory when inside it; `-` for stdout. */
  path: string;
  /** The file written (`-` for stdout). */
  absolute: string;
  bytes: number;
  sha256: string;
  url: string;
  skipped?: boolean;
  ms?: number;
}

/** Downloads a finished task's video (and last frame) to its target, recording the file in the history. */
export async function saveTaskVideo(
  task: Task,
  options: SaveOptions,
  ctx: Context,
  interrupt: SaveInterrupt,
): Promise<SavedFile> {
  if (!task.video_url)
    throw new DownloadError(`task ${task.id} succeeded but the API gave no video URL`, { code: 'no_video_url' });
  const path = resolveTarget(options.output, task.id, ctx.settings().outputDir, ctx.io.cwd);
  const refreshUrl = async () => (await ctx.api().get(task.id, {}, interrupt.signal)).task.video_url;
  const saved = await saveUrl(task.video_url, path, task.id, options, ctx, interrupt, refreshUrl);
  if (path !== '-' && (options.sidecar ?? ctx.settings().config.sidecar === true)) writeSidecar(task, saved, path, ctx);

  if (options.lastFrame && path !== '-') {
    // The gateway's default view has no last frame; its wrapped view carries the upstream content.
    const frameUrl =
      task.last_frame_url || (await ctx.api().get(task.id, { showRaw: true }, interrupt.signal)).task.last_frame_url;
    if (frameUrl) {
      await saveUrl(frameUrl, lastFramePath(path), task.id, { ...options, output: undefined }, ctx, interrupt);
    } else {
      ctx.out.warn(`task ${task.id} has no last frame (create it with --return-last-frame)`);
    }
  }
  if (path !== '-' && (options.gallery ?? ctx.settings().config.gallery === true))
    (await import('./gallery-page.js')).refreshGallery(path, ctx);

  return saved;
}

/**
 * Everything about saving that can be checked before a task is created or waited for, so a paid render never ends
 * in "cannot save": `-o -` not on a terminal, the directory writable, the file free. `id` null: not created yet.
 */
export function checkSaveTarget(id: string | null, options: SaveOptions, ctx: Context): void {
  if (options.output === '-') {
    refuseStdoutClash(ctx);
    return;
  }
  const target = (name: string) => resolveTarget(options.output, name, ctx.settings().outputDir, ctx.io.cwd);
  // Before the create, a name taken from the task id is not known yet: then only the directory can be checked.
  const path = target(id ?? 'id');
  const named = id !== null || path === target('another-id');
  const savedHere =
    id !== null &&
    ctx
      .history()
      .files(id)
      .some((f) => f.path === path);
  checkTarget(path, { checkFile: named && !options.force && !savedHere });
}

function refuseStdoutClash(ctx: Context): void {
  if (ctx.out.mode.json) throw new UsageError('-o - writes the video to stdout; it cannot be combined with --json');
  if (ctx.out.stdoutIsTerminal()) {
    throw new UsageError('-o - writes the video to stdout, which is a terminal', {
      code: 'stdout_is_terminal',
      hint: 'pipe it (… -o - | ffplay -) or redirect it (… -o - > video.mp4)',
    });
  }
}

export async function saveUrl(
  url: string,
  path: string,
  id: string | null,
  options: SaveOptions,
  ctx: Context,
  interrupt: SaveInterrupt,
  refreshUrl?: () => Promise<string | null>,
): Promise<SavedFile> {
  const history = ctx.history();
  const record = ({ bytes, sha256 }: { bytes: number; sha256: string }) => {
    const at = new Date(ctx.io.now()).toISOString();
    history.append({ type: 'file', id: id as string, at, path, bytes, sha256 });
  };
  // A stream the caller gave is theirs to choose; stdout must not be the terminal or carry --json.
  if (path === '-' && !options.stdout) refuseStdoutClash(ctx);
  refuseNonHttp(url);
  // Locked before the file is looked at: a run killed after its rename left a lock with a dead pid, taken over here.
  const unlock = path === '-' ? () => {} : lockTarget(path);
  let complete: { bytes: number; sha256: string } | null;
  try {
    complete = path === '-' ? null : await existingCopy(url, path, id, options, ctx, interrupt.signal);
  } catch (error) {
    unlock();
    throw error;
  }
  if (complete) {
    unlock();
    ctx.out.info(
      `${path} is already complete (${complete.bytes} bytes, sha256 ${complete.sha256.slice(0, 12)}…); nothing to download`,
    );
    return { path: displayPath(path, ctx.io.cwd), absolute: path, ...complete, url, skipped: true };
  }
  const progress = await createDownloadProgress(ctx.out, options.bar !== false);
  ctx.out.event('downloading', id, {
    ...options.eventFields,
    path: displayPath(path, ctx.io.cwd),
    url: redactQuery(url),
  });

  interrupt.describe(() => ({
    message: `download of ${path === '-' ? 'the video' : path}${id ? ` (task ${id})` : ''} interrupted${path === '-' ? '' : '; the .part file is kept'}`,
    hint: path === '-' ? undefined : 'run the same command again: it resumes where it stopped',
  }));
  const started = ctx.io.now();
  /** Where this run started: a resume's speed counts only the bytes it fetched. */
  let firstOffset: number | undefined;
  let knownTotal: number | null = null;
  let result: DownloadResult;
  try {
    result = await downloadVideo({
      url,
      path,
      taskId: id,
      stdout: options.stdout ?? ctx.io.stdout,
      resume: options.resume !== false,
      signal: interrupt.signal,
      userAgent: userAgent(),
      fetch: ctx.proxyFetch(),
      api: apiAuth(ctx),

      stallMs: ctx.settings().requestTimeoutMs,
      sleep: ctx.io.sleep,
      refreshUrl,
      onStart: (total, offset) => {
        firstOffset ??= offset;
        knownTotal = total;
        options.onProgress?.(offset, total);
        if (offset > 0) ctx.out.info(`resuming ${displayPath(path, ctx.io.cwd)} at ${offset} bytes`);
        progress.start(total, offset);
      },
      onProgress: (done) => {
        progress.advance(done);
        options.onProgress?.(done, knownTotal);
      },
      onVerified: (verified) => {
        if (id) record(verified);
      },
      onRetry: (message) => {
        progress.stop();
        ctx.out.warn(message);
      },
      onRestart: (reason) => {
        progress.stop();
        ctx.out.warn(`${displayPath(path, ctx.io.cwd)}.part ${reason}`);
      },
    });
  } catch (error) {
    progress.stop();
    throw error;
  } finally {
    unlock();
  }
  const shown = displayPath(path, ctx.io.cwd);
  progress.finish({
    path: path === '-' ? 'stdout' : shown,
    ...(path === '-' ? {} : { absolute: path }),
    bytes: result.bytes,
    fetched: result.bytes - (firstOffset ?? 0),
    ms: ctx.io.now() - started,
  });
  if (id && path === '-') record(result);
  const fields = {
    ...options.eventFields,
    path: path === '-' ? '-' : shown,
    bytes: result.bytes,
    sha256: result.sha256,
  };
  ctx.out.event('downloaded', id, fields);
  return { ...result, path: shown, absolute: path, ms: ctx.io.now() - started };
}

/** An existing file at `path` that is this video already (null: none there, or --force); throws when it is another. */
async function existingCopy(
  url: string,
  path: string,
  id: string | null,
  options: SaveOptions,
  ctx: Context,
  signal: AbortSignal,
): Promise<{ bytes: number; sha256: string } | null> {
  if (!fileExists(path) || options.force) return null;
  const complete = (id ? await completeCopy(path, id, ctx) : null) ?? (await statedCopy(url, path, ctx, signal));
  if (complete) return complete;
  throw new UsageError(`${path} already exists`, {
    code: 'target_exists',
    hint: 'use --force to overwrite, or -o to choose another path',
  });
}

/**
 * The file at `path` is this task's video when its bytes hash to a sha256 the journal recorded for this task at this
 * path: the hash is of the bytes on disk now, so a file since overwritten by another video or edited is not it.
 */
async function completeCopy(path: string, id: string, ctx: Context): Promise<{ bytes: number; sha256: string } | null> {
  const bytes = statSync(path).size;
  const recorded = ctx
    .history()
    .files(id)
    .filter((f) => f.path === path && f.bytes === bytes);
  if (recorded.length === 0) return null;
  const sha256 = await fileSha256(path);
  return recorded.some((f) => f.sha256 === sha256) ? { bytes, sha256 } : null;
}

/** The file at `path` hashes to the sha256 the storage host states for `url` (asked with a HEAD), when it states one. */
async function statedCopy(
  url: string,
  path: string,
  ctx: Context,
  signal: AbortSignal,
): Promise<{ bytes: number; sha256: string } | null> {
  const stated = await storageSha256(url, {
    signal,
    timeoutMs: ctx.settings().requestTimeoutMs,
    userAgent: userAgent(),
    fetch: ctx.proxyFetch(),
    api: apiAuth(ctx),
  });
  if (stated === null) return null;
  const sha256 = await fileSha256(path);
  return sha256 === stated ? { bytes: statSync(path).size, sha256 } : null;
}

const userAgent = () => `seedance/${VERSION} node/${process.versions.node}`;

/** Signed URLs carry credentials in their query: events and sidecars keep only the origin and path. */
function redactQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

/** `<stem>.json` beside the video: what was asked, what came back, and what was saved, to trace or reproduce it. */
function writeSidecar(task: Task, saved: SavedFile, absolute: string, ctx: Context): void {
  const request = ctx.history().requestOf(task.id);
  const sidecar = {
    id: task.id,
    request: request ?? null,
    task: { ...task, video_url: task.video_url ? redactQuery(task.video_url) : null },
    file: { path: saved.path, bytes: saved.bytes, sha256: saved.sha256 },
    timings: {
      created_at: task.created_at,
      completed_at: task.completed_at,
      downloaded_at: new Date(ctx.io.now()).toISOString(),
      download_seconds: (saved.ms ?? 0) / 1000,
    },
  };
  const path = `${absolute.replace(/\.[^./\\]+$/, '')}.json`;
  writeFileSync(path, `${JSON.stringify(sidecar, null, 2)}\n`);
  ctx.out.info(`wrote ${ctx.out.link(displayPath(path, ctx.io.cwd), path)}`);
}

function apiAuth(ctx: Context): { origin: string; key: string } | undefined {
  const { baseUrl, apiKey } = ctx.settings();
  return apiKey ? { origin: new URL(baseUrl).origin, key: apiKey } : undefined;
}
