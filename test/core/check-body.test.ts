import { describe, expect, it } from 'vitest';
import { bodySizeWarning, checkCreateBody } from '../../src/core/check-body.js';

const text = { type: 'text', text: 'go' };
const image = (role?: string) => ({ type: 'image_url', image_url: { url: 'https://e.x/i.png' }, role });
const video = { type: 'video_url', video_url: { url: 'https://e.x/v.mp4' }, role: 'reference_video' };
const audio = { type: 'audio_url', audio_url: { url: 'https://e.x/a.mp3' }, role: 'reference_audio' };
const body = (content: unknown[], fields: Record<string, unknown> = {}) => ({ model: 'sd2.0', content, ...fields });
const times = <T>(n: number, item: T) => Array.from({ length: n }, () => item);

describe('checkCreateBody refuses', () => {
  it.each([
    ['no prompt and no media', body([{ type: 'text', text: ' ' }]), /a prompt is required/],
    ['10 images', body([text, ...times(10, image('reference_image'))]), /too many images: 10 \(at most 9\)/],
    ['4 videos', body([text, image('reference_image'), ...times(4, video)]), /too many reference videos: 4/],
    ['4 audios', body([text, video, ...times(4, audio)]), /too many reference audios: 4/],
    [
      '13 media',
      body([...times(9, image('reference_image')), ...times(3, video), audio]),
      /too many media inputs: 13 \(at most 12\)/,
    ],
    ['a last frame alone', body([text, image('last_frame')]), /--last-frame needs --first-frame/],
    ['two first frames (no role = first)', body([image(), image('first_frame')]), /at most one first frame/],
    ['frames with references', body([image('first_frame'), video]), /cannot be combined/],
    ['audio only', body([text, audio]), /--ref-audio needs at least one --ref-image or --ref-video/],
    ['video on 1.x', body([text, image('reference_image'), video], { model: 'seedance-1-5-pro-251215' }), /2\.0/],
    [
      'adaptive with reference images on 1.x',
      body([text, image('reference_image')], { model: 'doubao-seedance-1-0-lite-i2v-250428', ratio: 'adaptive' }),
      /adaptive is not allowed/,
    ],
    ['4k on 1.0', body([text], { model: 'seedance-1-0-pro-250528', resolution: '4k' }), /4k needs Seedance 2\.0/],
    ['frames on 1.5', body([text], { model: 'seedance-1-5-pro-251215', frames: 49 }), /not supported by Seedance 1\.5/],
    ['camera fixed with references', body([text, image('reference_image')], { camera_fixed: true }), /camera-fixed/],
    ['a 720p draft', body([text], { draft: true, resolution: '720p' }), /always 480p/],
    ['a draft with the last frame', body([text], { draft: true, return_last_frame: true }), /--return-last-frame/],
    ['a flex draft', body([text], { draft: true, service_tier: 'flex' }), /--service-tier flex/],
    ['3 s on 2.0 (through --set)', body([text], { duration: 3 }), /--duration 3 is not allowed for Seedance 2\.0/],
    ['13 s on 1.0', body([text], { model: 'seedance-1-0-pro-250528', duration: 13 }), /Seedance 1\.0: 2-12/],
    ['-1 on 1.0', body([text], { model: 'seedance-1-0-pro-250528', duration: -1 }), /Seedance 1\.0: 2-12 seconds$/],
    ['3 s on 1.5', body([text], { model: 'seedance-1-5-pro-251215', duration: 3 }), /Seedance 1\.5: 4-12/],
    ['2.5 s', body([text], { duration: 2.5 }), /--duration 2\.5 is not allowed/],
  ])('%s', (_name, request, message) => {
    expect(() => checkCreateBody(request)).toThrow(message);
  });
});

describe('checkCreateBody warns (third-party or inferred rules)', () => {
  it.each([
    ['4k on 2.0 fast', body([text], { model: 'sd2.0-fast', resolution: '4k' }), /reportedly renders up to 720p/],
    ['1080p on 2.0 mini', body([text], { model: 'dreamina-seedance-2-0-mini-260615', resolution: '1080p' }), /720p/],
    ['4k on an endpoint', body([text], { model: 'ep-2026-x', resolution: '4k' }), /known to work with .* only/],
    ['frames on 2.0', body([text], { frames: 49 }), /--frames is probably not supported by Seedance 2\.0/],
    ['frames and duration', body([text], { frames: 49, duration: 5 }), /--frames wins over --duration/],
    ['camera fixed on 2.0', body([text], { camera_fixed: true }), /probably ignored/],
    ['a draft on 2.0', body([text], { draft: true }), /documented for Seedance 1\.5 pro only/],
    ['1200 words', body([{ type: 'text', text: 'word '.repeat(1200) }]), /prompt is long \(1200 words\)/],
    ['600 Chinese characters', body([{ type: 'text', text: '猫'.repeat(600) }]), /600 CJK characters/],
  ])('%s', (_name, request, message) => {
    const warnings = checkCreateBody(request);
    expect(warnings.join('\n')).toMatch(message);
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
