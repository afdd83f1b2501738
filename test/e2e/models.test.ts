import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPrice } from '../../src/core/estimate.js';
import type { ModelRow } from '../../src/core/models/rows.js';
import { tempDir } from '../helpers/run-cli.js';
import { useSandbox } from '../helpers/sandbox.js';

// Issue 13 §2-3: what each model takes (reference/models.md), refused before anything is sent.
const s = useSandbox();
const byteplus = () => ({ SEEDANCE_PROVIDER: 'byteplus', SEEDANCE_BASE_URL: `${s.sandbox.url}/api/v3` });

async function refused(argv: string[], env: Record<string, string> = {}) {
  const before = s.sandbox.stats.requests.length;
  const run = await s.cli(argv, { env });
  expect(s.sandbox.stats.requests.length).toBe(before);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(/internal error|this is a bug/);
  return run;
}

describe('create refuses what the model rejects: exit 2, nothing sent, the model and the allowed values named', () => {
  it.each<[string, string[], RegExp]>([
    ['--service-tier on 2.0', ['--service-tier', 'flex'], /--service-tier is not accepted by Seedance 2\.0 \(sd2\.0\)/],
    ['--camera-fixed on 2.0', ['--camera-fixed'], /--camera-fixed is not accepted by Seedance 2\.0/],
    ['--frames on 2.0', ['--frames', '49'], /--frames is not accepted by Seedance 2\.0/],
    ['--draft on 2.0', ['--draft'], /--draft is not accepted by Seedance 2\.0[^\n]*\nhint: --draft is for 1\.5-pro/],
    ['--draft on 1.0 pro', ['-m', '1.0-pro', '--draft'], /--draft is not accepted by Seedance 1\.0 pro/],
    ['--priority on 1.5 pro', ['-m', '1.5-pro', '--priority', '3'], /--priority is not accepted by Seedance 1\.5 pro/],
    ['--priority 10', ['--priority', '10'], /priority must be between 0 and 9/],
    [
      '--priority on the gateway for 2.0 mini',
      ['-m', '2.0-mini', '--priority', '1'],
      /not accepted by the gateway for Seedance 2\.0 mini: 2\.0 and 2\.0-fast only/,
    ],
    ['--output-format avi', ['--output-format', 'avi'], /output-format.*mp4, mov/],
    ['1080p on 2.0 fast', ['-m', 'doubao-seedance-2-0-fast-260128', '--resolution', '1080p'], /480p, 720p/],
    [
      '1080p on 2.0 mini',
      ['-m', '2.0-mini', '--resolution', '1080p'],
      /Seedance 2\.0 mini \(doubao-seedance-2-0-mini-260615\): 480p, 720p/,
    ],
    ['4k on 2.5', ['-m', '2.5', '--resolution', '4k'], /not available on Seedance 2\.5 .*: 480p, 720p, 1080p/],
    ['2k anywhere', ['--resolution', '2k'], /resolution must be one of 480p, 720p, 1080p, 4k/],
    ['31 s on 2.5', ['-m', '2.5', '-d', '31'], /duration must be between 2 and 30/],
    ['16 s on 2.0', ['-d', '16'], /Seedance 2\.0 \(sd2\.0\): 4-15 seconds/],
    [
      'audio-only references on 2.0',
      ['--ref-audio', 'https://e.x/a.mp3'],
      /needs at least one --ref-image.*\nhint: .*-m 2\.5/,
    ],
    [
      'first+last on 2.5 with 16:9',
      ['-m', '2.5', '--first-frame', 'https://e.x/a.png', '--last-frame', 'https://e.x/b.png', '-r', '16:9'],
      /Seedance 2\.5 .* takes a first and a last frame only with --ratio adaptive, got 16:9/,
    ],
    [
      'a last frame on 1.0 pro fast',
      ['-m', '1.0-pro-fast', '--first-frame', 'https://e.x/a.png', '--last-frame', 'https://e.x/b.png'],
      /first-frame only/,
    ],
  ])('%s', async (_name, flags, message) => {
    const run = await refused(['create', 'a fox', ...flags]);
    expect(run.stderr).toMatch(message);
  });

  it('BytePlus: a doubao- id is refused with the dreamina- one; 1.0 lite is gone', async () => {
    const doubao = await refused(['create', 'a fox', '-m', 'doubao-seedance-2-0-260128'], byteplus());
    expect(doubao.stderr).toMatch(/BytePlus knows Seedance 2\.0 as dreamina-seedance-2-0-260128\nhint: use -m 2\.0/);
    const lite = await refused(['create', 'a fox', '-m', 'seedance-1-0-lite-t2v-250428'], byteplus());
    expect(lite.stderr).toMatch(/Seedance 1\.0 lite t2v is gone: it answers 404 on BytePlus/);
  });

  it('Volcengine: a dreamina- id is refused with the doubao- one', async () => {
    const env = { SEEDANCE_PROVIDER: 'ark', SEEDANCE_BASE_URL: `${s.sandbox.url}/api/v3` };
    const run = await refused(['create', 'a fox', '-m', 'dreamina-seedance-2-5-260628'], env);
    expect(run.stderr).toMatch(/Volcengine Ark knows Seedance 2\.5 as doubao-seedance-2-5-260628/);
  });

  it('a config default a model rejects is left out, not refused (config set service-tier flex, then -m 2.0)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ 'service-tier': 'flex' }), { mode: 0o600 });
    const run = await s.cli(['create', 'a fox', '--dry-run', '--json'], { env: { SEEDANCE_CONFIG_DIR: dir } });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).body.service_tier).toBeUndefined();
    const old = await s.cli(['create', 'a fox', '-m', '1.5-pro', '--dry-run', '--json'], {
      env: { SEEDANCE_CONFIG_DIR: dir },
    });
    expect(JSON.parse(old.stdout).body.service_tier).toBe('flex');
  });
});

