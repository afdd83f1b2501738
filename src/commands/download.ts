import { basename } from 'node:path';
import type { Context } from '../context.js';
import { finishedTask } from '../core/follow.js';
import { type SavedFile, type SaveOptions, saveTaskVideo, saveUrl } from '../core/save-video.js';
import { resolveTarget } from '../core/target.js';
import { InterruptedError, UsageError } from '../errors.js';
import { type ExitCode, worstExitCode } from '../exit-codes.js';
import { writeGithubOutputs } from '../output/github.js';
import { asCliError } from '../output/output.js';
import { type Interrupt, onInterrupt } from '../terminal/interrupt.js';
import { resolveTaskIds } from '../terminal/task-ids.js';

const isUrl = (target: string) => /^https?:\/\//i.test(target);

/**
 * `download <task-id|url>...`: a finished task's video (its URL re-resolved when expired), or any http(s) URL as is.
 * Several targets (or `-`): each to -o <dir>/ or the default place; JSON Lines with --json; the worst exit code.
 */
export async function download(args: string[], options: SaveOptions, ctx: Context): Promise<number> {
  const urls = args.filter(isUrl);
  const targets = [
    ...urls,
    ...(urls.length === args.length
      ? []
      : await resolveTaskIds(
          args.filter((a) => !isUrl(a)),
          ctx,
        )),
  ];
  const single = targets.length === 1;
  if (!single && options.output !== undefined && !/[/\\]$/.test(options.output)) {
    throw new UsageError('with several downloads, -o must be a directory (ending in /)');
  }
  const interrupt = onInterrupt(ctx);
  const codes: ExitCode[] = [];
  try {
    for (const target of targets) {
      try {
        await downloadOne(target, options, ctx, interrupt, single);
        codes.push(0);
      } catch (error) {
        if (single || error instanceof InterruptedError) throw error;
        const cliError = asCliError(error);
        ctx.out.error(cliError);
        codes.push(cliError.exitCode);
      }
    }
  } finally {
    interrupt.dispose();
  }
  return worstExitCode(codes);
}

async function downloadOne(target: string, options: SaveOptions, ctx: Context, interrupt: Interrupt, single: boolean) {
  let id: string | null = null;
  let file: SavedFile;
  if (isUrl(target)) {
    const name = basename(new URL(target).pathname).replace(/\.mp4$/i, '') || 'video';
    const path = resolveTarget(options.output, name, ctx.settings().outputDir, ctx.io.cwd);
    file = await saveUrl(target, path, null, options, ctx, interrupt);
  } else {
    id = target;
    const task = await finishedTask(ctx, id, interrupt.signal);
    file = await saveTaskVideo(task, options, ctx, interrupt);
    writeGithubOutputs(ctx.io.env, task, file.path);
  }
  const result = { id, url: file.url, path: file.path, bytes: file.bytes, sha256: file.sha256 };
  if (ctx.out.mode.json) {
    if (single) ctx.out.json(result);
    else ctx.out.jsonLine(result);
  } else if (file.path !== '-') {
    ctx.out.result(file.path);
  }
}
