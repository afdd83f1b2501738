import { type Command, Option } from 'commander';
import { parseDuration, parseInteger, RATIOS, RESOLUTIONS } from '../core/parse.js';
import { collect, parser, type Run } from './shared.js';

export function addCreate(program: Command, run: Run): void {
  program
    .command('create')
    .description('create a video generation task; prints the task id (or the file with -o)')
    .argument('[prompt]', 'text prompt; may refer to inputs in order ("Image 1", "Video 1", "Audio 1")')
    .option('--prompt-file <path>', 'read the prompt from a file, or - for stdin')
    .option('-m, --model <id>', 'model id (gateway default sd2.0)')
    .addOption(new Option('-r, --ratio <ratio>', 'aspect ratio').choices(RATIOS))
    .addOption(
      new Option('-d, --duration <seconds>', 'length in seconds: 4-15, or -1 to let the model choose').argParser(
        parser((v) => parseInteger(v, 'duration', 4, 15, [-1])),
      ),
    )
    .addOption(new Option('--resolution <res>', 'output resolution').choices(RESOLUTIONS))
    .option('--audio', 'generate audio (generate_audio)')
    .option('--no-audio', 'generate a silent video')
    .option('--watermark', 'add a watermark')
    .option('--no-watermark', 'no watermark')
    .option(
      '--seed <n>',
      'seed: -1 (random) to 4294967295',
      parser((v) => parseInteger(v, 'seed', -1, 4294967295)),
    )
    .option('--camera-fixed', 'keep the camera fixed')
    .option('--return-last-frame', 'also produce the last frame as an image')
    .option('--set <key=value>', 'extra body field (repeatable; JSON values, dotted keys nest)', collect)
    .option('--dry-run', 'print the request that would be sent (key redacted) and send nothing')
    .option('--wait', 'wait until the task ends')
    .option('--download', 'wait, then download the video')
    .option('-o, --output <path>', 'download to a file, a directory (ending in /) or - for stdout; implies --download')
    .option('--force', 'overwrite an existing output file')
    .option('--last-frame', 'also save the last frame image (with --return-last-frame)')
    .option('--timeout <duration>', 'give up waiting after this long (default 30m, 0 = never)', parser(parseDuration))
    .option('--interval <duration>', 'fixed poll interval (default adaptive 2s→10s)', parser(parseDuration))
    .addHelpText(
      'after',
      '\nExamples:\n  seedance create "a fox in the snow" --ratio 16:9 --duration 5 -o fox.mp4\n  seedance create --prompt-file prompt.txt --json | jq -r .id',
    )
    .action((prompt: string | undefined, options, command: Command) =>
      run(async (ctx) => (await import('../commands/create.js')).create(prompt, options, ctx, command)),
    );
}
