import { type Command, Option } from 'commander';
import { type CreateOptions, create } from '../commands/create.js';
import { parseMaxCost } from '../core/create-params.js';
import { ALIASES } from '../core/models/catalogue.js';
import { PARAMS, type Param, type ParamValues } from '../core/params/table.js';
import { parseDuration, parseInterval } from '../core/parse.js';
import { addFlags, type FlagValues, flag, many, oneOf, parser, type Run, rowsOf } from './shared.js';

const MEDIA_HELP = `
Media: --first-frame/--last-frame (image-to-video) or references (--ref-image ≤ 9, --ref-video ≤ 3,
--ref-audio ≤ 3; at most 12 in all; audio needs an image or a video), not both. Images may be local files
(jpeg, png, webp, bmp, tiff, gif, heic; 300–6000 px, aspect 0.4–2.5, under 30 MB = 30,000,000 bytes: sent inline as base64) or
URLs; videos and audio must be public https:// URLs or asset://<id>. The prompt names references in the
order given: "Image 1", "Image 2", "Video 1", "Audio 1".

Every generation option can have a default: seedance config set ratio 9:16 (flags win).

Examples:
  seedance create "a fox in the snow" --ratio 16:9 --duration 5 -o fox.mp4
  seedance create "Image 1 dances to Audio 1 in the style of Video 1" --ref-image cat.png \\
    --ref-video https://example.com/moves.mp4 --ref-audio https://example.com/beat.mp3 --wait
  seedance create "the door opens" --first-frame closed.jpg --last-frame open.jpg --dry-run
  seedance create --prompt-file prompt.txt --json | jq -r .id
  echo "a fox in the snow" | seedance create -
  seedance create -- "-a prompt that starts with a dash"`;

/** A table row's flags: `--<key> [value]`, and `--no-<key>` for a switch that has one. */
export function paramOptions(row: Param): Option[] {
  const flags = `${row.short ? `-${row.short}, ` : ''}--${row.key}${row.arg ? ` ${row.arg}` : ''}`;
  const option = new Option(flags, row.help);
  if (row.choices) option.choices(row.choices);
  if (row.arg) {
    const parse = parser(row.parse);
    // After choices(): our parser decides (resolution takes any case); the choices stay in help and completion.
    option.argParser(
      row.repeatable
        ? (value: string, previous: unknown) => [
            ...((previous as unknown[] | undefined) ?? []),
            ...(parse(value) as unknown[]),
          ]
        : parse,
    );
  }
  return row.negate ? [option, new Option(`--no-${row.key}`, row.negate)] : [option];
}

/** Before the parameter table's flags: the prompt's file, the model and the media. */
const MEDIA_FLAGS = rowsOf<CreateOptions>()([
  flag('--prompt-file <path>', 'read the prompt from a file, or - for stdin'),
  flag('-m, --model <id>', `model id or alias (${ALIASES.join(', ')}); see \`seedance models\``),
  flag('--first-frame <file|url>', 'image the video starts from'),
  flag('--last-frame <file|url>', 'image the video ends on (needs --first-frame)'),
  many('--ref-image <file|url>', 'reference image, "Image n" in the prompt (repeatable, ≤ 9)'),
  many('--ref-video <url>', 'reference video URL, "Video n" in the prompt (repeatable, ≤ 3)'),
  many('--ref-audio <url>', 'reference audio URL, "Audio n" in the prompt (repeatable, ≤ 3)'),
]);

/** After the parameter table's flags: the body's sources, the cost limit, and what happens after the create. */
const AFTER_FLAGS = rowsOf<CreateOptions>()([
  many('--set <key=value>', 'extra body field (repeatable; JSON values, dotted keys nest)'),
  flag('--body <file.json>', 'a base request body; the flags override its fields'),
  flag('--dry-run', 'print the request that would be sent (key redacted) and its estimated cost; send nothing'),
  flag(
    '--max-cost <amount>',
    "refuse (exit 2, nothing sent) when the estimate is above this, in the provider's currency",
    { parse: parseMaxCost },
  ),
  flag('--wait', 'wait until the task ends'),
  flag('--download', 'wait, then download the video'),
  flag('-o, --output <path>', 'download to a file, a directory (ending in /) or - for stdout; implies --download'),
  flag('--force', 'overwrite an existing output file'),
  flag('--save-last-frame', 'also save the last frame image (with --return-last-frame)'),
  flag('--sidecar', 'with a download: also write <name>.json (request, final task, sha256, timings)'),
  flag('--gallery', 'with a download: also refresh gallery.html in its folder (seedance gallery)'),
  flag('--timeout <duration>', 'give up waiting after this long (default 30m, 0 = never); implies --wait', {
    parse: parseDuration,
  }),
  flag('--interval <duration>', 'fixed poll interval, at least 1s (default adaptive 2s→10s); implies --wait', {
    parse: parseInterval,
  }),
  oneOf('--on-timeout <action>', 'at --timeout: leave or cancel it; implies --wait', ['leave', 'cancel']),
]);

/** What create's action receives: every row's value, typed from the rows (a renamed flag renames its field). */
export type CreateFlags = FlagValues<typeof MEDIA_FLAGS> & ParamValues & FlagValues<typeof AFTER_FLAGS>;

/** create's options, on the command `seedance create` (its name, description and argument are in build.ts). */
export function defineCreate(command: Command, run: Run, params: readonly Param[] = PARAMS): void {
  addFlags(command, MEDIA_FLAGS);
  for (const row of params) for (const option of paramOptions(row)) command.addOption(option);
  addFlags(command, AFTER_FLAGS)
    .addHelpText('after', MEDIA_HELP)
    .action((prompt: string | undefined, options: CreateFlags) => run((ctx) => create(prompt, options, ctx)));
}
