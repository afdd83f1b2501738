import { describe, expect, it } from 'vitest';
import { bodySizeWarning, checkCreateBody } from '../../src/core/check-body.js';

const text = { type: 'text', text: 'go' };
const image = (role?: string) => ({ type: 'image_url', image_url: { url: 'https://e.x/i.png' }, role });
const video = { type: 'video_url', video_url: { url: 'https://e.x/v.mp4' }, role: 'reference_video' };
const audio = { type: 'audio_url', audio_url: { url: 'https://e.x/a.mp3' }, role: 'reference_audio' };
const body = (content: unknown[], fields: Record<string, unknown> = {}) => ({ model: 'sd2.0', content, ...fields });
const times = <T>(n: number, item: T) => Array.from({ length: n }, () => item);

const v25 = 'doubao-seedance-2-5-260628';
const fast = 'doubao-seedance-2-0-fast-260128';
const mini = 'dreamina-seedance-2-0-mini-260615';
const pro15 = 'seedance-1-5-pro-251215';
const pro10 = 'seedance-1-0-pro-250528';
const proFast = 'seedance-1-0-pro-fast-251015';

describe('checkCreateBody refuses (models.md)', () => {
  it.each([
    ['no prompt and no media', body([{ type: 'text', text: ' ' }]), /a prompt is required/],
    [
      '10 images on 2.0',
      body([text, ...times(10, image('reference_image'))]),
      /too many images for .*: 10 \(at most 9\)/,
    ],
    ['4 videos on 2.0', body([text, image('reference_image'), ...times(4, video)]), /too many reference videos.*: 4/],
    ['4 audios on 2.0', body([text, video, ...times(4, audio)]), /too many reference audios.*: 4/],
    [
      '13 media on 2.0',
      body([...times(9, image('reference_image')), ...times(3, video), audio]),
      /too many media inputs for .*: 13 \(at most 12\)/,
    ],
    ['31 images on 2.5', body([text, ...times(31, image('reference_image'))], { model: v25 }), /at most 30/],
    ['11 videos on 2.5', body([text, ...times(11, video)], { model: v25 }), /reference videos.*at most 10/],
    ['a last frame alone', body([text, image('last_frame')]), /--last-frame needs --first-frame/],
    ['two first frames (no role = first)', body([image(), image('first_frame')]), /at most one first frame/],
    ['frames with references', body([image('first_frame'), video]), /cannot be combined/],
    ['audio only on 2.0', body([text, audio]), /--ref-audio needs at least one --ref-image or --ref-video/],
    ['video on 1.5 pro', body([text, video], { model: pro15 }), /Seedance 1\.5 pro .* takes no reference media/],
    ['a video on 1.0 pro', body([text, image('reference_image'), video], { model: pro10 }), /videos.*none allowed/],
    [
      'adaptive with reference images on 1.0',
      body([text, image('reference_image')], { model: 'doubao-seedance-1-0-lite-i2v-250428', ratio: 'adaptive' }),
      /adaptive is not allowed with reference images/,
    ],
    ['adaptive text-to-video on 1.0 pro', body([text], { model: pro10, ratio: 'adaptive' }), /adaptive needs an input/],
    ['a last frame on 1.0 pro fast', body([image(), image('last_frame')], { model: proFast }), /first-frame only/],
    [
      'first+last on 2.5 with 16:9',
      body([image(), image('last_frame')], { model: v25, ratio: '16:9' }),
      /only with --ratio adaptive, got 16:9/,
    ],
    [
      '4k on 1.0',
      body([text], { model: pro10, resolution: '4k' }),
      /--resolution 4k is not available on .*480p, 720p, 1080p/,
    ],
    ['4k on 2.5', body([text], { model: v25, resolution: '4k' }), /not available on Seedance 2\.5/],
    ['1080p on 2.0 fast', body([text], { model: fast, resolution: '1080p' }), /on Seedance 2\.0 fast .*: 480p, 720p$/],
    [
      '4k on 2.0 mini (its Volcengine id through the gateway)',
      body([text], { model: 'doubao-seedance-2-0-mini-260615', resolution: '4k' }),
      /2\.0 mini/,
    ],
    ['1080p on 2.0 mini', body([text], { model: mini, resolution: '1080p' }), /480p, 720p/],
    ['service tier on 2.0', body([text], { service_tier: 'flex' }), /--service-tier is not accepted by Seedance 2\.0/],
    ['camera fixed on 2.0', body([text], { camera_fixed: false }), /--camera-fixed is not accepted/],
    ['frames on 2.0', body([text], { frames: 49 }), /--frames is not accepted by Seedance 2\.0 \(sd2\.0\)/],
    ['frames on 2.5', body([text], { model: v25, frames: 49 }), /--frames is not accepted by Seedance 2\.5/],
    ['frames on 1.5', body([text], { model: pro15, frames: 49 }), /--frames is not accepted by Seedance 1\.5 pro/],
    ['a draft on 2.0', body([text], { draft: true }), /--draft is not accepted .*\n?/],
    ['a draft on 1.0 pro', body([text], { model: pro10, draft: true }), /--draft is not accepted by Seedance 1\.0 pro/],
    ['priority on 1.5 pro', body([text], { model: pro15, priority: 1 }), /--priority is not accepted/],
    [
      'camera fixed with references',
      body([text, image('reference_image')], { model: pro10, camera_fixed: true }),
      /camera-fixed/,
    ],
    ['a 720p draft', body([text], { model: pro15, draft: true, resolution: '720p' }), /always 480p/],
    ['a draft with the last frame', body([text], { model: pro15, draft: true, return_last_frame: true }), /--return/],
    ['a flex draft', body([text], { model: pro15, draft: true, service_tier: 'flex' }), /--service-tier flex/],
    ['3 s on 2.0 (through --set)', body([text], { duration: 3 }), /--duration 3 is not allowed for Seedance 2\.0/],
    ['16 s on 2.0', body([text], { duration: 16 }), /Seedance 2\.0 \(sd2\.0\): 4-15 seconds/],
    ['31 s on 2.5', body([text], { model: v25, duration: 31 }), /Seedance 2\.5 .*: 4-30 seconds/],
    ['13 s on 1.0', body([text], { model: pro10, duration: 13 }), /Seedance 1\.0 pro .*: 2-12/],
    ['-1 on 1.0', body([text], { model: pro10, duration: -1 }), /Seedance 1\.0 pro .*: 2-12 seconds$/],
    ['3 s on 1.5', body([text], { model: pro15, duration: 3 }), /Seedance 1\.5 pro .*: 4-12/],
    ['31 s on an unknown model', body([text], { model: 'x-1', duration: 31 }), /any model: 2-30/],
    ['2.5 s', body([text], { duration: 2.5 }), /--duration 2\.5 is not allowed/],
  ])('%s', (_name, request, message) => {
    expect(() => checkCreateBody(request)).toThrow(message);
  });
});

