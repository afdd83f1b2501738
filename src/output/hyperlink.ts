import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `text` as an OSC 8 terminal hyperlink to `target` (an absolute path becomes a file:// URL, else an http(s) URL).
 * A target that is neither, or whose URL would carry anything but printable ASCII, leaves the text as it is.
 */
export function hyperlink(text: string, target: string): string {
  let url: string;
  try {
    url = isAbsolute(target) ? pathToFileURL(target).href : new URL(target).href;
  } catch {
    return text;
  }
  if (!/^(https?|file):/.test(url) || !/^[\x21-\x7e]+$/.test(url)) return text;
  return `\x1b]8;;${url}\x1b\\${text}\x1b]8;;\x1b\\`;
}
