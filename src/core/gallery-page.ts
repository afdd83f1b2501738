import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Context } from '../context.js';
import { DownloadError, fsReason } from '../errors.js';
import { galleryHtml } from '../output/gallery-html.js';
import { collectGallery } from './gallery.js';
import { displayPath } from './target.js';

/** After a download with --gallery (or config `gallery true`): rewrites `<folder>/gallery.html`. */
export function refreshGallery(videoPath: string, ctx: Context): void {
  const folder = dirname(resolve(ctx.io.cwd, videoPath));
  try {
    writeGallery(folder, join(folder, 'gallery.html'), ctx);
  } catch (error) {
    // The video is saved and verified: a page that cannot be written is worth a warning, not a failed download.
    ctx.out.warn(`the video is saved, but the gallery was not updated: ${(error as Error).message}`);
  }
}

/** Writes `page`: the gallery of the videos in `folder` (`seedance gallery`). */
export function writeGallery(folder: string, page: string, ctx: Context): { videos: number; missing: number } {
  const history = ctx.history();
  const items = collectGallery(folder, { entries: history.entries(), records: history.records() });
  const html = galleryHtml(items, dirname(page), `seedance gallery: ${basename(folder)}`);
  // Written beside and renamed, so a browser reloading the page never reads half of it.
  const partial = `${page}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, html);
    renameSync(partial, page);
  } catch (error) {
    rmSync(partial, { force: true });
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
