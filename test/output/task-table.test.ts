import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/output/display-width.js';
import { formatAge, formatTaskTable } from '../../src/output/task-table.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe('formatAge', () => {
  it.each([
    [0, '0s ago'],
    [59, '59s ago'],
    [60, '1m ago'],
    [3599, '59m ago'],
    [3600, '1h ago'],
    [86_399, '23h ago'],
    [86_400, '1d ago'],
    [29 * 86_400, '29d ago'],
    [31 * 86_400, '2026-10-25'],
  ])('%is → %s', (seconds, text) => {
    expect(formatAge(ago(seconds), NOW)).toBe(text);
  });

  it('a missing or bad date is ?', () => {
    expect(formatAge(null, NOW)).toBe('?');
    expect(formatAge('soon', NOW)).toBe('?');
  });
});

describe('formatTaskTable', () => {
  it('aligns columns, shows lost creates, and strips control characters from server text', () => {
    const table = formatTaskTable(
      [
        { id: 'cgt-2', created_at: ago(5), status: 'queued', prompt: 'a\u001b[31m red\nfox' },
        { id: null, created_at: ago(120), status: 'unknown?', prompt: 'lost' },
      ],
      NOW,
    );
    expect(table.split('\n')).toEqual([
      'ID       CREATED  STATUS    PROMPT',
      'cgt-2    5s ago   queued    a red fox',
      '(no id)  2m ago   unknown?  lost',
    ]);
  });

  it('adds a MODEL column when rows have one, and fits the prompt to the width', () => {
    const table = formatTaskTable(
      [{ id: 'cgt-1', created_at: ago(1), status: 'succeeded', model: 'm-1', prompt: 'x'.repeat(200) }],
      NOW,
      60,
    );
    const [header, row] = table.split('\n');
    expect(header).toBe('ID     CREATED  STATUS     MODEL  PROMPT');
    expect(row?.length).toBeLessThanOrEqual(60);
    expect(row).toMatch(/x…$/);
  });
});

describe('formatTaskTable, wide text', () => {
  it('cuts CJK and emoji prompts by terminal columns, so no row is wider than the terminal', () => {
    const prompt = '一只在天空中飞翔的圣诞兔子，雪花飘落，🐰🎄 镜头缓慢推进，电影感，暖色调，细节丰富';
    const table = formatTaskTable(
      [
        { id: 'cgt-1', created_at: ago(1), status: 'succeeded', prompt },
        { id: 'cgt-2', created_at: ago(2), status: 'queued', prompt: 'x'.repeat(200) },
      ],
      NOW,
      60,
    );
    const [, cjk, ascii] = table.split('\n');
    expect(displayWidth(cjk as string)).toBeLessThanOrEqual(60);
    expect(displayWidth(cjk as string)).toBeGreaterThanOrEqual(59);
    expect(cjk).toMatch(/…$/);
    expect(displayWidth(ascii as string)).toBe(60);
  });

  it('aligns columns by width when a model name is wide', () => {
    const table = formatTaskTable(
      [
        { id: 'cgt-1', created_at: ago(1), status: 'queued', model: '模型', prompt: 'a' },
        { id: 'cgt-2', created_at: ago(1), status: 'queued', model: 'abcd', prompt: 'b' },
      ],
      NOW,
    );
    const [, first, second] = table.split('\n');
    expect(displayWidth((first as string).slice(0, -1))).toBe(displayWidth((second as string).slice(0, -1)));
  });
});