describe('create sends what the model takes', () => {
  it.each<[string, string[], Record<string, unknown>]>([
    ['-m 2.5 -d 30', ['-m', '2.5', '-d', '30'], { model: 'doubao-seedance-2-5-260628', duration: 30 }],
    ['-m 2.0 --resolution 4k', ['-m', '2.0', '--resolution', '4K'], { model: 'sd2.0', resolution: '4k' }],
    ['--priority 5 on 2.0', ['--priority', '5'], { model: 'sd2.0', priority: 5, generate_audio: true }],
    ['--no-audio stays false', ['--no-audio'], { generate_audio: false }],
    ['1.0 pro: no generate_audio unless asked', ['-m', '1.0-pro'], { model: 'doubao-seedance-1-0-pro-250528' }],
  ])('%s', async (_name, flags, expected) => {
    const before = s.sandbox.stats.creates;
    const run = await s.cli(['create', 'a fox', ...flags, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(s.sandbox.stats.creates).toBe(before + 1);
    const dry = await s.cli(['create', 'a fox', ...flags, '--dry-run', '--json']);
    const body = JSON.parse(dry.stdout).body;
    expect(body).toMatchObject(expected);
    if (flags.includes('1.0-pro')) expect(body.generate_audio).toBeUndefined();
  });

  it('--output-format mov reaches Ark; the gateway drops it, which a warning says', async () => {
    const ark = { SEEDANCE_PROVIDER: 'ark', SEEDANCE_BASE_URL: `${s.sandbox.url}/api/v3` };
    const direct = await s.cli(['create', 'a fox', '-m', '2.5', '--output-format', 'mov'], { env: ark });
    expect(direct.code).toBe(0);
    expect(direct.stderr).not.toMatch(/warning/);
    const gateway = await s.cli(['create', 'a fox', '-m', '2.5', '--output-format', 'mov']);
    expect(gateway.code).toBe(0);
    expect(gateway.stderr).toMatch(/warning: the gateway drops output_format .*expect mp4/);
  });

  it('BytePlus: -m 2.0 sends the dreamina- id', async () => {
    const run = await s.cli(['create', 'a fox', '-m', '2.0', '--dry-run', '--json'], { env: byteplus() });
    expect(JSON.parse(run.stdout).body.model).toBe('dreamina-seedance-2-0-260128');
    expect((await s.cli(['create', 'a fox', '-m', '2.0-fast'], { env: byteplus() })).code).toBe(0);
  });

  it('an unknown model id goes through with one notice: only the generic checks apply', async () => {
    const run = await s.cli(['create', 'a fox', '-m', 'doubao-seedance-3-0-270101', '-d', '30']);
    expect(run.code).toBe(0);
    const warnings = run.stderr.split('\n').filter((line) => line.startsWith('warning:'));
    expect(warnings).toEqual([
      "warning: model doubao-seedance-3-0-270101 is not in this version's catalogue: only the generic checks apply",
    ]);
  });
});

describe('the cost before you pay', () => {
  it('create --dry-run on the gateway: ~108,900 tokens and the Volcengine price as the basis', async () => {
    const run = await s.cli(['create', 'a fox', '--dry-run', '--json']);
    expect(JSON.parse(run.stdout).estimate).toMatchObject({
      tokens: 108_900,
      price: 5.0094,
      currency: 'CNY',
      basis: expect.stringMatching(/^Volcengine list price ¥46\/1M tokens .*the gateway bills in its own units$/),
    });
    const human = await s.cli(['create', 'a fox', '--dry-run']);
    expect(human.stderr).toMatch(/estimate: ~108,900 tokens ≈ ¥5\.01 at the Volcengine list price/);
  });

  it('on a terminal, create says the estimate on its first line', async () => {
    const run = await s.cli(['create', 'a fox'], { stderrTty: true });
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')[0]).toMatch(/^estimate: ~108,900 tokens ≈ ¥5\.01/);
  });

  it('--max-cost 1 refuses it (exit 2, nothing sent); config max-cost too; --max-cost 6 lets it through', async () => {
    const run = await refused(['create', 'a fox', '--max-cost', '1']);
    expect(run.stderr).toMatch(/error: the estimate ¥5\.01 \(~108,900 tokens\) is above --max-cost 1/);
    await refused(['create', 'a fox', '--dry-run', '--max-cost', '1']);
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ 'max-cost': 1 }), { mode: 0o600 });
    await refused(['create', 'a fox'], { SEEDANCE_CONFIG_DIR: dir });
    expect((await s.cli(['create', 'a fox', '--max-cost', '6'])).code).toBe(0);
  });

  it('--max-cost refuses a model whose price is not known', async () => {
    const run = await refused(['create', 'a fox', '-m', 'seedance-9', '--max-cost', '100']);
    expect(run.stderr).toMatch(/price of this model is not known/);
  });
});

