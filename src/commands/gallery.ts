import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Context } from '../context.js';
import { writeGallery } from '../core/gallery-page.js';
import { displayPath } from '../core/target.js';
import { fsReason, UsageError } from '../errors.js';

export interface GalleryOptions {
  output?: string;
  open?: boolean;
}

/** `gallery [dir]`: one self-contained HTML page of the videos in a folder; prints its path. */
export async function gallery(dir: string | undefined, options: GalleryOptions, ctx: Context): Promise<number> {
  const folder = resolve(ctx.io.cwd, dir ?? ctx.settings().outputDir ?? '.');
  let isDir = false;
  try {
    isDir = statSync(folder).isDirectory();
  } catch {}
  if (!isDir) throw new UsageError(`${displayPath(folder, ctx.io.cwd)} is not a directory`);
  const page = options.output ? resolve(ctx.io.cwd, options.output) : join(folder, 'gallery.html');
  const { videos, missing } = writeGallery(folder, page, ctx);
  if (ctx.out.mode.json) ctx.out.json({ path: page, videos, missing });
  else ctx.out.result(displayPath(page, ctx.io.cwd));
  if (options.open) openInBrowser(page, ctx);
  return 0;
}

function openInBrowser(page: string, ctx: Context): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [page]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', page]]
        : ['xdg-open', [page]];
  const child = spawn(command, args as string[], { detached: true, stdio: 'ignore', env: ctx.io.env });
  child.on('error', (error) =>
    ctx.out.warn(`could not open ${page} (${command}: ${fsReason(error)}); open it yourself`),
  );
  child.unref();
}
