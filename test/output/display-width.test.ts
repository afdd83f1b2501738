import { describe, expect, it } from 'vitest';
import { displayWidth, padToWidth, truncateToWidth } from '../../src/output/display-width.js';

describe('displayWidth', () => {
  it.each([
    ['a fox', 5],
    ['圣诞兔子', 8],
    ['ｆｕｌｌ', 8],
    ['한국어', 6],
    ['カタカナ', 8],
    ['ｶﾀｶﾅ', 4],
    ['e\u0301', 1],
    ['🐰', 2],
    ['👩‍👩‍👧', 2],
    ['🇯🇵', 2],
    ['❤️', 2],
    ['❤', 1],
    ['1️⃣', 2],
    ['a\u200bb', 2],
    ['é·', 2],
    ['', 0],
  ])('%j takes %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('truncateToWidth', () => {
  it('cuts at whole clusters within the columns, the ellipsis included', () => {
    expect(truncateToWidth('一只在天空中飞翔的圣诞兔子', 10)).toBe('一只在天…');
    expect(displayWidth(truncateToWidth('一只在天空中飞翔的圣诞兔子', 10))).toBe(9);
    expect(truncateToWidth('ab🐰cd', 4)).toBe('ab…');
    expect(truncateToWidth('ab🐰cd', 5)).toBe('ab🐰…');
    expect(truncateToWidth('e\u0301e\u0301e\u0301', 2)).toBe('e\u0301…');
    expect(truncateToWidth('圣诞', 4)).toBe('圣诞');
  });

  it('pads to columns', () => {
    expect(padToWidth('兔', 4)).toBe('兔  ');
    expect(padToWidth('toolong', 3)).toBe('toolong');
  });
});
