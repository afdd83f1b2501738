import {
  CURRENCY,
  CURRENCY_SIGN,
  type ModelSpec,
  type Price,
  priceRegion,
  type Resolution,
} from './models/catalogue.js';
import { findModel } from './models/resolve.js';
import type { ProviderName } from './parse.js';

export interface TokenEstimate {
  note: string;
  /** Output tokens, plus input video seconds when there is one (models.md §3). */
  tokens: number;
  output_tokens: number;
  /** In `currency`; null when the model's list price is not known. */
  price: number | null;
  currency: string | null;
  /** Where the price comes from (the gateway bills in its own units: the Volcengine list price is the basis). */
  basis: string | null;
  width: number;
  height: number;
  frames: number;
  /** What was not in the body and had to be guessed. */
  assumed: string[];
}

const SHORT_SIDE: Record<string, number> = { '480p': 480, '720p': 720, '1080p': 1080, '4k': 2160 };
const FPS = 24;
/** Input video length is not known locally (URLs); new-api pre-locks with 15 s, the 2.0 maximum. */
const ASSUMED_INPUT_VIDEO_S = 15;

/**
 * Tokens = width × height × (24 × seconds + 1) / 1024 (models.md §3, 1280×720×121 = 108 900), seconds being the
 * output plus any input video. The short side is the resolution and the long side follows the ratio, as the
 * sandbox does; Ark's own pixel table is not known, so this is an estimate, never a quote.
 */
export function estimateTokens(body: Record<string, unknown>, provider: ProviderName = 'gateway'): TokenEstimate {
  const assumed: string[] = [];
  const spec = findModel(String(body.model));
  let resolution = typeof body.resolution === 'string' ? body.resolution : undefined;
  if (!resolution || !(resolution in SHORT_SIDE)) {
    resolution = body.draft === true ? '480p' : (spec?.defaultResolution ?? '720p');
    assumed.push(`resolution ${resolution} (the model's default)`);
  }
  let ratio = typeof body.ratio === 'string' ? body.ratio : undefined;
  if (!ratio || !/^\d+:\d+$/.test(ratio)) {
    assumed.push(`ratio 16:9 (${ratio === 'adaptive' ? 'adaptive follows the input' : 'not set: the model chooses'})`);
    ratio = '16:9';
  }
  let frames: number;
  let seconds: number;
  if (typeof body.frames === 'number') {
    frames = body.frames;
    seconds = (frames - 1) / FPS;
  } else if (body.duration === -1) {
    seconds = spec?.durations.max ?? 15;
    frames = seconds * FPS + 1;
    assumed.push(`${seconds} s, the most duration -1 can give (an upper bound)`);
  } else {
    seconds = typeof body.duration === 'number' ? body.duration : 5;
    if (typeof body.duration !== 'number') assumed.push('duration 5 s (the default)');
    frames = seconds * FPS + 1;
  }
  const [a, b] = ratio.split(':').map(Number) as [number, number];
  const short = SHORT_SIDE[resolution] as number;
  const [width, height] = a >= b ? [Math.round((short * a) / b), short] : [short, Math.round((short * b) / a)];
  const outputTokens = Math.floor((width * height * frames) / 1024);
  const withVideo = hasVideoInput(body);
  let tokens = outputTokens;
  if (withVideo) {
    tokens = Math.floor((width * height * (FPS * (seconds + ASSUMED_INPUT_VIDEO_S) + 1)) / 1024);
    assumed.push(`${ASSUMED_INPUT_VIDEO_S} s of input video (an upper bound)`);
  }
  return {
    note: 'estimate, not a quote: width × height × (24 × seconds + 1) / 1024',
    tokens,
    output_tokens: outputTokens,
    ...priceOf(tokens, spec, resolution as Resolution, provider, {
      withVideo,
      silent: body.generate_audio === false,
      flex: body.service_tier === 'flex',
    }),
    width,
    height,
    frames,
    assumed,
  };
}

function hasVideoInput(body: Record<string, unknown>): boolean {
  return Array.isArray(body.content) && body.content.some((item) => (item as { type?: unknown })?.type === 'video_url');
}

