/**
 * The gateway's channel aliases; it reports the upstream name, not the alias (gateway-api.md §1). Only `sd2.0` is
 * documented (models.md §4): other models go through under their Volcengine ids.
 */
const GATEWAY_ALIASES: Record<string, string> = {
  'sd2.0': 'doubao-seedance-2-0-260128',
};

const SEEDANCE_MODEL = /^(doubao-|dreamina-)?seedance-/;

/** The upstream model a gateway create reports, or null when no channel serves the name. */
export function gatewayModel(name: string): string | null {
  return GATEWAY_ALIASES[name] ?? (SEEDANCE_MODEL.test(name) ? name : null);
}

/**
 * The model an Ark task reports; endpoint ids (`ep-…`) stand for the 2.0 model. Null: unknown model. BytePlus
 * answers 404 to `doubao-` names and to the retired 1.0 lite (models.md §1); Volcengine knows no `dreamina-` name.
 */
export function arkModel(name: string, region?: 'volcengine' | 'byteplus'): string | null {
  if (region === 'byteplus' && (/^doubao-/.test(name) || /seedance-1-0-lite/.test(name))) return null;
  if (region === 'volcengine' && /^dreamina-/.test(name)) return null;
  if (/^ep-[\w-]+$/.test(name)) return 'doubao-seedance-2-0-260128';
  return SEEDANCE_MODEL.test(name) ? name : null;
}

/**
 * What each model accepts, as the live API answers (reference/models.md §1-2), written apart from the client's
 * catalogue so a client check that is missing meets the 400 it would meet in life.
 */
export interface ModelRules {
  resolutions: string[];
  durations: [number, number];
  auto: boolean;
  /** Body fields answered with "not supported … must be empty". */
  empty: string[];
  refs: { image: number; video: number; audio: number } | null;
  audioOnly: boolean;
  lastFrame: boolean;
  lastFrameAdaptive: boolean;
}

const TWO_EMPTY = ['service_tier', 'camera_fixed', 'frames', 'draft'];
const RULES: Array<[RegExp, ModelRules]> = [
  [
    /seedance-2-5/,
    {
      resolutions: ['480p', '720p', '1080p'],
      durations: [4, 30],
      auto: true,
      empty: TWO_EMPTY,
      refs: { image: 30, video: 10, audio: 10 },
      audioOnly: true,
      lastFrame: true,
      lastFrameAdaptive: true,
    },
  ],
  [
    /seedance-2-0-(fast|mini)|^sd2\.0-(fast|mini)$/,
    {
      resolutions: ['480p', '720p'],
      durations: [4, 15],
      auto: true,
      empty: TWO_EMPTY,
      refs: { image: 9, video: 3, audio: 3 },
      audioOnly: false,
      lastFrame: true,
      lastFrameAdaptive: false,
    },
  ],
  [
    /seedance-2-0|^sd2\.0$|^ep-/,
    {
      resolutions: ['480p', '720p', '1080p', '4k'],
      durations: [4, 15],
      auto: true,
      empty: TWO_EMPTY,
      refs: { image: 9, video: 3, audio: 3 },
      audioOnly: false,
      lastFrame: true,
      lastFrameAdaptive: false,
    },
  ],
  [
    /seedance-1-5-pro/,
    {
      resolutions: ['480p', '720p', '1080p'],
      durations: [4, 12],
      auto: true,
      empty: ['priority', 'frames'],
      refs: null,
      audioOnly: false,
      lastFrame: true,
      lastFrameAdaptive: false,
    },
  ],
  [
    /seedance-1-0-pro-fast/,
    {
      resolutions: ['480p', '720p', '1080p'],
      durations: [2, 12],
      auto: false,
      empty: ['draft'],
      refs: null,
      audioOnly: false,
      lastFrame: false,
      lastFrameAdaptive: false,
    },
  ],
  [
    /seedance-1-0/,
    {
      resolutions: ['480p', '720p', '1080p'],
      durations: [2, 12],
      auto: false,
      empty: ['draft'],
      refs: { image: 4, video: 0, audio: 0 },
      audioOnly: false,
      lastFrame: true,
      lastFrameAdaptive: false,
    },
  ],
];

/** The rules of a model id or gateway alias; null: the sandbox does not know it (generic checks only). */
export function modelRules(model: string): ModelRules | null {
  return RULES.find(([pattern]) => pattern.test(model))?.[1] ?? null;
}
