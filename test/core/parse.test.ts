import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseInteger, parseSetPair } from '../../src/core/parse.js';

describe('parseDuration', () => {
  it.each([
    ['90', 90_000],
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['0', 0],
    ['1.5s', 1500],
  ])('%s → %i ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'abc', '10x', '-5s', '5 s s'])('refuses %j', (text) =>
    expect(() => parseDuration(text)).toThrow(/invalid duration/),
  );
});

describe('parseInteger', () => {
  it('accepts the range and the extras', () => {
    expect(parseInteger('4', 'duration', 4, 15, [-1])).toBe(4);
    expect(parseInteger('-1', 'duration', 4, 15, [-1])).toBe(-1);
  });
  it.each(['3', '16', '4.5', 'five', ''])('refuses %j', (text) =>
    expect(() => parseInteger(text, 'duration', 4, 15, [-1])).toThrow(/duration must be/),
  );
});

describe('parseSetPair', () => {
  it.each([
    ['a=5', ['a', 5]],
    ['a=true', ['a', true]],
    ['a=hello', ['a', 'hello']],
    ['a={"b":1}', ['a', { b: 1 }]],
    ['a=x=y', ['a', 'x=y']],
    ['a=', ['a', '']],
  ])('%s', (text, pair) => expect(parseSetPair(text)).toEqual(pair));
  it('refuses a pair without a key', () => expect(() => parseSetPair('=5')).toThrow(/key=value/));
});

it('formatDuration', () => {
  expect(formatDuration(42_000)).toBe('0:42');
  expect(formatDuration(3_725_000)).toBe('1:02:05');
});
