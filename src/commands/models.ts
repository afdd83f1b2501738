import type { Context } from '../context.js';
import { formatPrice, unitPrice } from '../core/estimate.js';
import { CURRENCY, MODELS, type ModelSpec, priceRegion } from '../core/models/catalogue.js';
import { providerId } from '../core/models/resolve.js';
import { PROVIDERS, type ProviderName } from '../core/parse.js';

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

export async function models(ctx: Context): Promise<number> {
  const providers = ctx.flags.provider ? [ctx.flags.provider] : PROVIDERS;
  const rows = modelRows(providers);
  if (ctx.out.mode.json) {
    ctx.out.json(rows);
    return 0;
  }
  const modes = (row: ModelRow) => {
    const refs = row.modes.references;
    return [
      'text',
      row.modes.first_frame ? (row.modes.first_last_frame ? 'first+last' : 'first') : null,
      refs
        ? `refs ${refs.image}/${refs.video}/${refs.audio}${row.modes.audio_only_references ? ' (audio-only ok)' : ''}`
        : null,
    ]
      .filter(Boolean)
      .join(', ');
  };
  const table = [
    ['PROVIDER', 'ALIAS', 'ID', 'RESOLUTIONS', 'SECONDS', 'MODES', 'AUDIO', '5 s 720p'],
    ...rows.map((row) => [
      row.provider,
      row.alias,
      row.id,
      row.resolutions.join('/'),
      `${row.durations.min}-${row.durations.max}${row.durations.auto ? ', -1' : ''}`,
      modes(row),
      row.audio ? 'yes' : 'no',
      row.price?.five_seconds_720p != null
        ? `${formatPrice(row.price.five_seconds_720p, row.price.currency)}${row.provider === 'gateway' ? ' (Volcengine basis)' : ''}`
        : '?',
    ]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  ctx.out.result(
    table
      .map((line) =>
        line
          .map((cell, column) => cell.padEnd(widths[column]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n'),
  );
  return 0;
}
