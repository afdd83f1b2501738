import { formatPrice, type TaskCost } from '../core/estimate.js';
import { displayWidth, padToWidth, truncateToWidth } from './display-width.js';
import { oneLine } from './sanitize.js';

/** One line of `seedance list`: a journal entry or a remote task. `id` null: a create whose outcome is unknown. */
export interface TaskRow {
  id: string | null;
  created_at: string | null;
  /** Already a label: `succeeded`, `unknown?` … */
  status: string;
  model?: string | null;
  /** What it cost (Task.cost); a COST column appears when any row has one. */
  cost?: TaskCost | null;
  prompt: string | null;
}

const PROMPT_MIN = 20;
const PROMPT_DEFAULT = 60;
const GAP = '  ';

/**
 * The human table of `list`, for stdout. Plain text (no colour): it is a result, often piped to grep or awk.
 * `width` is the terminal's, when stdout is one; the prompt column takes what is left.
 */
export function formatTaskTable(rows: TaskRow[], now: number, width?: number): string {
  const withModel = rows.some((row) => row.model);
  const withCost = rows.some((row) => row.cost);
  const cells = rows.map((row) => [
    row.id === null ? '(no id)' : oneLine(row.id, 80),
    formatAge(row.created_at, now),
    row.status,
    ...(withModel ? [oneLine(row.model ?? '', 40)] : []),
    ...(withCost ? [row.cost ? formatPrice(row.cost.price, row.cost.currency) : '-'] : []),
  ]);
  const header = ['ID', 'CREATED', 'STATUS', ...(withModel ? ['MODEL'] : []), ...(withCost ? ['COST'] : [])];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((cell) => displayWidth(cell[column] ?? ''))),
  );
  const used = widths.reduce((sum, w) => sum + w + GAP.length, 0);
  const promptWidth = width ? Math.max(PROMPT_MIN, width - used) : PROMPT_DEFAULT;
  const line = (values: string[], prompt: string) =>
    [...values.map((value, column) => padToWidth(value, widths[column] ?? 0)), prompt].join(GAP).trimEnd();
  return [
    line(header, 'PROMPT'),
    ...cells.map((values, index) => line(values, truncateToWidth(oneLine(rows[index]?.prompt ?? ''), promptWidth))),
  ].join('\n');
}

/** `40s ago`, `5m ago`, `3h ago`, `2d ago`; older than 30 days: the date. */
export function formatAge(iso: string | null, now: number): string {
  if (!iso) return '?';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '?';
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`;
  if (seconds < 30 * 86_400) return `${Math.floor(seconds / 86_400)}d ago`;
  return new Date(ms).toISOString().slice(0, 10);
}
