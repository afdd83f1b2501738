import { describe, expect, it } from 'vitest';
import { buildCreateBody, summarizeBody } from '../../src/core/request.js';

describe('buildCreateBody', () => {
  it('follows the provider page: content[] with the text, fields at top level, unset fields omitted', () => {
    const body = buildCreateBody(
      { prompt: 'a bunny', ratio: '16:9', duration: 11, audio: true, watermark: false },
      {},
      'sd2.0',
    );
    expect(body).toEqual({
      model: 'sd2.0',
      content: [{ type: 'text', text: 'a bunny' }],
      ratio: '16:9',
      duration: 11,
      generate_audio: true,
      watermark: false,
    });
  });

  it('uses config defaults, and flags win over them', () => {
    const body = buildCreateBody(
      { prompt: 'x', ratio: '1:1' },
      { ratio: '9:16', duration: 6, 'service-tier': 'flex' },
      'm',
    );
    expect(body).toMatchObject({ ratio: '1:1', duration: 6, service_tier: 'flex' });
  });

  it('--set adds and nests fields, parsing JSON values', () => {
    const body = buildCreateBody(
      { prompt: 'x', set: ['priority=2', 'metadata.tag=demo', 'tools=[{"type":"web_search"}]'] },
      {},
      'm',
    );
    expect(body).toMatchObject({ priority: 2, metadata: { tag: 'demo' }, tools: [{ type: 'web_search' }] });
  });

  it('--model overrides the default model', () => {
    expect(buildCreateBody({ prompt: 'x', model: 'other' }, {}, 'sd2.0').model).toBe('other');
  });
});

it('summarizeBody shortens data URLs only', () => {
  const data = `data:image/png;base64,${'A'.repeat(4000)}`;
  const short = summarizeBody({ content: [{ image_url: { url: data } }, { text: 'keep' }] });
  expect(JSON.stringify(short)).toContain('…(2.9 KB)');
  expect(JSON.stringify(short)).toContain('keep');
  expect(JSON.stringify(short).length).toBeLessThan(200);
});
