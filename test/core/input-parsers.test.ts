import { describe, expect, it } from 'vitest';
import { configValue } from '../../src/config/keys.js';
import { resolveSettings } from '../../src/config/settings.js';
import { parseResolution } from '../../src/core/create-params.js';
import { parseBodyField } from '../../src/core/params/table.js';
import { parseInterval, parseSetPair } from '../../src/core/parse.js';
import { buildCreateBody } from '../../src/core/request.js';
import { UsageError } from '../../src/errors.js';

describe('one parser per key, whatever the source', () => {
  it('parseResolution takes any case and returns lower case', () => {
    expect(parseResolution('4K')).toBe('4k');
    expect(parseResolution(' 1080P ')).toBe('1080p');
    expect(() => parseResolution('2k')).toThrow(/resolution must be one of 480p, 720p, 1080p, 4k, got "2k"/);
  });

  it('parseInterval refuses less than a second', () => {
    expect(parseInterval('1s')).toBe(1000);
    expect(parseInterval('2')).toBe(2000);
    for (const text of ['0', '0s', '999ms', '0.5']) expect(() => parseInterval(text)).toThrow(/at least 1s/);
  });

  it('parseSetPair refuses a pair without a key', () => {
    for (const text of ['novalue', '=1', ' =1', 'a.=1', '.a=1']) expect(() => parseSetPair(text)).toThrow(/key=value/);
    expect(parseSetPair('a.b=1')).toEqual(['a.b', 1]);
    expect(parseSetPair('x=')).toEqual(['x', '']);
  });

  it('parseBodyField names its source and converts like the flag', () => {
    expect(parseBodyField('resolution', '720P', '--set')).toBe('720p');
    expect(parseBodyField('generate_audio', 'yes', '--set')).toBe(true);
    expect(parseBodyField('duration', '5', '--set')).toBe(5);
    expect(parseBodyField('unknown_field', { any: 1 }, '--set')).toEqual({ any: 1 });
    expect(() => parseBodyField('seed', 'x', '--body')).toThrow(/^--body: seed must be an integer/);
  });

  it('configValue names config.json and the key, as a usage error', () => {
    expect(configValue({ duration: '5' }, 'duration')).toBe(5);
    expect(configValue({ audio: 'on' }, 'audio')).toBe(true);
    expect(() => configValue({ ratio: '99:1' }, 'ratio')).toThrow(UsageError);
    expect(() => configValue({ ratio: '99:1' }, 'ratio')).toThrow(/^config\.json: ratio must be one of/);
    expect(() => configValue({ 'request-timeout': 'abc' }, 'request-timeout')).toThrow(
      /^config\.json: request-timeout: invalid duration/,
    );
  });

  it('resolveSettings and buildCreateBody read config values through them', () => {
    expect(() => resolveSettings({}, {}, { 'base-url': 'notaurl' })).toThrow(UsageError);
    expect(() => resolveSettings({}, {}, { 'request-timeout': 'abc' })).toThrow(UsageError);
    const config = { ratio: '99:1', duration: 'abc', audio: 'maybe', seed: 'x' };
    expect(() => buildCreateBody({ prompt: 'x' }, config, 'm')).toThrow(/config\.json: ratio/);
    expect(() => buildCreateBody({ prompt: 'x', set: ['novalue'] }, {}, 'm')).toThrow(UsageError);
    expect(() => buildCreateBody({ prompt: 'x', set: ['content=1'] }, {}, 'm')).toThrow(/content must be a JSON array/);
  });
});

describe('jsonBytes', () => {
  it('is the size of the JSON, without building it around the data URLs', async () => {
    const { jsonBytes } = await import('../../src/core/check-body.js');
    const body = {
      model: 'm',
      content: [
        { type: 'text', text: 'ünïcode "quoted"\n' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(5000)}` } },
      ],
      seed: 5,
    };
    expect(jsonBytes(body)).toBe(Buffer.byteLength(JSON.stringify(body)));
  });
});

describe('serializeBody', () => {
  it('gives the bytes of JSON.stringify(body), with large data URLs written in place', async () => {
    const { serializeBody } = await import('../../src/core/request.js');
    const big = (c: string) => `data:image/png;base64,${c.repeat(100_000)}`;
    const body = {
      model: 'm',
      content: [
        { type: 'text', text: 'ünïcode "quoted" 狐狸 @@seedance-data-url-x-0@@\n' },
        { type: 'image_url', image_url: { url: big('QUJD') }, role: 'reference_image' },
        { type: 'image_url', image_url: { url: big('/+9=') }, role: 'reference_image' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
      ],
      seed: 5,
    };
    expect(serializeBody(body).equals(Buffer.from(JSON.stringify(body)))).toBe(true);
    const plain = { model: 'm', content: [{ type: 'text', text: 'x' }] };
    expect(serializeBody(plain).toString()).toBe(JSON.stringify(plain));
  });
});