describe('checkCreateBody warns', () => {
  it.each([
    ['priority on 1.0 pro (no effect)', body([text], { model: pro10, priority: 5 }), /--priority has no effect/],
    ['frames and duration', body([text], { model: pro10, frames: 49, duration: 5 }), /--frames wins over --duration/],
    ['audio on 1.0', body([text], { model: proFast, generate_audio: true }), /makes no sound/],
    ['reference images on 1.0 pro', body([text, image('reference_image')], { model: pro10 }), /reported both/],
    ['1200 words', body([{ type: 'text', text: 'word '.repeat(1200) }]), /prompt is long \(1200 words\)/],
    ['600 Chinese characters', body([{ type: 'text', text: '猫'.repeat(600) }]), /600 CJK characters/],
  ])('%s', (_name, request, message) => {
    const warnings = checkCreateBody(request);
    expect(warnings.join('\n')).toMatch(message);
  });

  it.each([
    ['2.5 for 30 s', body([text], { model: v25, duration: 30 })],
    ['2.0 at 4k', body([text], { resolution: '4k' })],
    ['2.0 with priority 5', body([text], { priority: 5 })],
    ['2.5 audio-only references', body([text, audio], { model: v25 })],
    ['2.5 first+last, ratio unset (adaptive)', body([image(), image('last_frame')], { model: v25 })],
    ['2.5 as mov', body([text], { model: v25, output_format: 'mov' })],
    [
      '1.5 pro flex draft at 480p',
      body([text], { model: pro15, service_tier: 'default', draft: true, resolution: '480p' }),
    ],
    ['an unknown model at 4k for 30 s', body([text], { model: 'seedance-3-0-x', resolution: '4k', duration: 30 })],
  ])('accepts %s', (_name, request) => {
    expect(checkCreateBody(request)).toEqual([]);
  });

  it('a plain 2.0 multimodal body passes without a word', () => {
    const request = body([text, image('reference_image'), image('reference_image'), video, audio], {
      resolution: '4k',
      ratio: 'adaptive',
      duration: -1,
    });
    expect(checkCreateBody(request)).toEqual([]);
    expect(checkCreateBody(body([image()]))).toEqual([]);
  });

  it.each([
    ['seedance-1-0-pro-250528', 2],
    ['doubao-seedance-2-5-260628', 30],
    ['seedance-1-0-pro-250528', 12],
    ['seedance-1-5-pro-251215', -1],
    ['seedance-1-5-pro-251215', 12],
    ['sd2.0', 15],
    ['ep-2026-x', 2],
  ])('%s takes --duration %i', (model, duration) => {
    expect(checkCreateBody(body([text], { model, duration }))).toEqual([]);
  });

  it('a body over 64 MB gets a size warning', () => {
    expect(bodySizeWarning(body([text]))).toBeUndefined();
    expect(bodySizeWarning(body([{ type: 'text', text: 'x'.repeat(65 * 1024 * 1024) }]))).toMatch(/65 MB/);
  });
});
