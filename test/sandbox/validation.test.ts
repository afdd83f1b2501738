import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ARK_TASKS, GATEWAY_CREATE, type Harness, type Json, post, startHarness } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.sandbox.close();
});

const PNG_DATA = `data:image/png;base64,${Buffer.from('not really a png').toString('base64')}`;
const text = { type: 'text', text: 'a prompt' };
const image = (role?: string, url = 'https://example.com/a.png') => ({ type: 'image_url', image_url: { url }, role });
const video = { type: 'video_url', video_url: { url: 'https://example.com/v.mp4' }, role: 'reference_video' };
const audio = { type: 'audio_url', audio_url: { url: 'https://example.com/a.mp3' }, role: 'reference_audio' };

const REFUSALS: Array<[name: string, body: Json, code: string, param: string]> = [
  ['no content', {}, 'MissingParameter', 'content'],
  ['empty content', { content: [] }, 'MissingParameter', 'content'],
  ['unknown item type', { content: [{ type: 'gif_url' }] }, 'InvalidParameter', 'content[0].type'],
  [
    'video with an image role',
    { content: [text, { ...video, role: 'first_frame' }] },
    'InvalidParameter',
    'content[1].role',
  ],
  ['duration 3', { content: [text], duration: 3 }, 'InvalidParameter', 'duration'],
  ['duration as a string', { content: [text], duration: '5' }, 'InvalidParameter', 'duration'],
  ['seed above 2^32-1', { content: [text], seed: 2 ** 32 }, 'InvalidParameter', 'seed'],
  ['ratio 2:1', { content: [text], ratio: '2:1' }, 'InvalidParameter', 'ratio'],
  ['resolution 4k', { content: [text], resolution: '2160p' }, 'InvalidParameter', 'resolution'],
  ['service_tier', { content: [text], service_tier: 'turbo' }, 'InvalidParameter', 'service_tier'],
  ['expiry too short', { content: [text], execution_expires_after: 60 }, 'InvalidParameter', 'execution_expires_after'],
  ['10 images', { content: [text, ...Array(10).fill(image('reference_image'))] }, 'InvalidParameter', 'content'],
  [
    '4 videos',
    { content: [text, image('reference_image'), video, video, video, video] },
    'InvalidParameter',
    'content',
  ],
  ['last frame alone', { content: [text, image('last_frame')] }, 'InvalidParameter', 'content'],
  ['frames mixed with refs', { content: [text, image('first_frame'), video] }, 'InvalidParameter', 'content'],
  ['audio without image or video', { content: [text, audio] }, 'InvalidParameter', 'content'],
  [
    'bad data URL',
    { content: [text, image('first_frame', 'data:image/png;base64,@@@')] },
    'InvalidParameter',
    'content[1].image_url.url',
  ],
  [
    'data URL that is not an image',
    { content: [text, image(undefined, 'data:text/plain;base64,QUJD')] },
    'InvalidParameter',
    'content[1].image_url.url',
  ],
  [
    'video as base64',
    { content: [text, { ...video, video_url: { url: 'data:video/mp4;base64,AAAA' } }] },
    'InvalidParameter',
    'content[1].video_url.url',
  ],
  [
    'image without url',
    { content: [text, { type: 'image_url', image_url: {} }] },
    'MissingParameter',
    'content[1].image_url.url',
  ],
];

describe('create validation', () => {
  test.each(REFUSALS)(
    '%s: Ark 400 %s, relayed by the gateway as fail_to_fetch_task',
    async (_, fields, code, param) => {
      const ark = await h.json<Json>(ARK_TASKS, post({ model: 'doubao-seedance-2-0-260128', ...fields }));
      expect(ark.status).toBe(400);
      expect(ark.body.error).toMatchObject({ code, param, type: 'BadRequest' });
      expect(ark.body.error.message).toMatch(/ Request id: 02\d+[0-9a-f]+$/);

      const gateway = await h.json<Json>(GATEWAY_CREATE, post({ model: 'sd2.0', ...fields }));
      expect(gateway.status).toBe(400);
      expect(gateway.body).toMatchObject({ code: 'fail_to_fetch_task', data: null });
      const upstream = JSON.parse(gateway.body.message);
      expect(upstream.error).toMatchObject({ code, param, type: 'BadRequest' });
      expect(upstream.request_id).toEqual(expect.any(String));
      expect(upstream.error.message).toContain(`Request id: ${upstream.request_id}`);
    },
  );

  test('nothing was created by any refusal', () => {
    expect(h.sandbox.stats.creates).toBe(0);
  });

  test('accepts the documented multimodal reference and first+last frame requests', async () => {
    const reference = [text, image('reference_image', PNG_DATA), video, audio];
    const frames = [text, image('first_frame', PNG_DATA), image('last_frame')];
    for (const content of [reference, frames, [image(undefined, PNG_DATA)]]) {
      const { status } = await h.json(GATEWAY_CREATE, post({ model: 'sd2.0', content, return_last_frame: true }));
      expect(status).toBe(200);
    }
  });

  test('gateway: an empty model is 400 envelope A; a body that is not JSON is 400 envelope A', async () => {
    const empty = await h.json<Json>(GATEWAY_CREATE, post({ model: '', content: [text] }));
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/^Model name not specified, model name cannot be empty \(request id: /);
    const garbage = await h.json<Json>(GATEWAY_CREATE, post('{not json'));
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.message).toMatch(/^Invalid request: /);
  });

  test('Ark: a missing model is MissingParameter, an unknown one 404 InvalidEndpointOrModel.NotFound', async () => {
    const missing = await h.json<Json>(ARK_TASKS, post({ content: [text] }));
    expect(missing.body.error).toMatchObject({ code: 'MissingParameter', param: 'model' });
    const unknown = await h.json<Json>(ARK_TASKS, post({ model: 'sd2.0', content: [text] }));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'InvalidEndpointOrModel.NotFound', type: 'NotFound' });
  });
});
