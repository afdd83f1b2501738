import { eastAsianWidth } from 'get-east-asian-width';

const segmenter = new Intl.Segmenter();
// A cluster with none of these prints nothing: marks, joiners, variation selectors, controls.
const VISIBLE = /[^\p{Mn}\p{Me}\p{Cf}\p{Cc}\p{Default_Ignorable_Code_Point}]/u;
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

/**
 * Terminal columns of one grapheme cluster: 0 for marks and joiners, 2 for East Asian wide/fullwidth characters and
 * emoji, 1 otherwise (ambiguous ones count as narrow, as terminals outside CJK locales draw them).
 */
function clusterWidth(cluster: string): number {
  const visible = VISIBLE.exec(cluster);
  if (!visible) return 0;
  const first = cluster.codePointAt(visible.index) as number;
  // Emoji drawn as pictures (by default, or asked for with VS16, or keycaps): two columns.
  if (cluster.includes('\u20E3')) return 2;
  if (EMOJI.test(cluster) && (/\p{Emoji_Presentation}/u.test(cluster) || cluster.includes('\uFE0F'))) return 2;
  return eastAsianWidth(first);
}

/** Terminal columns a line of text takes (no control characters expected: oneLine strips them first). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const { segment } of segmenter.segment(text)) width += clusterWidth(segment);
  return width;
}

/** At most `max` columns, whole clusters only, with `…` (1 column) when something was cut. */
export function truncateToWidth(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  let width = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = clusterWidth(segment);
    if (width + w > max - 1) break;
    out += segment;
    width += w;
  }
  return `${out}…`;
}

/** `text` padded with spaces to `width` columns. */
export function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
