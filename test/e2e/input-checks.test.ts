import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run-cli.js';
import { useSandbox } from '../helpers/sandbox.js';

// Issue 12 §3: every input path (config.json, --set, --body, batch lines, stdin) is checked like the flags are:
// exit 2, the key or file named, nothing sent.
const s = useSandbox();

function configDir(values: Record<string, unknown>): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'config.json'), JSON.stringify(values), { mode: 0o600 });
  return dir;
}

/** Runs the CLI and asserts it refused with exit 2 before sending any request. */
async function refused(argv: string[], options: Parameters<typeof s.cli>[1] = {}) {
  const before = s.sandbox.stats.requests.length;
  const run = await s.cli(argv, options);
  expect(s.sandbox.stats.requests.length).toBe(before);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(/internal error|this is a bug/);
  return run;
}

describe('config.json edited by hand goes through the config set parsers', () => {
  it.each([
    [{ ratio: '99:1' }, /config\.json: ratio must be one of .*got "99:1"/],
    [{ duration: 'abc' }, /config\.json: duration must be an integer, got "abc"/],
    [{ audio: 'maybe' }, /config\.json: audio must be true or false, got "maybe"/],
    [{ seed: 'x' }, /config\.json: seed must be an integer, got "x"/],
    [{ resolution: '2k' }, /config\.json: resolution must be one of/],
  ])('create refuses %j naming config.json and the key', async (values, message) => {
    for (const extra of [[], ['--dry-run']]) {
      const run = await refused(['create', 'a fox', ...extra], { env: { SEEDANCE_CONFIG_DIR: configDir(values) } });
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/hint: fix it with: seedance config set \S+ <value>/);
    }
  });

  it.each([
    [{ 'base-url': 'notaurl' }, /config\.json: base-url must be a URL, got "notaurl"/],
    [{ 'request-timeout': 'abc' }, /config\.json: request-timeout: invalid duration "abc"/],
    [{ provider: 'nope' }, /config\.json: provider must be one of/],
  ])('any command refuses %j with exit 2, not an internal error', async (values, message) => {
    // No SEEDANCE_BASE_URL: the configured one is used.
    const env = { SEEDANCE_CONFIG_DIR: configDir(values), SEEDANCE_BASE_URL: undefined };
    const run = await refused(['status', 'cgt-20260101000000-abcde'], { env });
    expect(run.stderr).toMatch(message);
  });

  it('good hand-written values are sent in the form the flags send (numbers, booleans, lower-case resolution)', async () => {
    const env = { SEEDANCE_CONFIG_DIR: configDir({ duration: '5', audio: 'yes', seed: 7, resolution: '1080P' }) };
    const run = await s.cli(['create', 'a fox', '--dry-run', '--json'], { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).body).toMatchObject({
      duration: 5,
      generate_audio: true,
      seed: 7,
      resolution: '1080p',
    });
  });
});

describe('--set and --body values are checked like the flags', () => {
  it.each([
    [['--set', 'novalue'], /--set expects key=value.*"novalue"/],
    [['--set', '=1'], /--set expects key=value.*"=1"/],
    [['--set', 'a..b=1'], /--set expects key=value/],
    [['--set', 'content=1'], /--set content=1: content must be a JSON array of items/],
    [['--set', 'ratio=99:1'], /--set ratio=99:1: ratio must be one of/],
    [['--set', 'duration=abc'], /--set duration=abc: duration must be an integer/],
    [['--set', 'generate_audio=maybe'], /--set generate_audio=maybe: generate_audio must be true or false/],
    [['--set', 'model=5'], /--set model=5: model must be a model id/],
  ])('create %j: exit 2, nothing sent', async (flags, message) => {
    const run = await refused(['create', 'a fox', ...flags]);
    expect(run.stderr).toMatch(message);
  });

  it('a --body file with a bad field is refused naming --body', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'base.json'), JSON.stringify({ ratio: '99:1' }));
    const run = await refused(['create', 'a fox', '--body', 'base.json'], { cwd: dir });
    expect(run.stderr).toMatch(/--body: ratio must be one of .*got "99:1"/);
  });

  it('good --set values are sent as the flag would send them', async () => {
    const run = await s.cli(
      ['create', 'a fox', '--set', 'resolution=720P', '--set', 'generate_audio=false', '--dry-run', '--json'],
      {},
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).body).toMatchObject({ resolution: '720p', generate_audio: false });
  });

  it('a batch line with a bad value names the line; nothing is sent', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'jobs.jsonl'), '{"prompt":"a","ratio":"99:1"}\n{"prompt":"b","set":{"content":1}}\n');
    const run = await refused(['batch', 'jobs.jsonl'], { cwd: dir });
    expect(run.stderr).toMatch(/jobs\.jsonl:1: ratio must be one of/);
    expect(run.stderr).toMatch(/jobs\.jsonl:2: --set content=1: content must be a JSON array/);
  });
});

describe('--resolution in any case', () => {
  it.each([
    ['4K', '4k'],
    ['1080P', '1080p'],
    ['720p', '720p'],
  ])('--resolution %s is sent as %s', async (given, sent) => {
    const run = await s.cli(['create', 'a fox', '--resolution', given, '--dry-run', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).body.resolution).toBe(sent);
  });

  it('a real create sends the lower-case value (the sandbox accepts it)', async () => {
    const run = await s.cli(['create', 'a fox', '--resolution', '1080P', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).resolution ?? '1080p').toBe('1080p');
  });

  it('2k is still refused (no model takes it), and 4k still needs Seedance 2.0', async () => {
    expect((await refused(['create', 'a fox', '--resolution', '2K'])).stderr).toMatch(/resolution must be one of/);
    const old = await refused(['create', 'a fox', '--resolution', '4K', '-m', 'doubao-seedance-1-5-pro-251215']);
    expect(old.stderr).toMatch(/--resolution 4k is not available on Seedance 1\.5 pro/);
  });

  it('a batch line takes any case too', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'jobs.jsonl'), '{"prompt":"a","resolution":"4K"}\n');
    const creates = s.sandbox.stats.creates;
    const run = await s.cli(['batch', 'jobs.jsonl'], { cwd: dir });
    expect(run.stderr).not.toMatch(/resolution must be/);
    expect(run.code).toBe(0);
    expect(s.sandbox.stats.creates).toBe(creates + 1);
  });
});

