import { expect, it } from 'vitest';
import { parseJournalLine } from '../../src/config/journal-line.js';

const isTyped = (value: unknown): value is { type: string } =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

it('reads an intact line', () => {
  expect(parseJournalLine('{"type":"created","id":"a"}', isTyped)).toEqual({
    record: { type: 'created', id: 'a' },
    intact: true,
  });
});

it('recovers the record appended after a line cut short, and says something was lost', () => {
  const cut = '{"type":"intent","local_id":"cut-sh';
  expect(parseJournalLine(`${cut}{"type":"created","id":"b"}`, isTyped)).toEqual({
    record: { type: 'created', id: 'b' },
    intact: false,
  });
});

it('skips nested items and escaped look-alikes when looking for the record after the cut', () => {
  const nested = '{"type":"intent","request":{"content":[{"type":"text","text":"a \\"{\\"type\\":\\"x\\"}'; // cut short
  const next = JSON.stringify({ type: 'intent', request: { content: [{ type: 'text', text: 'b {"type":"y"}' }] } });
  expect(parseJournalLine(nested + next, isTyped)).toEqual({ record: JSON.parse(next), intact: false });
});

it('a line with nothing recoverable is lost, not thrown', () => {
  expect(parseJournalLine('not json at all', isTyped)).toEqual({ intact: false });
  expect(parseJournalLine('null', isTyped)).toEqual({ intact: false });
});
