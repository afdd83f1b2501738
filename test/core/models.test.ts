import { describe, expect, it } from 'vitest';
import { MODELS } from '../../src/core/models/catalogue.js';
import { findModel, resolveModel } from '../../src/core/models/resolve.js';
import type { ProviderName } from '../../src/core/parse.js';

describe('resolveModel', () => {
  it.each<[string, ProviderName, string]>([
    ['2.0', 'gateway', 'sd2.0'],
    ['2.0-fast', 'gateway', 'doubao-seedance-2-0-fast-260128'],
    ['2.0-mini', 'gateway', 'doubao-seedance-2-0-mini-260615'],
    ['2.5', 'gateway', 'doubao-seedance-2-5-260628'],
    ['doubao-seedance-2-0-260128', 'gateway', 'doubao-seedance-2-0-260128'],
    ['2.0', 'ark', 'doubao-seedance-2-0-260128'],
    ['2.5', 'ark', 'doubao-seedance-2-5-260628'],
    ['1.5-pro', 'ark', 'doubao-seedance-1-5-pro-251215'],
    ['1.0-pro', 'ark', 'doubao-seedance-1-0-pro-250528'],
    ['1.0-pro-fast', 'ark', 'doubao-seedance-1-0-pro-fast-251015'],
    ['1.0-lite-t2v', 'ark', 'doubao-seedance-1-0-lite-t2v-250428'],
    ['2.0', 'byteplus', 'dreamina-seedance-2-0-260128'],
    ['2.0-fast', 'byteplus', 'dreamina-seedance-2-0-fast-260128'],
    ['2.0-mini', 'byteplus', 'dreamina-seedance-2-0-mini-260615'],
    ['dreamina-seedance-2-0-mini', 'byteplus', 'dreamina-seedance-2-0-mini'],
    ['2.5', 'byteplus', 'dreamina-seedance-2-5-260628'],
    ['1.5-pro', 'byteplus', 'seedance-1-5-pro-251215'],
    ['1.0-pro', 'byteplus', 'seedance-1-0-pro-250528'],
    ['1.0-pro-fast', 'byteplus', 'seedance-1-0-pro-fast-251015'],
  ])('-m %s on %s sends %s', (name, provider, id) => {
    const resolved = resolveModel(name, provider);
    expect(resolved.id).toBe(id);
    expect(resolved.spec).not.toBeNull();
  });

  it.each<[string, ProviderName, RegExp, RegExp]>([
    [
      'doubao-seedance-2-0-260128',
      'byteplus',
      /not a BytePlus model id: BytePlus knows Seedance 2\.0 as dreamina-seedance-2-0-260128/,
      /-m 2\.0/,
    ],
    ['dreamina-seedance-2-5-260628', 'ark', /Volcengine Ark knows Seedance 2\.5 as doubao-seedance-2-5-260628/, /2\.5/],
    [
      'dreamina-seedance-2-0-260128',
      'gateway',
      /not a gateway model id: the gateway knows Seedance 2\.0 as sd2\.0/,
      /sd2\.0/,
    ],
    ['1.0-lite-t2v', 'byteplus', /1\.0 lite t2v is gone: it answers 404 on BytePlus/, /seedance models/],
    ['seedance-1-0-lite-i2v-250428', 'byteplus', /gone/, /models/],
  ])('%s on %s is refused with the right id', (name, provider, message, hint) => {
    let error: (Error & { hint?: string }) | undefined;
    try {
      resolveModel(name, provider);
    } catch (caught) {
      error = caught as Error & { hint?: string };
    }
    expect(error?.message).toMatch(message);
    expect(error?.hint).toMatch(hint);
  });

  it('an unknown id is sent as given, with no entry', () => {
    expect(resolveModel('seedance-3-0-260901', 'ark')).toEqual({ id: 'seedance-3-0-260901', spec: null });
    expect(resolveModel('ep-20260101-abc', 'ark').spec).toBeNull();
  });
});

describe('the catalogue', () => {
  it('has every model of models.md, each alias unique, each id unique', () => {
    expect(MODELS.map((m) => m.alias)).toEqual([
      '2.5',
      '2.0',
      '2.0-fast',
      '2.0-mini',
      '1.5-pro',
      '1.0-pro',
      '1.0-pro-fast',
      '1.0-lite-t2v',
      '1.0-lite-i2v',
    ]);
    const ids = MODELS.flatMap((m) => [...Object.values(m.ids), ...(m.also ?? []), ...(m.gateway ? [m.gateway] : [])]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const model of MODELS) {
      expect(model.resolutions).toContain(model.defaultResolution);
      expect(findModel(model.alias)).toBe(model);
    }
  });

  it('BytePlus 2.x ids are dreamina-, Volcengine ids doubao-', () => {
    for (const model of MODELS) {
      if (model.ids.ark) expect(model.ids.ark).toMatch(/^doubao-seedance-/);
      if (model.alias.startsWith('2.')) expect(model.ids.byteplus).toMatch(/^dreamina-seedance-/);
    }
  });
});
