import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';
import { formatPrice, groupDigits } from '../core/estimate.js';
import type { GalleryItem } from '../core/gallery.js';
import { shellWord } from './sanitize.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value as HTML: every string in the page goes through here (prompts, ids, server fields). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

const STYLE = `
:root{color-scheme:dark light;font:14px/1.4 system-ui,sans-serif}
body{margin:0;background:#15171a;color:#e8e8e8}
header{position:sticky;top:0;z-index:1;display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;padding:.75rem 1rem;background:#1f2226;border-bottom:1px solid #333}
h1{font-size:1.1rem;margin:0 1rem 0 0}
input,select,button{font:inherit;color:inherit;background:#2a2e33;border:1px solid #444;border-radius:4px;padding:.3rem .5rem}
#filter{min-width:16rem}
.keys{color:#999;font-size:.85rem}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:1rem;padding:1rem}
.card{background:#1f2226;border:1px solid #333;border-radius:6px;padding:.6rem;outline:none}
.card[hidden]{display:none}
.card:focus{border-color:#6cb6ff;box-shadow:0 0 0 2px #6cb6ff}
video{width:100%;max-height:240px;background:#000;border-radius:4px;display:block}
.missing{padding:2rem .75rem;text-align:center;background:#2b1d1d;border-radius:4px;color:#f5b7b1}
.prompt{white-space:pre-wrap;overflow-wrap:anywhere;margin:.5rem 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.1rem .6rem;margin:.3rem 0;font-size:.85rem}
dt{color:#999}dd{margin:0;overflow-wrap:anywhere}
.command{display:flex;gap:.4rem;align-items:flex-start;margin-top:.4rem}
code{flex:1;font-size:.8rem;background:#111;padding:.3rem;border-radius:4px;overflow-wrap:anywhere;white-space:pre-wrap}
.empty{padding:2rem;color:#999}
`;

// Static: the CSP allows exactly this script by its hash, so no other script (an injected one included) can run.
const SCRIPT = `
const grid = document.getElementById('grid');
const cards = Array.from(grid.querySelectorAll('.card'));
const filter = document.getElementById('filter');
const sort = document.getElementById('sort');
const count = document.getElementById('count');
function applyFilter() {
  const words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
  let shown = 0;
  for (const card of cards) {
    const show = words.every((w) => card.dataset.search.includes(w));
    card.hidden = !show;
    if (show) shown += 1;
  }
  count.textContent = shown + ' of ' + cards.length;
}
function applySort() {
  const [key, direction] = sort.value.split('-');
  const value = (card) => (key === 'cost' ? Number(card.dataset.cost || -1) : Date.parse(card.dataset.created || '') || 0);
  const sign = direction === 'asc' ? 1 : -1;
  cards.slice().sort((a, b) => sign * (value(a) - value(b))).forEach((card) => grid.appendChild(card));
}
function move(step) {
  const list = Array.from(grid.children).filter((card) => !card.hidden);
  if (list.length === 0) return;
  const at = list.indexOf(document.activeElement && document.activeElement.closest('.card'));
  const next = list[at < 0 ? 0 : Math.max(0, Math.min(list.length - 1, at + step))];
  next.focus();
  next.scrollIntoView({ block: 'nearest' });
}
async function copy(button) {
  const text = button.dataset.command;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  const label = button.dataset.label;
  button.textContent = 'copied';
  setTimeout(() => { button.textContent = label; }, 1500);
}
filter.addEventListener('input', applyFilter);
sort.addEventListener('change', applySort);
for (const button of document.querySelectorAll('button.copy')) button.addEventListener('click', () => copy(button));
document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.target === filter) {
    if (event.key === 'Escape') { filter.value = ''; applyFilter(); filter.blur(); }
    if (event.key === 'Enter' || event.key === 'ArrowDown') { event.preventDefault(); move(0); }
    return;
  }
  if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
  if (event.target instanceof HTMLVideoElement && event.key.startsWith('Arrow')) return;
  const card = document.activeElement && document.activeElement.closest('.card');
  if (event.key === '/') { event.preventDefault(); filter.focus(); }
  else if (['ArrowRight', 'ArrowDown', 'j'].includes(event.key)) { event.preventDefault(); move(1); }
  else if (['ArrowLeft', 'ArrowUp', 'k'].includes(event.key)) { event.preventDefault(); move(-1); }
  else if (card && event.target === card && (event.key === 'Enter' || event.key === ' ')) {
    const video = card.querySelector('video');
    if (video) { event.preventDefault(); if (video.paused) video.play(); else video.pause(); }
  }
  else if (card && event.key === 'c') copy(card.querySelector('button.copy'));
});
applyFilter();
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Nothing external: no network source at all; media and images only from the page's own folder. */
export const GALLERY_CSP = [
  "default-src 'none'",
  `script-src ${hash(SCRIPT)}`,
  `style-src ${hash(STYLE)}`,
  "img-src 'self' file:",
  "media-src 'self' file:",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** A relative URL from the page's folder to a file, so the page works from file:// and when the folder moves. */
function link(fromDir: string, path: string): string {
  return relative(fromDir, path).split(sep).map(encodeURIComponent).join('/');
}

const when = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1 UTC') : '–');

function size(bytes: number | null): string {
  if (bytes === null) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function card(item: GalleryItem, pageDir: string): string {
  const e = escapeHtml;
  const field = (name: string, value: string | number | null) =>
    `<dt>${name}</dt><dd>${e(value === null || value === '' ? '–' : String(value))}</dd>`;
  const search = [item.prompt, item.model, item.id, item.ratio, item.resolution, item.path]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  const poster = item.poster ? ` poster="${e(link(pageDir, item.poster))}"` : '';
  const media = item.missing
    ? `<div class="missing">file missing: ${e(item.path)}</div>`
    : `<video controls preload="metadata" src="${e(link(pageDir, item.path))}"${poster}></video>`;
  const commands: Array<[string, string]> = [];
  if (item.missing && item.id)
    commands.push(['copy download', `seedance download ${shellWord(item.id)} -o ${shellWord(item.path)}`]);
  commands.push(['copy the command', item.command]);
  const buttons = commands
    .map(
      ([label, command]) =>
        `<div class="command"><code>${e(command)}</code><button type="button" class="copy" data-label="${e(label)}" data-command="${e(command)}">${e(label)}</button></div>`,
    )
    .join('');
  return `<article class="card${item.missing ? ' is-missing' : ''}" tabindex="0" data-id="${e(item.id ?? '')}" data-search="${e(search)}" data-created="${e(item.created_at ?? '')}" data-cost="${item.cost?.price ?? ''}">
