import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ARK_TASKS, GATEWAY_CREATE, type Harness, type Json, post, startHarness } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.sandbox.close();
});

const text = { type: 'text', text: 'a prompt' };
const image = (role?: string) => ({ type: 'image_url', image_url: { url: 'https://example.com/a.png' }, role });
const video = { type: 'video_url', video_url: { url: 'https://example.com/v.mp4' }, role: 'reference_video' };
const audio = { type: 'audio_url', audio_url: { url: 'https://example.com/a.mp3' }, role: 'reference_audio' };
const V20 = 'doubao-seedance-2-0-260128';
const V25 = 'dreamina-seedance-2-5-260628';
const FAST = 'dreamina-seedance-2-0-fast-260128';
const PRO15 = 'seedance-1-5-pro-251215';
const PRO10 = 'seedance-1-0-pro-250528';
const PROFAST = 'seedance-1-0-pro-fast-251015';

// The live 400s of reference/models.md §1-2, written here apart from the client's catalogue.
const REFUSALS: Array<[name: string, body: Json, param: string, message: RegExp]> = [
  [
    'service_tier on 2.0',
    { model: V20, service_tier: 'flex' },
    'service_tier',
    /`service_tier` is not supported for model doubao-seedance-2-0-260128 in t2v, must be empty/,
  ],
  ['camera_fixed on 2.0', { model: V20, camera_fixed: false }, 'camera_fixed', /must be empty/],
  ['frames on 2.5', { model: V25, frames: 49 }, 'frames', /must be empty/],
  ['draft on 2.0 fast', { model: FAST, draft: true }, 'draft', /must be empty/],
  ['draft on 1.0 pro', { model: PRO10, draft: true }, 'draft', /seedance-1-0-pro-250528 in t2v, must be empty/],
  ['priority on 1.5 pro', { model: PRO15, priority: 3 }, 'priority', /must be empty/],
  ['priority 10', { model: V20, priority: 10 }, 'priority', /between 0 and 9/],
  ['output_format avi', { model: V25, output_format: 'avi' }, 'output_format', /mp4, mov/],
  ['1080p on 2.0 fast', { model: FAST, resolution: '1080p' }, 'resolution', /1080p is not supported/],
  ['4k on 2.5', { model: V25, resolution: '4k' }, 'resolution', /4k is not supported/],
  ['16 s on 2.0', { model: V20, duration: 16 }, 'duration', /between 4 and 15, or -1/],
  ['31 s on 2.5', { model: V25, duration: 31 }, 'duration', /between 2 and 30/],
  ['-1 on 1.0 pro', { model: PRO10, duration: -1 }, 'duration', /between 2 and 12 for/],
  [
    'audio-only on 2.0',
    { model: V20, content: [text, audio] },
    'content',
    /reference_audio cannot be the only reference input/,
  ],
  ['refs on 1.5 pro', { model: PRO15, content: [text, image('reference_image')] }, 'content', /not supported by/],
  ['last frame on 1.0 pro fast', { model: PROFAST, content: [image(), image('last_frame')] }, 'content', /last_frame/],
  [
    'first+last on 2.5 at 16:9',
    { model: V25, ratio: '16:9', content: [image(), image('last_frame')] },
    'ratio',
    /adaptive/,
  ],
];

describe('the sandbox enforces each model’s live rules', () => {
  test.each(REFUSALS)('%s → 400 on Ark', async (_, fields, param, message) => {
    const ark = await h.json<Json>(ARK_TASKS, post({ content: [text], ...fields }));
    expect(ark.status).toBe(400);
    expect(ark.body.error).toMatchObject({ code: 'InvalidParameter', param });
    expect(ark.body.error.message).toMatch(message);
  });

  test('the gateway alias meets 2.0 fast’s rules', async () => {
    const gateway = await h.json<Json>(
      GATEWAY_CREATE,
      post({ model: 'doubao-seedance-2-0-fast-260128', content: [text], resolution: '1080p' }),
    );
    expect(gateway.status).toBe(400);
    expect(JSON.parse(gateway.body.message).error).toMatchObject({ param: 'resolution' });
  });

  test('the gateway takes priority for 2.0 and 2.0 fast only', async () => {
    const mini = await h.json<Json>(
      GATEWAY_CREATE,
      post({ model: 'doubao-seedance-2-0-mini-260615', content: [text], priority: 3 }),
    );
    expect(mini.status).toBe(400);
    expect(mini.body.error.message).toMatch(/priority is only supported for Seedance 2\.0 and 2\.0 fast/);
  });

  test('nothing was created by any refusal', () => {
    expect(h.sandbox.stats.creates).toBe(0);
  });

  test.each([
    ['2.5 for 30 s as mov', { model: V25, duration: 30, output_format: 'mov' }],
    ['2.5 audio-only references', { model: V25, content: [text, audio] }],
    ['2.5 with 30 reference images', { model: V25, content: [text, ...Array(30).fill(image('reference_image'))] }],
    ['2.0 at 4k with priority 5', { model: V20, resolution: '4k', priority: 5 }],
    ['1.5 pro flex', { model: PRO15, service_tier: 'flex', camera_fixed: true }],
    ['1.0 pro for 2 s in frames', { model: PRO10, frames: 49, duration: 2 }],
    ['2.0 with video and audio', { model: V20, content: [text, image('reference_image'), video, audio] }],
    [
      '2.0 fast with priority through the gateway',
      { model: 'doubao-seedance-2-0-fast-260128', priority: 2 },
      GATEWAY_CREATE,
    ],
  ])('accepts %s', async (_, fields, path = ARK_TASKS) => {
    const { status } = await h.json(path, post({ content: [text], ...fields }));
    expect(status).toBe(200);
  });
});

describe('a BytePlus sandbox answers 404 to doubao- ids and to 1.0 lite', () => {
  let b: Harness;
  beforeAll(async () => {
    b = await startHarness({ arkRegion: 'byteplus' });
  });
  afterAll(async () => {
    await b.sandbox.close();
  });

  test.each(['doubao-seedance-2-0-260128', 'seedance-1-0-lite-t2v-250428'])('%s → 404', async (model) => {
    const res = await b.json<Json>(ARK_TASKS, post({ model, content: [text] }));
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'InvalidEndpointOrModel.NotFound' });
  });

  test('dreamina-seedance-2-0-260128 is served', async () => {
    expect((await b.json(ARK_TASKS, post({ model: V20.replace('doubao', 'dreamina'), content: [text] }))).status).toBe(
      200,
    );
  });
});
