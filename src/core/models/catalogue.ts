// The models this version knows, from reference/models.md (2026-08). The sandbox keeps its own rules
// (src/sandbox/models.ts): one shared table would only test itself.
import type { ProviderName } from '../parse.js';

export type Resolution = '480p' | '720p' | '1080p' | '4k';
/** yes: sent and used; rejected: the API answers 400; ignored: accepted without effect; unknown: no evidence. */
export type Applies = 'yes' | 'rejected' | 'ignored' | 'unknown';
/** Body fields that only some models take (models.md §2). */
export const GATED = ['service_tier', 'priority', 'camera_fixed', 'frames', 'draft', 'output_format'] as const;
export type Gated = (typeof GATED)[number];
export type Region = 'ark' | 'byteplus';

/** List price per 1M tokens; `withVideo` when the input has a video, `silent` without sound (1.5 pro). */
export interface Price {
  base: number;
  withVideo?: number;
  silent?: number;
}

export interface ModelSpec {
  /** What `-m` takes on every provider. */
  alias: string;
  name: string;
  ids: Partial<Record<Region, string>>;
  /** The gateway's channel name, where it has one (else the Volcengine id is sent). */
  gateway?: string;
  /** Other spellings of the same model (Comfy's undated mini). */
  also?: string[];
  /** Where the model no longer answers, and since when. */
  gone?: Partial<Record<Region, string>>;
  resolutions: Resolution[];
  defaultResolution: Resolution;
  durations: { min: number; max: number; auto: boolean };
  modes: {
    firstFrame: boolean;
    lastFrame: boolean;
    /** first+last frame needs ratio `adaptive` (2.5). */
    lastFrameNeedsAdaptive?: boolean;
    references: { image: number; video: number; audio: number; total: number } | null;
    /** Sources disagree whether references work (1.0 pro): warn, not refuse. */
    referencesDisputed?: boolean;
    audioOnly: boolean;
    /** ratio `adaptive` refused for text-to-video (1.0 pro, pro fast). */
    noAdaptiveT2V?: boolean;
    /** ratio `adaptive` refused with reference images (the 1.x reference mode). */
    noAdaptiveRefs?: boolean;
  };
  params: Record<Gated, Applies>;
  /** The model renders sound (generate_audio has an effect). */
  sound: boolean;
  prices: Partial<Record<Region, Partial<Record<Resolution, Price>>>>;
}

const TWO_X: ModelSpec['params'] = {
  service_tier: 'rejected',
  priority: 'yes',
  camera_fixed: 'rejected',
  frames: 'rejected',
  draft: 'rejected',
  output_format: 'unknown',
};
const ONE_ZERO: ModelSpec['params'] = {
  service_tier: 'yes',
  priority: 'ignored',
  camera_fixed: 'yes',
  frames: 'yes',
  draft: 'rejected',
  output_format: 'ignored',
};
const TWO_REFS = { image: 9, video: 3, audio: 3, total: 12 };
const durations = (min: number, max: number, auto = true) => ({ min, max, auto });
const flat = (resolutions: Resolution[], price: Price) =>
  Object.fromEntries(resolutions.map((r) => [r, price])) as Partial<Record<Resolution, Price>>;

