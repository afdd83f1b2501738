import type { Command } from 'commander';
import { models } from '../commands/models.js';
import type { Run } from './shared.js';

export function defineModels(command: Command, run: Run): void {
  command
    .addHelpText(
      'after',
      [
        '',
        'Every alias (2.5, 2.0, 2.0-fast, 2.0-mini, 1.5-pro, 1.0-pro, 1.0-pro-fast) works wherever a model is taken',
        "(-m, config set model, a batch line) and becomes the provider's id. A model id not listed here is sent as",
        'given, with only the generic checks. Prices are list prices per the sources of the reference notes: ¥ on',
        'Volcengine, $ on BytePlus; the gateway bills in its own units, so the Volcengine price is shown as a basis.',
        '',
        'Examples:',
        '  seedance models',
        '  seedance --provider byteplus models',
        '  seedance models --json | jq -r \'.[] | select(.alias == "2.0") | .id\'',
      ].join('\n'),
    )
    .action(() => run((ctx) => models(ctx)));
}