describe('the cost after: a finished Task carries it', () => {
  it('wait --json and status show the cost of the real usage at the list price', async () => {
    const run = await s.cli(['create', 'a fox', '--resolution', '720p', '--wait', '--json']);
    expect(run.code).toBe(0);
    const task = JSON.parse(run.stdout);
    expect(task.cost).toMatchObject({ currency: 'CNY', basis: expect.stringMatching(/^Volcengine list price ¥46/) });
    expect(task.cost.price).toBeCloseTo((task.cost.tokens * 46) / 1e6, 6);
    const human = await s.cli(['status', task.id]);
    expect(human.stdout).toMatch(/cost +¥[\d.]+ \(Volcengine list price/);
  });

  it('the local list shows it: recorded with the finished status; null (and "-") while unknown', async () => {
    const env = { SEEDANCE_CONFIG_DIR: tempDir() };
    const queued = (await s.cli(['create', 'a hare'], { env })).stdout.trim();
    const done = JSON.parse(
      (await s.cli(['create', 'a fox', '--resolution', '720p', '--wait', '--json'], { env })).stdout,
    );
    const listed = JSON.parse((await s.cli(['list', '--json'], { env })).stdout);
    expect(listed.map((entry: { id: string }) => entry.id)).toEqual([done.id, queued]);
    expect(listed[0].cost).toEqual(done.cost);
    expect(listed[1].cost).toBeNull();
    const price = formatPrice(done.cost.price, done.cost.currency);
    const table = (await s.cli(['list'], { env })).stdout.split('\n');
    expect(table[0]).toMatch(/^ID +CREATED +STATUS +COST +PROMPT$/);
    expect(table[1]).toMatch(new RegExp(`^${done.id} +\\S+ ago +succeeded +${price.replace('.', '\\.')} +a fox$`));
    expect(table[2]).toMatch(new RegExp(`^${queued} +\\S+ ago +queued +- +a hare$`));
  });
});

describe('batch: the total estimate before anything is sent', () => {
  const jobs = (n: number) => {
    const dir = tempDir();
    const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ id: `j${i}`, prompt: `fox ${i}` }));
    writeFileSync(join(dir, 'jobs.jsonl'), `${lines.join('\n')}\n`);
    return dir;
  };

  it('says the total on stderr, then runs', async () => {
    const run = await s.cli(['batch', 'jobs.jsonl'], { cwd: jobs(3) });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/estimate: 3 tasks to create, ~326,700 tokens ≈ ¥15\.03 at list prices/);
  });

  it('--max-cost (or config max-cost) below the total: exit 2, nothing sent', async () => {
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['batch', 'jobs.jsonl', '--max-cost', '10'], { cwd: jobs(3) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /error: the batch estimate ¥15\.03 \(3 tasks\) is above --max-cost 10; nothing was sent/,
    );
    const config = tempDir();
    writeFileSync(join(config, 'config.json'), JSON.stringify({ 'max-cost': 10 }), { mode: 0o600 });
    const byConfig = await s.cli(['batch', 'jobs.jsonl'], { cwd: jobs(3), env: { SEEDANCE_CONFIG_DIR: config } });
    expect(byConfig.code).toBe(2);
    expect(s.sandbox.stats.requests.length).toBe(before);
  });

  it('on a terminal, a total above ¥100 is confirmed first; --yes skips the question', async () => {
    const before = s.sandbox.stats.requests.length;
    const ask = await s.cli(['batch', 'jobs.jsonl'], { cwd: jobs(21), stderrTty: true, stdin: 'n\n', stdinTty: true });
    expect(ask.stderr).toMatch(/Create 21 tasks for about ¥105\.20\? \[y\/N\]/);
    expect(ask.code).toBe(2);
    expect(s.sandbox.stats.requests.length).toBe(before);
    const yes = await s.cli(['batch', 'jobs.jsonl', '--yes'], { cwd: jobs(21), stderrTty: true, stdinTty: true });
    expect(yes.stderr).not.toMatch(/\[y\/N\]/);
    expect(yes.code).toBe(0);
  });
});

