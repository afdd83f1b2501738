import type { Command } from 'commander';
import { type BatchOptions, batch } from '../commands/batch.js';
import { parseMaxCost } from '../core/create-params.js';
import { parseDuration, parseInteger, parseInterval } from '../core/parse.js';
import { addFlags, type FlagValues, flag, type Run, rowsOf } from './shared.js';

const FLAGS = rowsOf<BatchOptions>()([
  flag('--concurrency <n>', 'jobs in progress at once', {
    parse: (v) => parseInteger(v, 'concurrency', 1, 1000),
    default: { value: 4 },
  }),
  flag('--wait', 'follow every task to its end'),
  flag('--download', 'wait, then download every video into --output-dir'),
  flag('--output-dir <dir>', 'where --download saves <id>.mp4 (the job id, else the task id)'),
  flag('--state <file>', 'the state file that makes a rerun resume (default <jobs>.state.jsonl beside the input)'),
  flag('--skip-invalid', 'run the valid lines and report the invalid ones, instead of sending nothing'),
  flag('--recreate-unknown', 'create again the jobs whose earlier create never got an answer (may duplicate)'),
  flag('--force', 'overwrite existing files in --output-dir'),
  flag('--sidecar', 'with --download: also write <name>.json beside each video (request, task, sha256)'),
  flag('--gallery', 'with --download: also refresh gallery.html in --output-dir after each video'),
  flag(
    '--max-cost <amount>',
    "refuse the batch (exit 2, nothing sent) when its total estimate is above this, in the provider's currency",
    { parse: parseMaxCost },
  ),
  flag('-y, --yes', 'do not ask before a costly batch (on a terminal, above ¥100 / $15)'),
  flag('--timeout <duration>', 'give up waiting for a task after this long (default 30m, 0 = never)', {
    parse: parseDuration,
  }),
  flag('--interval <duration>', 'fixed poll interval, at least 1s (default: planned from the renders seen so far)', {
    parse: parseInterval,
  }),
]);

export function defineBatch(command: Command, run: Run): void {
  addFlags(command, FLAGS)
    .addHelpText(
      'after',
      [
        '',
        'Job lines (JSON Lines; blank lines and # comments are skipped):',
        '  {"id": "fox", "prompt": "a fox in the snow", "ratio": "16:9", "duration": 5}',
        '  {"prompt": "Image 1 comes alive", "first_frame": "img/cat.png", "ref_image": ["a.png", "b.png"]}',
        "  Keys are create's flag names (snake_case or kebab-case); relative paths are read from the jobs file's",
        '  directory. "set" takes {"key": value}; "body" a request object or a JSON file.',
        '',
        'stdout: one JSON line per finished job, in completion order:',
        '  {"job": "fox", "line": 1, "id": "cgt-…", "status": "succeeded", "file": "out/fox.mp4", "error": null}',
        'Exit code: the worst job outcome, worst first: 1 internal error, 3 key refused, 9 quota used up (no more',
        'creates; the tasks already created are finished), 2 invalid lines or a --download target that already',
        'exists (nothing is sent; with --skip-invalid the invalid lines are reported and left out of the exit code),',
        '6 a job could not be sent or its create never got an answer ("unknown"), 7 a task not found, 8 a video not',
        'saved, 4 a task ended without a video, 5 a wait timed out; 0 all good (the order of every command).',
        '',
        'Limits: a 429 rate limit pauses every request for its Retry-After (the pace comes down only when the batch',
        'was going at it); a concurrency limit ("Concurrency limit reached (N)") lowers the tasks in flight, not the',
        'pace; a 5xx to a status read retries that read only. The display and --events say when and why the batch is',
        'held back (event "held" with its reason: rate, concurrency or busy; "resumed" when it is over).',
        '--events also gives each job\'s lifecycle: created, queued, running, succeeded/failed/…, with its "job".',
        '',
        'Resuming: the state file records each task the moment it exists. Rerun the same command after a crash or',
        'Ctrl-C: finished jobs are reported again, created tasks are followed, and only the rest are created. A job',
        'whose create was sent but never answered is reported as "unknown" (check `seedance list`), not sent twice.',
        '',
        'Examples:',
        '  seedance batch jobs.jsonl --download --output-dir out/ > results.jsonl',
        '  generate-jobs | seedance batch - --state run.state.jsonl --concurrency 8 --wait',
      ].join('\n'),
    )
    .action((source: string, options: FlagValues<typeof FLAGS>) => run((ctx) => batch(source, options, ctx)));
}