describe('--interval under 1s is refused', () => {
  it.each([
    [['wait', 'cgt-20260101000000-abcde', '--interval', '0']],
    [['wait', 'cgt-20260101000000-abcde', '--interval', '500ms']],
    [['create', 'a fox', '--interval', '0']],
    [['create', 'a fox', '--interval', '0.5']],
  ])('%j: exit 2, nothing sent', async (argv) => {
    const run = await refused(argv);
    expect(run.stderr).toMatch(/interval must be at least 1s/);
  });

  it('batch --interval 0 is refused before anything is sent', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'jobs.jsonl'), '{"prompt":"a"}\n');
    const run = await refused(['batch', 'jobs.jsonl', '--wait', '--interval', '0'], { cwd: dir });
    expect(run.stderr).toMatch(/interval must be at least 1s/);
  });

  it('--interval 1s still works', async () => {
    const run = await s.cli(['create', 'a fox', '--interval', '1s', '--timeout', '0']);
    expect(run.code).toBe(0);
  });
});

describe('create - reads the prompt from stdin', () => {
  it('the prompt is the text on stdin, not "-"', async () => {
    const dry = await s.cli(['create', '-', '--dry-run', '--json'], { stdin: 'a fox in the snow\n' });
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).body.content).toEqual([{ type: 'text', text: 'a fox in the snow' }]);
  });

  it('an empty stdin is "a prompt is required", and nothing is sent', async () => {
    const run = await refused(['create', '-'], { stdin: '' });
    expect(run.stderr).toMatch(/a prompt is required/);
  });

  it('--prompt-file - keeps working, and - with --prompt-file is refused as two prompts', async () => {
    const dry = await s.cli(['create', '--prompt-file', '-', '--dry-run', '--json'], { stdin: 'a cat' });
    expect(JSON.parse(dry.stdout).body.content[0].text).toBe('a cat');
    await refused(['create', '-', '--prompt-file', '-'], { stdin: 'a cat' });
  });
});

describe('a prompt that starts with "-"', () => {
  it('create "-a fox" is refused with a hint at --, and nothing is sent', async () => {
    const run = await refused(['create', '-a fox', '--dry-run']);
    expect(run.stderr).toContain("error: unknown option '-a fox'");
    expect(run.stderr).toContain(`hint: a prompt that starts with "-" goes after --: seedance create -- '-a fox'`);
  });

  it('create -- "-a fox" creates a task with that prompt', async () => {
    const run = await s.cli(['--json', 'create', '--', '-a fox']);
    expect(run.code).toBe(0);
    const id = JSON.parse(run.stdout).id as string;
    expect(s.sandbox.stats.requests.at(-1)).toMatchObject({ method: 'POST' });
    expect(id).toMatch(/\S/);
  });

  it.each([
    [['create', '--dry-run', '--json', '--', '-a fox']],
    [['--json', 'create', '--dry-run', '--', '-a fox']],
    [['create', '--json', '--dry-run', '--', '-a fox']],
  ])('%j puts "-a fox" in the body', async (argv) => {
    const run = await s.cli(argv);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).body.content).toEqual([{ type: 'text', text: '-a fox' }]);
  });

  it('an option after -- is part of the operands: the hint says to put options before --', async () => {
    const run = await refused(['create', '--', '-a fox', '--dry-run']);
    expect(run.stderr).toMatch(/too many arguments/);
    expect(run.stderr).toContain('hint: everything after -- is the prompt: put the options before it');
  });
});

describe('a base URL that is clearly wrong is a usage error (exit 2), not "retry later"', () => {
  it.each([
    [['--base-url', 'SANDBOX/v1'], /--base-url \S+\/v1 makes the request path repeat \/v1/],
    [['--provider', 'ark', '--base-url', 'SANDBOX/api/v3/api/v3'], /makes the request path repeat \/api\/v3/],
    [['--provider', 'ark', '--base-url', 'https://ark.cn-beijing.volces.com'], /lacks \/api\/v3/],
    [['--base-url', 'https://ark.ap-southeast.bytepluses.com/api/v3'], /is an Ark host/],
  ])('%j is refused before anything is sent', async (flags, message) => {
    const argv = flags.map((flag) => flag.replace('SANDBOX', s.sandbox.url));
    const run = await refused([...argv, 'create', 'a fox']);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/^hint: /m);
  });

  it('names SEEDANCE_BASE_URL when that is where it came from', async () => {
    const run = await refused(['status', 'cgt-20260101000000-abcde'], {
      env: { SEEDANCE_BASE_URL: `${s.sandbox.url}/v1` },
    });
    expect(run.stderr).toMatch(/SEEDANCE_BASE_URL \S+\/v1 makes the request path repeat \/v1/);
    expect(run.stderr).toContain('hint: the tool appends /v1/video/generations to the base URL');
  });

  it('a 404 to a create (a wrong route) exits 2 with the route hint', async () => {
    const run = await s.cli(['create', 'a fox'], { env: { SEEDANCE_BASE_URL: `${s.sandbox.url}/elsewhere` } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/HTTP 404/);
    expect(run.stderr).toMatch(/hint: the API has no such route .*check --base-url and --provider/);
  });
});
