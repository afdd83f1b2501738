import type { Context } from '../context.js';
import { formatPrice } from '../core/estimate.js';
import { type ModelRow, modelRows } from '../core/models/rows.js';
import { PROVIDERS } from '../core/parse.js';

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