export const MODELS: readonly ModelSpec[] = [
  {
    alias: '2.5',
    name: 'Seedance 2.5',
    ids: { ark: 'doubao-seedance-2-5-260628', byteplus: 'dreamina-seedance-2-5-260628' },
    resolutions: ['480p', '720p', '1080p'],
    defaultResolution: '720p',
    durations: durations(4, 30),
    modes: {
      firstFrame: true,
      lastFrame: true,
      lastFrameNeedsAdaptive: true,
      references: { image: 30, video: 10, audio: 10, total: 50 },
      audioOnly: true,
    },
    params: { ...TWO_X, output_format: 'yes' },
    sound: true,
    prices: {
      ark: {
        '480p': { base: 70, withVideo: 42 },
        '720p': { base: 70, withVideo: 42 },
        '1080p': { base: 77, withVideo: 46 },
      },
      byteplus: {
        '480p': { base: 10.7, withVideo: 6.4 },
        '720p': { base: 10.7, withVideo: 6.4 },
        '1080p': { base: 11.7, withVideo: 7.0 },
      },
    },
  },
  {
    alias: '2.0',
    name: 'Seedance 2.0',
    ids: { ark: 'doubao-seedance-2-0-260128', byteplus: 'dreamina-seedance-2-0-260128' },
    gateway: 'sd2.0',
    resolutions: ['480p', '720p', '1080p', '4k'],
    defaultResolution: '720p',
    durations: durations(4, 15),
    modes: { firstFrame: true, lastFrame: true, references: TWO_REFS, audioOnly: false },
    params: TWO_X,
    sound: true,
    prices: {
      ark: {
        '480p': { base: 46, withVideo: 28 },
        '720p': { base: 46, withVideo: 28 },
        '1080p': { base: 51, withVideo: 31 },
        '4k': { base: 26, withVideo: 16 },
      },
      byteplus: {
        '480p': { base: 7.0, withVideo: 4.3 },
        '720p': { base: 7.0, withVideo: 4.3 },
        '1080p': { base: 7.7, withVideo: 4.7 },
        '4k': { base: 4.0, withVideo: 2.4 },
      },
    },
  },
  {
    alias: '2.0-fast',
    name: 'Seedance 2.0 fast',
    ids: { ark: 'doubao-seedance-2-0-fast-260128', byteplus: 'dreamina-seedance-2-0-fast-260128' },
    resolutions: ['480p', '720p'],
    defaultResolution: '720p',
    durations: durations(4, 15),
    modes: { firstFrame: true, lastFrame: true, references: TWO_REFS, audioOnly: false },
    params: TWO_X,
    sound: true,
    prices: {
      ark: flat(['480p', '720p'], { base: 37, withVideo: 22 }),
      byteplus: flat(['480p', '720p'], { base: 5.6, withVideo: 3.3 }),
    },
  },
  {
    alias: '2.0-mini',
    name: 'Seedance 2.0 mini',
    ids: { ark: 'doubao-seedance-2-0-mini-260615', byteplus: 'dreamina-seedance-2-0-mini-260615' },
    also: ['dreamina-seedance-2-0-mini'],
    resolutions: ['480p', '720p'],
    defaultResolution: '720p',
    durations: durations(4, 15),
    modes: { firstFrame: true, lastFrame: true, references: TWO_REFS, audioOnly: false },
    params: TWO_X,
    sound: true,
    prices: {
      ark: flat(['480p', '720p'], { base: 23, withVideo: 14 }),
      byteplus: flat(['480p', '720p'], { base: 3.5, withVideo: 2.1 }),
    },
  },
  {
    alias: '1.5-pro',
    name: 'Seedance 1.5 pro',
    ids: { ark: 'doubao-seedance-1-5-pro-251215', byteplus: 'seedance-1-5-pro-251215' },
    resolutions: ['480p', '720p', '1080p'],
    defaultResolution: '720p',
    durations: durations(4, 12),
    modes: { firstFrame: true, lastFrame: true, references: null, audioOnly: false },
    params: {
      service_tier: 'yes',
      priority: 'rejected',
      camera_fixed: 'yes',
      frames: 'rejected',
      draft: 'yes',
      output_format: 'unknown',
    },
    sound: true,
    prices: {
      ark: flat(['480p', '720p', '1080p'], { base: 16, silent: 8 }),
      byteplus: flat(['480p', '720p', '1080p'], { base: 2.4, silent: 1.2 }),
    },
  },
  {
    alias: '1.0-pro',
    name: 'Seedance 1.0 pro',
    ids: { ark: 'doubao-seedance-1-0-pro-250528', byteplus: 'seedance-1-0-pro-250528' },
    resolutions: ['480p', '720p', '1080p'],
    defaultResolution: '1080p',
    durations: durations(2, 12, false),
    modes: {
      firstFrame: true,
      lastFrame: true,
      references: { image: 4, video: 0, audio: 0, total: 4 },
      referencesDisputed: true,
      audioOnly: false,
      noAdaptiveT2V: true,
      noAdaptiveRefs: true,
    },
    params: ONE_ZERO,
    sound: false,
    prices: { byteplus: flat(['480p', '720p', '1080p'], { base: 2.5 }) },
  },
  {
    alias: '1.0-pro-fast',
    name: 'Seedance 1.0 pro fast',
    ids: { ark: 'doubao-seedance-1-0-pro-fast-251015', byteplus: 'seedance-1-0-pro-fast-251015' },
    resolutions: ['480p', '720p', '1080p'],
    defaultResolution: '1080p',
    durations: durations(2, 12, false),
    modes: { firstFrame: true, lastFrame: false, references: null, audioOnly: false, noAdaptiveT2V: true },
    params: ONE_ZERO,
    sound: false,
    prices: { byteplus: flat(['480p', '720p', '1080p'], { base: 1.0 }) },
  },
  ...(['t2v', 'i2v'] as const).map(
    (kind): ModelSpec => ({
      alias: `1.0-lite-${kind}`,
      name: `Seedance 1.0 lite ${kind}`,
      ids: { ark: `doubao-seedance-1-0-lite-${kind}-250428` },
      gone: { byteplus: 'it answers 404 on BytePlus (deactivated 2026-05-13)' },
      also: [`seedance-1-0-lite-${kind}-250428`],
      resolutions: ['480p', '720p', '1080p'],
      defaultResolution: '720p',
      durations: durations(2, 12, false),
      modes: {
        firstFrame: kind === 'i2v',
        lastFrame: kind === 'i2v',
        references: kind === 'i2v' ? { image: 4, video: 0, audio: 0, total: 4 } : null,
        audioOnly: false,
        noAdaptiveRefs: true,
      },
      params: { ...ONE_ZERO, output_format: 'unknown' },
      sound: false,
      prices: {},
    }),
  ),
];

export const ALIASES = MODELS.map((model) => model.alias);

/** The price table a provider bills by; the gateway bills in its own units, so Volcengine's list is the basis. */
export function priceRegion(provider: ProviderName): Region {
  return provider === 'byteplus' ? 'byteplus' : 'ark';
}

export const CURRENCY: Record<Region, string> = { ark: 'CNY', byteplus: 'USD' };
export const CURRENCY_SIGN: Record<Region, string> = { ark: '¥', byteplus: '$' };
