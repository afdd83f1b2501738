import { defaultResolution, modelFamily } from './model-family.js';

export interface TokenEstimate {
  note: string;
  output_tokens: number;
  width: number;
  height: number;
  frames: number;
  /** What was not in the body and had to be guessed. */
  assumed: string[];
}

const SHORT_SIDE: Record<string, number> = { '480p': 480, '720p': 720, '1080p': 1080, '4k': 2160 };
const FPS = 24;
const MAX_SECONDS = 15;

/**
 * Output tokens ≈ width × height × frames / 1024 (ark-api.md §3 [inferred] from 1280×720×121 = 108 900), with
 * frames = seconds × 24 + 1. The short side is the resolution and the long side follows the ratio, as the
 * sandbox does; Ark's own pixel table is not known, so this is an estimate, never a quote.
 */
export function estimateTokens(body: Record<string, unknown>): TokenEstimate {
  const assumed: string[] = [];
  const family = modelFamily(String(body.model));
  let resolution = typeof body.resolution === 'string' ? body.resolution : undefined;
  if (!resolution || !(resolution in SHORT_SIDE)) {
    resolution = body.draft === true ? '480p' : defaultResolution(family);
    assumed.push(`resolution ${resolution} (the model's default)`);
  }
  let ratio = typeof body.ratio === 'string' ? body.ratio : undefined;
  if (!ratio || !/^\d+:\d+$/.test(ratio)) {
    assumed.push(`ratio 16:9 (${ratio === 'adaptive' ? 'adaptive follows the input' : 'not set: the model chooses'})`);
    ratio = '16:9';
  }
  let frames: number;
  if (typeof body.frames === 'number') frames = body.frames;
  else if (body.duration === -1) {
    frames = MAX_SECONDS * FPS + 1;
    assumed.push(`${MAX_SECONDS} s, the most duration -1 can give (an upper bound)`);
  } else {
    const seconds = typeof body.duration === 'number' ? body.duration : 5;
    if (typeof body.duration !== 'number') assumed.push('duration 5 s (the default)');
    frames = seconds * FPS + 1;
  }
  const [a, b] = ratio.split(':').map(Number) as [number, number];
  const short = SHORT_SIDE[resolution] as number;
  const [width, height] = a >= b ? [Math.round((short * a) / b), short] : [short, Math.round((short * b) / a)];
  return {
    note: 'estimate, not a quote: width × height × frames / 1024',
    output_tokens: Math.floor((width * height * frames) / 1024),
    width,
    height,
    frames,
    assumed,
  };
}

/** One human line for --dry-run. */
export function describeEstimate(estimate: TokenEstimate): string {
  const guess = estimate.assumed.length > 0 ? `; assuming ${estimate.assumed.join(', ')}` : '';
  return (
    `estimate: ~${estimate.output_tokens.toLocaleString('en-US')} output tokens ` +
    `(${estimate.width}×${estimate.height}, ${estimate.frames} frames${guess})`
  );
}
