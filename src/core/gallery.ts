import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { HistoryEntry, HistoryRecord } from '../config/history.js';
import { shellWord } from '../output/sanitize.js';
import { taskCost } from './estimate.js';
import { lastFramePath } from './target.js';

/** One card of the gallery: a video in the folder, or one the journal saved there that is gone. */
export interface GalleryItem {
  id: string | null;
  /** Absolute path of the video; for a missing one, where the journal says it was saved. */
  path: string;
  missing: boolean;
  /** Absolute path of `<stem>.last-frame.png` when it exists. */
  poster: string | null;
  prompt: string;
  model: string | null;
  ratio: string | null;
  resolution: string | null;
  duration: number | null;
  seed: number | null;
  tokens: number | null;
  /** What it cost at its model's list price (Task.cost); null when the model's price or the tokens are not known. */
  cost: { price: number; currency: string } | null;
  created_at: string | null;
  finished_at: string | null;
  bytes: number | null;
  /** `seedance create …` with the same prompt and parameters (reference media are not carried over). */
  command: string;
}

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj => (typeof value === 'object' && value !== null ? (value as Obj) : {});
const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The create command that asks for the same video again: prompt, model and the parameters that shape it. */
export function recreateCommand(prompt: string, model: string | null, body: Obj): string {
  const words = ['seedance', 'create', shellWord(prompt)];
  const add = (flag: string, value: unknown) => {
    if (typeof value === 'string' || typeof value === 'number') words.push(flag, shellWord(String(value)));
  };
  add('--model', model);
  add('--ratio', body.ratio);
  add('--resolution', body.resolution);
  add('--duration', body.duration);
  add('--frames', body.frames);
  add('--seed', body.seed);
  if (body.generate_audio === false) words.push('--no-audio');
  if (body.watermark === true) words.push('--watermark');
  if (body.camera_fixed === true) words.push('--camera-fixed');
  return words.join(' ');
}

const promptOf = (body: Obj) =>
  (Array.isArray(body.content) ? body.content : [])
    .map(obj)
    .filter((item) => item.type === 'text')
    .map((item) => str(item.text) ?? '')
    .join('\n');

export interface GallerySources {
  /** The journal's entries and records (History.entries(), History.records()). */
  entries: HistoryEntry[];
  records: HistoryRecord[];
}

/** The videos in `dir` (not its subfolders), newest first, with what their sidecars and the journal say. */
export function collectGallery(dir: string, sources: GallerySources): GalleryItem[] {
  const folder = resolve(dir);
  const byId = new Map(sources.entries.filter((e) => e.id).map((e) => [e.id as string, e]));
  const idOfPath = new Map<string, string>();
  const requestOf = new Map<string, Obj>();
  for (const record of sources.records) {
    if (record.type === 'file') idOfPath.set(resolve(record.path), record.id);
  }
  const localToId = new Map<string, string>();
  for (const record of sources.records) if (record.type === 'created') localToId.set(record.local_id, record.id);
  for (const record of sources.records) {
    const id = record.type === 'intent' ? localToId.get(record.local_id) : undefined;
    if (id && record.type === 'intent') requestOf.set(id, obj(record.request));
  }

  const items: GalleryItem[] = [];
  const shown = new Set<string>();
  for (const name of readdirSync(folder).sort()) {
    if (!/\.mp4$/i.test(name)) continue;
    const path = join(folder, name);
    if (!statSync(path).isFile()) continue;
    const sidecar = readSidecar(path);
    const task = obj(sidecar?.task);
    const id = str(sidecar?.id) ?? idOfPath.get(path) ?? null;
    const entry = id ? byId.get(id) : undefined;
    const body = obj(obj(sidecar?.request).body ?? (id ? requestOf.get(id) : undefined));
    if (id) shown.add(id);
    items.push(item({ id, path, missing: false, task, body, entry, bytes: statSync(path).size }));
  }
  for (const [path, id] of idOfPath) {
    if (shown.has(id) || dirname(path) !== folder || existsSync(path)) continue;
    shown.add(id);
    items.push(item({ id, path, missing: true, task: {}, body: requestOf.get(id) ?? {}, entry: byId.get(id) }));
  }
  return items.sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
}

function item(source: {
  id: string | null;
  path: string;
  missing: boolean;
  task: Obj;
  body: Obj;
  entry: HistoryEntry | undefined;
  bytes?: number;
}): GalleryItem {
  const { task, body, entry } = source;
  const prompt = str(entry?.prompt) ?? promptOf(body);
  const model = str(task.model) ?? entry?.model ?? str(body.model);
  const resolution = str(task.resolution) ?? str(body.resolution);
  const usage = obj(task.usage);
  const tokens = num(usage.completion_tokens) ?? num(usage.total_tokens);
  const cost = model === null ? null : taskCost({ model, status: 'succeeded', resolution, usage });
  const poster = lastFramePath(source.path);
  return {
    id: source.id,
    path: source.path,
    missing: source.missing,
    poster: !source.missing && existsSync(poster) ? poster : null,
    prompt,
    model,
    ratio: str(task.ratio) ?? str(body.ratio),
    resolution,
    duration: num(task.duration) ?? num(body.duration),
    seed: num(task.seed) ?? num(body.seed),
    tokens,
    cost: cost && { price: cost.price, currency: cost.currency },
    created_at: str(task.created_at) ?? entry?.created_at ?? null,
    finished_at: str(task.completed_at) ?? str(task.updated_at),
    bytes: source.bytes ?? null,
    // The name the user asked for (the gateway's sd2.0), not the upstream model the task reports.
    command: recreateCommand(prompt, str(body.model) ?? entry?.model ?? model, body),
  };
}

function readSidecar(videoPath: string): Obj | null {
  try {
    return obj(JSON.parse(readFileSync(`${videoPath.replace(/\.[^./\\]+$/, '')}.json`, 'utf8')));
  } catch {
    return null;
  }
}
