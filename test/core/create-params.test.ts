import { describe, expect, it } from 'vitest';
import {
  parseCallbackUrl,
  parseExpiresAfter,
  parseFrames,
  parseSafetyId,
  toolsBody,
} from '../../src/core/create-params.js';

describe('create parameter parsers', () => {
  it('frames are 25+4n in [29, 289]', () => {
    expect(parseFrames('29')).toBe(29);
    expect(parseFrames('289')).toBe(289);
    expect(() => parseFrames('31')).toThrow(/25\+4n/);
    expect(() => parseFrames('293')).toThrow(/between 29 and 289/);
  });

  it('expires-after is a duration of 1h to 72h, sent in seconds', () => {
    expect(parseExpiresAfter('1h')).toBe(3600);
    expect(parseExpiresAfter('72h')).toBe(259_200);
    expect(parseExpiresAfter('90m')).toBe(5400);
    expect(() => parseExpiresAfter('59m')).toThrow(/between 1h and 72h/);
    expect(() => parseExpiresAfter('73h')).toThrow(/between 1h and 72h/);
  });

  it('the callback URL is http(s) and kept as given', () => {
    expect(parseCallbackUrl('https://me.example/hook/')).toBe('https://me.example/hook/');
    expect(parseCallbackUrl('http://me.example/hook')).toBe('http://me.example/hook');
    expect(() => parseCallbackUrl('ftp://me.example/hook')).toThrow(/http\(s\) URL/);
    expect(() => parseCallbackUrl('hook')).toThrow(/http\(s\) URL/);
  });

  it('the safety id is 1 to 64 characters (models.md §2)', () => {
    expect(parseSafetyId(' u-1 ')).toBe('u-1');
    expect(parseSafetyId('x'.repeat(64))).toBe('x'.repeat(64));
    expect(() => parseSafetyId('x'.repeat(65))).toThrow(/at most 64 characters, got 65/);
    expect(() => parseSafetyId(' ')).toThrow(/must not be empty/);
  });

  it('tools become [{type}] once each', () => {
    expect(toolsBody(['web-search', 'web-search'])).toEqual([{ type: 'web_search' }]);
    expect(() => toolsBody(['calc'])).toThrow(/tool must be one of web-search/);
  });
});
