import { unitPrice } from '../estimate.js';
import type { ProviderName } from '../parse.js';
import { CURRENCY, MODELS, type ModelSpec, priceRegion } from './catalogue.js';
import { providerId } from './resolve.js';

/** 5 s at 720p 16:9: 1280 × 720 × 121 / 1024 tokens. */
const SAMPLE_TOKENS = 108_900;

/** One row of `seedance models --json` (schema/models.schema.json). */
export interface ModelRow {
  alias: string;
  name: string;
  provider: ProviderName;
  id: string;
  resolutions: string[];
  default_resolution: string;
  durations: { min: number; max: number; auto: boolean };
  modes: {
    text: true;
    first_frame: boolean;
    first_last_frame: boolean;
    references: { image: number; video: number; audio: number; total: number } | null;
    audio_only_references: boolean;
  };
  params: ModelSpec['params'];
  audio: boolean;
  price: {
    currency: string;
    basis: string;
    per_million_tokens: Record<string, { base: number; with_video: number | null; silent: number | null }>;
    five_seconds_720p: number | null;
  } | null;
}

export function modelRows(providers: readonly ProviderName[]): ModelRow[] {
  const rows: ModelRow[] = [];
  for (const provider of providers) {
    for (const spec of MODELS) {
      const id = providerId(spec, provider);
      const region = priceRegion(provider);
      if (id === undefined || spec.gone?.[region]) continue;
      rows.push({
        alias: spec.alias,
        name: spec.name,
        provider,
        id,
        resolutions: spec.resolutions,
        default_resolution: spec.defaultResolution,
        durations: spec.durations,
        modes: {
          text: true,
          first_frame: spec.modes.firstFrame,
          first_last_frame: spec.modes.lastFrame,
          references: spec.modes.references,
          audio_only_references: spec.modes.audioOnly,
        },
        params: spec.params,
        audio: spec.sound,
        price: priceRow(spec, provider),
      });
    }
  }
  return rows;
}

function priceRow(spec: ModelSpec, provider: ProviderName): ModelRow['price'] {
  const region = priceRegion(provider);
  const prices = spec.prices[region];
  if (!prices || Object.keys(prices).length === 0) return null;
  const per = Object.fromEntries(
    Object.entries(prices).map(([resolution, price]) => [
      resolution,
      { base: price.base, with_video: price.withVideo ?? null, silent: price.silent ?? null },
    ]),
  );
  const unit = unitPrice(prices['720p'], { withVideo: false, silent: false, flex: false });
  return {
    currency: CURRENCY[region],
    basis:
      provider === 'gateway'
        ? 'Volcengine list price; the gateway bills in its own units'
        : `${region === 'ark' ? 'Volcengine' : 'BytePlus'} list price`,
    per_million_tokens: per,
    five_seconds_720p: unit === undefined ? null : Math.round(SAMPLE_TOKENS * unit) / 1e6,
  };
}
