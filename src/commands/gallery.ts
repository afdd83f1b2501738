import { spawn } from 'node:child_process';
import { renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Context } from '../context.js';
import { collectGallery } from '../core/gallery.js';
import { displayPath } from '../core/target.js';
import { DownloadError, fsReason, UsageError } from '../errors.js';
import { galleryHtml } from '../output/gallery-html.js';

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

/** After a download with --gallery (or config `gallery true`): rewrites `<folder>/gallery.html`. */
export function refreshGallery(videoPath: string, ctx: Context): void {
  const folder = dirname(resolve(ctx.io.cwd, videoPath));
  writeGallery(folder, join(folder, 'gallery.html'), ctx);
}

function writeGallery(folder: string, page: string, ctx: Context): { videos: number; missing: number } {
  const history = ctx.history();
  const items = collectGallery(folder, { entries: history.entries(), records: history.records() });
  const html = galleryHtml(items, dirname(page), `seedance gallery: ${basename(folder)}`);
  // Written beside and renamed, so a browser reloading the page never reads half of it.
  const partial = `${page}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, html);
    renameSync(partial, page);
  } catch (error) {
    throw new DownloadError(`cannot write ${displayPath(page, ctx.io.cwd)}: ${fsReason(error)}`);
  }
  const missing = items.filter((i) => i.missing).length;
  const note = missing ? `, ${missing} missing` : '';
  const videos = items.length - missing;
  ctx.out.info(
    `wrote ${ctx.out.link(displayPath(page, ctx.io.cwd), page)} (${videos} video${videos === 1 ? '' : 's'}${note})`,
  );
  return { videos: items.length - missing, missing };
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
