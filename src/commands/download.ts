import { basename } from 'node:path';
import type { Context } from '../context.js';
import { resolveTarget } from '../core/target.js';
import { taskEndedError } from '../core/wait-task.js';
import { WaitTimeoutError } from '../errors.js';
import { onInterrupt } from './interrupt.js';
import { type SavedFile, type SaveOptions, saveTaskVideo, saveUrl } from './save-video.js';
import { resolveTaskId } from './task-id.js';

/** `download <task-id|url>`: a finished task's video (URL re-resolved when it expired), or any https URL as is. */
export async function download(target: string, options: SaveOptions, ctx: Context): Promise<number> {
  const interrupt = onInterrupt(ctx);
  try {
    let id: string | null;
    let file: SavedFile;
    if (/^https?:\/\//i.test(target)) {
      id = null;
      const name = basename(new URL(target).pathname).replace(/\.mp4$/i, '') || 'video';
      const path = resolveTarget(options.output, name, ctx.settings().outputDir, ctx.io.cwd);
      file = await saveUrl(target, path, null, options, ctx, interrupt);
    } else {
      id = resolveTaskId(target, ctx);
      const { task } = await ctx.api().get(id, {}, interrupt.signal);
      if (task.status === 'failed' || task.status === 'cancelled' || task.status === 'expired')
        throw taskEndedError(task);
      if (task.status !== 'succeeded') {
        throw new WaitTimeoutError(
          `task ${id} is not finished yet (${task.status}${task.progress !== null ? ` ${task.progress}%` : ''})`,
          {
            code: 'not_ready',
            hint: `seedance wait ${id} --download`,
          },
        );
      }
      file = await saveTaskVideo(task, options, ctx, interrupt);
    }
    if (ctx.out.mode.json) ctx.out.json({ id, url: file.url, path: file.path, bytes: file.bytes, sha256: file.sha256 });
    else if (file.path !== '-') ctx.out.result(file.path);
    return 0;
  } finally {
    interrupt.dispose();
  }
}