describe('seedance models', () => {
  it('--json lists every model of models.md with its prices, per provider', async () => {
    const run = await s.cli(['models', '--json']);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as ModelRow[];
    const byteplusRows = rows.filter((row) => row.provider === 'byteplus');
    expect(byteplusRows.map((row) => row.alias)).toEqual([
      '2.5',
      '2.0',
      '2.0-fast',
      '2.0-mini',
      '1.5-pro',
      '1.0-pro',
      '1.0-pro-fast',
    ]);
    expect(byteplusRows.find((row) => row.alias === '2.0')).toMatchObject({
      id: 'dreamina-seedance-2-0-260128',
      price: { currency: 'USD', per_million_tokens: { '4k': { base: 4, with_video: 2.4 } } },
    });
    const gateway = rows.find((row) => row.provider === 'gateway' && row.alias === '2.0');
    expect(gateway).toMatchObject({ id: 'sd2.0', price: { currency: 'CNY', five_seconds_720p: 5.0094 } });
    expect(gateway?.price?.basis).toMatch(/Volcengine list price; the gateway bills in its own units/);
  });

  it('a table on stdout; --provider narrows it', async () => {
    const run = await s.cli(['--provider', 'byteplus', 'models']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^PROVIDER\s+ALIAS\s+ID\s+RESOLUTIONS\s+SECONDS\s+MODES\s+AUDIO\s+5 s 720p$/);
    expect(lines).toHaveLength(8);
    expect(run.stdout).toMatch(/byteplus\s+2\.0-fast\s+dreamina-seedance-2-0-fast-260128\s+480p\/720p\s+4-15, -1/);
    expect(run.stdout).not.toMatch(/lite/);
  });
});
