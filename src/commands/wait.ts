import type { Context } from '../context.js';
import { planWait } from '../core/follow.js';
import type { SaveOptions } from '../core/save-video.js';
import { resolveTaskIds } from '../terminal/task-ids.js';
import { type WatchOptions, watchMany, watchOne } from '../terminal/watch.js';

export interface WaitOptions extends SaveOptions, WatchOptions {
  timeout?: number;
  interval?: number;
  download?: boolean;
}

/**
 * `wait <id...>`: wait, and with --download/-o save the videos: one process, one display, results on stdout in
 * completion order (one line, or one JSON document, per task). With several tasks the exit code is the worst outcome.
 */
export async function wait(idArgs: string[], options: WaitOptions, ctx: Context): Promise<number> {
  const ids = await resolveTaskIds(idArgs, ctx);
  const { timeout, interval, download, output, force, resume, lastFrame, sidecar, gallery } = options;
  const plan = planWait({ timeout, interval, download, output, force, resume, lastFrame, sidecar, gallery });
  const [id] = ids;
  if (ids.length === 1 && id !== undefined) return watchOne(id, plan, options, ctx);
  return watchMany(ids, plan, options, ctx);
}
