import { type Command, Option } from 'commander';
import type { CreateOptions } from '../commands/create.js';
import { parseMaxCost } from '../core/create-params.js';
import { ALIASES } from '../core/models/catalogue.js';
import { PARAMS, type Param } from '../core/params/table.js';
import { parseDuration, parseInterval } from '../core/parse.js';
import { collect, parser, type Run } from './shared.js';

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

export function addCreate(program: Command, run: Run, params: readonly Param[] = PARAMS): void {
  const command = program
    .command('create')
    .description('create a video generation task; prints the task id (or the file with -o)')
    .argument('[prompt]', 'text prompt, or - for stdin; may name the media in order ("Image 1", "Video 1", "Audio 1")')
    .option('--prompt-file <path>', 'read the prompt from a file, or - for stdin')
    .option('-m, --model <id>', `model id or alias (${ALIASES.join(', ')}); see \`seedance models\``)
    .option('--first-frame <file|url>', 'image the video starts from')
    .option('--last-frame <file|url>', 'image the video ends on (needs --first-frame)')
    .option('--ref-image <file|url>', 'reference image, "Image n" in the prompt (repeatable, ≤ 9)', collect)
    .option('--ref-video <url>', 'reference video URL, "Video n" in the prompt (repeatable, ≤ 3)', collect)
    .option('--ref-audio <url>', 'reference audio URL, "Audio n" in the prompt (repeatable, ≤ 3)', collect);
  for (const row of params) for (const option of paramOptions(row)) command.addOption(option);
  command
    .option('--set <key=value>', 'extra body field (repeatable; JSON values, dotted keys nest)', collect)
    .option('--body <file.json>', 'a base request body; the flags override its fields')
    .option('--dry-run', 'print the request that would be sent (key redacted) and its estimated cost; send nothing')
    .option(
      '--max-cost <amount>',
      "refuse (exit 2, nothing sent) when the estimate is above this, in the provider's currency",
      parser(parseMaxCost),
    )
    .option('--wait', 'wait until the task ends')
    .option('--download', 'wait, then download the video')
    .option('-o, --output <path>', 'download to a file, a directory (ending in /) or - for stdout; implies --download')
    .option('--force', 'overwrite an existing output file')
    .option('--save-last-frame', 'also save the last frame image (with --return-last-frame)')
    .option('--sidecar', 'with a download: also write <name>.json (request, final task, sha256, timings)')
    .option('--gallery', 'with a download: also refresh gallery.html in its folder (seedance gallery)')

    .option(
      '--timeout <duration>',
      'give up waiting after this long (default 30m, 0 = never); implies --wait',
      parser(parseDuration),
    )
    .option(
      '--interval <duration>',
      'fixed poll interval, at least 1s (default adaptive 2s→10s); implies --wait',
      parser(parseInterval),
    )
    .addOption(
      new Option('--on-timeout <action>', 'at --timeout: leave or cancel it; implies --wait').choices([
        'leave',
        'cancel',
      ]),
    )
    .addHelpText('after', MEDIA_HELP)
    .action((prompt: string | undefined, options: CreateOptions) =>
      run(async (ctx) => (await import('../commands/create.js')).create(prompt, options, ctx)),
    );
}
