import type { Task } from '../api/task.js';
import { formatPrice, groupDigits } from '../core/estimate.js';
import type { Paint } from './output.js';
import { oneLine, stripControl } from './sanitize.js';

/** The short readable block of `seedance status`. */
export function formatTask(task: Task, paint: Paint, link: (url: string) => string = (url) => url): string {
  const rows: Array<[string, string | null]> = [
    ['id', task.id],
    [
      'status',
      `${colorStatus(task.status, paint)}${task.progress !== null && task.status === 'running' ? ` ${task.progress}%` : ''}`,
    ],
    ['model', task.model],
    ['video', task.video_url && link(task.video_url)],
    ['last frame', task.last_frame_url && link(task.last_frame_url)],
    [
      'error',
      task.error ? stripControl(`${task.error.code ? `${task.error.code}: ` : ''}${task.error.message}`) : null,
    ],
    ['created', task.created_at],
    ['finished', task.completed_at],
    ['seed', task.seed === null ? null : String(task.seed)],
    [
      'format',
      [task.resolution, task.ratio, task.duration === null ? null : `${task.duration}s`].filter(Boolean).join(' ') ||
        null,
    ],
    ['tokens', typeof task.usage?.total_tokens === 'number' ? groupDigits(task.usage.total_tokens) : null],
    ['cost', task.cost === null ? null : `${formatPrice(task.cost.price, task.cost.currency)} (${task.cost.basis})`],
    ['raw', task.raw === undefined ? null : oneLine(JSON.stringify(task.raw), 400)],
  ];
  return rows
    .filter((row): row is [string, string] => row[1] !== null && row[1] !== '')
    .map(([label, value]) => `${paint.dim(label.padEnd(10))} ${value}`)
    .join('\n');
}

export function colorStatus(status: Task['status'], paint: Paint): string {
  if (status === 'succeeded') return paint.green(status);
  if (status === 'failed' || status === 'expired' || status === 'cancelled') return paint.red(status);
  return paint.cyan(status);
}
