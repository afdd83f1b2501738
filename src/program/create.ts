import { type Command, Option } from 'commander';
import {
  OUTPUT_FORMATS,
  parseCallbackUrl,
  parseDurationSeconds,
  parseExpiresAfter,
  parseFrames,
  parseMaxCost,
  parseOutputFormat,
  parsePriority,
  parseRatio,
  parseResolution,
  parseSafetyId,
  parseSeed,
  parseServiceTier,
  parseTool,
  TOOLS,
} from '../core/create-params.js';
import { ALIASES } from '../core/models/catalogue.js';
import { parseDuration, parseInterval, RATIOS, RESOLUTIONS, SERVICE_TIERS } from '../core/parse.js';
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

export function addCreate(program: Command, run: Run): void {
  program
    .command('create')
    .description('create a video generation task; prints the task id (or the file with -o)')
    .argument('[prompt]', 'text prompt, or - for stdin; may name the media in order ("Image 1", "Video 1", "Audio 1")')
    .option('--prompt-file <path>', 'read the prompt from a file, or - for stdin')
    .option('-m, --model <id>', `model id or alias (${ALIASES.join(', ')}); see \`seedance models\``)
    .option('--first-frame <file|url>', 'image the video starts from')
    .option('--last-frame <file|url>', 'image the video ends on (needs --first-frame)')
    .option('--ref-image <file|url>', 'reference image, "Image n" in the prompt (repeatable, ≤ 9)', collect)
    .option('--ref-video <url>', 'reference video URL, "Video n" in the prompt (repeatable, ≤ 3)', collect)
    .option('--ref-audio <url>', 'reference audio URL, "Audio n" in the prompt (repeatable, ≤ 3)', collect)
    .addOption(new Option('-r, --ratio <ratio>', 'aspect ratio').choices(RATIOS).argParser(parser(parseRatio)))
    .addOption(
      new Option(
        '-d, --duration <seconds>',
        'length in seconds: 4-15 (2.5: 4-30, 1.5: 4-12, 1.0: 2-12), or -1 to let the model choose',
      ).argParser(parser(parseDurationSeconds)),
    )
    .option('--frames <n>', 'length in frames at 24 fps, 25+4n in 29-289 (Seedance 1.0 only)', parser(parseFrames))
    .addOption(
      new Option('--resolution <res>', 'output resolution, any case (4k: 2.0 only; 2.0 fast/mini: 480p, 720p)')
        .choices(RESOLUTIONS)
        .argParser(parser(parseResolution)),
    )
    .option('--audio', 'generate audio (generate_audio)')
    .option('--no-audio', 'generate a silent video')
    .option('--watermark', 'add a watermark')
    .option('--no-watermark', 'no watermark')
    .option('--seed <n>', 'seed: -1 (random) to 4294967295', parser(parseSeed))
    .option('--camera-fixed', 'keep the camera fixed (Seedance 1.x)')
    .option('--return-last-frame', 'also produce the last frame as an image')
    .option(
      '--callback-url <url>',
      'http(s) URL the server POSTs the task to on every status change',
      parser(parseCallbackUrl),
    )
    .addOption(
      new Option('--service-tier <tier>', 'flex: offline, cheaper, slower (Seedance 1.x)')
        .choices(SERVICE_TIERS)
        .argParser(parser(parseServiceTier)),
    )
    .option(
      '--expires-after <duration>',
      'expire the task if not done after this long (1h-72h)',
      parser(parseExpiresAfter),
    )
    .option('--draft', 'a cheap 480p draft (Seedance 1.5 pro only)')
    .option('--priority <n>', 'queue priority 0-9 (Seedance 2.x)', parser(parsePriority))
    .addOption(
      new Option('--output-format <format>', 'container of the video (Seedance 2.5)')
        .choices(OUTPUT_FORMATS)
        .argParser(parser(parseOutputFormat)),
    )
    .addOption(
      new Option('--tool <name>', `let the model use a tool (repeatable: ${TOOLS.join(', ')})`).argParser(
        (v: string, previous: string[] | undefined) => [...(previous ?? []), parser(parseTool)(v)],
      ),
    )
    .option('--safety-id <id>', 'your end-user id for safety checks (safety_identifier)', parser(parseSafetyId))
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
    .action((prompt: string | undefined, options) =>
      run(async (ctx) => (await import('../commands/create.js')).create(prompt, options, ctx)),
    );
}