interface PriceInput {
  withVideo: boolean;
  silent: boolean;
  flex: boolean;
}

/** The list price per 1M tokens that applies, or undefined when it is not known. */
export function unitPrice(price: Price | undefined, input: PriceInput): number | undefined {
  if (!price) return undefined;
  let unit = input.withVideo && price.withVideo !== undefined ? price.withVideo : price.base;
  if (input.silent && price.silent !== undefined) unit = price.silent;
  // 1.x flex is half the online price (models.md §2).
  return input.flex ? unit / 2 : unit;
}

export function priceOf(
  tokens: number,
  spec: ModelSpec | null,
  resolution: Resolution,
  provider: ProviderName,
  input: PriceInput,
): Pick<TokenEstimate, 'price' | 'currency' | 'basis'> {
  const region = priceRegion(provider);
  const unit = unitPrice(spec?.prices[region]?.[resolution], input);
  if (!spec || unit === undefined) return { price: null, currency: null, basis: null };
  const list = `${CURRENCY_SIGN[region]}${unit}/1M tokens`;
  const tier = `${spec.name} ${resolution}${input.withVideo ? ' with video input' : ''}${input.flex ? ', flex' : ''}`;
  const basis =
    provider === 'gateway'
      ? `Volcengine list price ${list} (${tier}); the gateway bills in its own units`
      : `${region === 'ark' ? 'Volcengine' : 'BytePlus'} list price ${list} (${tier})`;
  return { price: Math.round(tokens * unit) / 1e6, currency: CURRENCY[region], basis };
}

/**
 * 108900 → `108,900`, as toLocaleString('en-US') writes it, without its first call's ICU start (~30 ms of CPU per
 * process on Node 20 and 24, more than the rest of `seedance status`: `npm run bench`).
 */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatPrice(price: number, currency: string): string {
  const sign = currency === 'USD' ? '$' : currency === 'CNY' ? '¥' : `${currency} `;
  return `${sign}${price.toFixed(price < 1 ? 3 : 2)}`;
}

/** One human line for --dry-run and before a create on a terminal. */
export function describeEstimate(estimate: TokenEstimate): string {
  const guess = estimate.assumed.length > 0 ? `; assuming ${estimate.assumed.join(', ')}` : '';
  const cost =
    estimate.price !== null && estimate.currency !== null
      ? ` ≈ ${formatPrice(estimate.price, estimate.currency)} at the ${estimate.basis}`
      : '';
  return (
    `estimate: ~${groupDigits(estimate.tokens)} tokens${cost} ` +
    `(${estimate.width}×${estimate.height}, ${estimate.frames} frames${guess})`
  );
}

/** What a finished task cost, from its real usage at the list price of its model (Task.cost). */
export interface TaskCost {
  tokens: number;
  price: number;
  currency: string;
  basis: string;
}

/**
 * The model id a task reports names its region (`doubao-` Volcengine, also behind the gateway; `dreamina-` and
 * `seedance-` BytePlus). Null when it did not succeed, has no token count, or its model's price is not known.
 */
export function taskCost(task: {
  model: string | null;
  status: string;
  resolution: string | null;
  usage: Record<string, unknown> | null;
}): TaskCost | null {
  if (task.status !== 'succeeded' || task.model === null) return null;
  const tokens = [task.usage?.total_tokens, task.usage?.completion_tokens].find((n) => typeof n === 'number');
  const spec = findModel(task.model);
  if (typeof tokens !== 'number' || !spec) return null;
  const region = spec.ids.byteplus === task.model || task.model.startsWith('dreamina-') ? 'byteplus' : 'ark';
  const resolution = (task.resolution?.toLowerCase() ?? spec.defaultResolution) as Resolution;
  const unit = unitPrice(spec.prices[region]?.[resolution], { withVideo: false, silent: false, flex: false });
  if (unit === undefined) return null;
  const list = `${CURRENCY_SIGN[region]}${unit}/1M tokens`;
  return {
    tokens,
    price: Math.round(tokens * unit) / 1e6,
    currency: CURRENCY[region],
    basis: `${region === 'ark' ? 'Volcengine' : 'BytePlus'} list price ${list} (${spec.name} ${resolution}, no video input)`,
  };
}