${media}
<p class="prompt">${e(item.prompt || '(no prompt recorded)')}</p>
<dl>${[
    field('model', item.model),
    field('ratio', item.ratio),
    field('resolution', item.resolution),
    field('duration', item.duration === null ? null : `${item.duration} s`),
    field('seed', item.seed),
    field('tokens', item.tokens === null ? null : groupDigits(item.tokens)),
    field('cost', item.cost === null ? null : `≈ ${formatPrice(item.cost.price, item.cost.currency)} (list price)`),
    field('created', when(item.created_at)),
    field('finished', when(item.finished_at)),
    field('task', item.id),
    field('size', item.missing ? 'missing' : size(item.bytes)),
  ].join('')}</dl>
${buttons}
</article>`;
}

/** The whole page: one file, no network, works from file://. `pageDir`: where it is saved (links are relative). */
export function galleryHtml(items: GalleryItem[], pageDir: string, title: string): string {
  const missing = items.filter((i) => i.missing).length;
  const summary = `${items.length} video${items.length === 1 ? '' : 's'}${missing ? `, ${missing} missing` : ''}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${GALLERY_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<input id="filter" type="search" placeholder="filter: prompt, model, id…" aria-label="filter" autocomplete="off">
<select id="sort" aria-label="sort">
<option value="date-desc">newest first</option>
<option value="date-asc">oldest first</option>
<option value="cost-desc">cost: highest first</option>
<option value="cost-asc">cost: lowest first</option>
</select>
<span id="count">${escapeHtml(summary)}</span>
<span class="keys">/ filter · ←/→ or j/k move · Enter play · c copy the command</span>
</header>
<main id="grid">
${items.map((item) => card(item, pageDir)).join('\n')}
</main>
${items.length === 0 ? '<p class="empty">No videos here yet: seedance create "…" -o clip.mp4 --sidecar</p>' : ''}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
