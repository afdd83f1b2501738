import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { KEY, useSandbox } from '../helpers/sandbox.js';

const s = useSandbox();

describe('create', () => {
  it('prints the task id alone on stdout and journals it', async () => {
    const dir = tempDir();
    const run = await s.cli(['create', 'a cat', '--ratio', '16:9', '--duration', '5'], {
      env: { SEEDANCE_CONFIG_DIR: dir },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cgt-\d{14}-[a-z0-9]{5}\n$/);
    const id = run.stdout.trim();
    const last = await s.cli(['status', '@last', '--json'], { env: { SEEDANCE_CONFIG_DIR: dir } });
    expect(JSON.parse(last.stdout).id).toBe(id);
  });

  it('--json prints the normalised Task', async () => {
    const run = await s.cli(['create', 'a cat', '--json']);
    expect(run.code).toBe(0);
    const task = JSON.parse(run.stdout);
    expect(task).toMatchObject({ status: 'queued', model: 'doubao-seedance-2-0-260128', error: null });
    expect(task.id).toMatch(/^cgt-/);
  });

  it('sends the body the provider page describes', async () => {
    const before = s.sandbox.stats.creates;
    const run = await s.cli([
      'create',
      'a bunny',
      '--ratio',
      '9:16',
      '--duration',
      '-1',
      '--no-audio',
      '--seed',
      '7',
      '--set',
      'priority=0',
    ]);
    expect(run.code).toBe(0);
    expect(s.sandbox.stats.creates).toBe(before + 1);
  });

  it('a bad ratio exits 2 and sends nothing', async () => {
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['create', 'a cat', '--ratio', '5:4']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: .*5:4.*\n/);
    expect(run.stdout).toBe('');
    expect(s.sandbox.stats.requests.length).toBe(before);
  });

  it.each([
    [['--duration', '3'], /--duration 3 is not allowed for Seedance 2\.0 \(sd2\.0\): 4-15 seconds, or -1/],
    [['--duration', '1'], /duration must be between 2 and 30 or -1/],
    [
      ['-m', 'doubao-seedance-1-0-pro-250528', '--duration', '-1'],
      /not allowed for Seedance 1\.0 pro \(doubao-seedance-1-0-pro-250528\): 2-12 seconds$/m,
    ],
    [
      ['-m', 'doubao-seedance-1-5-pro-251215', '--duration', '15'],
      /not allowed for Seedance 1\.5 pro .*: 4-12 seconds/,
    ],
    [['--duration', 'x'], /duration must be an integer/],
    [['--seed', '-2'], /seed must be between -1 and 4294967295/],
    [['--resolution', '8k'], /8k/],
  ])('refuses %j with exit 2 before any request', async (flags, message) => {
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['create', 'a cat', ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(s.sandbox.stats.requests.length).toBe(before);
  });

  it.each(['htp:/oops', 'not a url', 'http://'])('--base-url %s exits 2; nothing is sent or journaled', async (url) => {
    const dir = tempDir();
    const run = await s.cli(['--base-url', url, 'create', 'a cat'], { env: { SEEDANCE_CONFIG_DIR: dir } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: .*--base-url must be an? /);
    expect(existsSync(join(dir, 'history.jsonl'))).toBe(false);
  });

  it('an empty prompt exits 2', async () => {
    const run = await s.cli(['create', '  ']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('a prompt is required');
  });

  it('reads the prompt from stdin with --prompt-file -', async () => {
    const run = await s.cli(['create', '--prompt-file', '-', '--dry-run', '--json'], { stdin: 'from stdin\n' });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).body.content).toEqual([{ type: 'text', text: 'from stdin' }]);
  });

  it('--dry-run prints the request with the key redacted and sends nothing', async () => {
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['create', 'a cat', '--dry-run', '--json']);
    expect(run.code).toBe(0);
    const request = JSON.parse(run.stdout);
    expect(request).toMatchObject({ method: 'POST', url: `${s.sandbox.url}/v1/video/generations` });
    // generate_audio is always explicit on a model that makes sound: sources disagree on its default.
    expect(request.body).toEqual({
      model: 'sd2.0',
      content: [{ type: 'text', text: 'a cat' }],
      generate_audio: true,
    });
    expect(run.stdout + run.stderr).not.toContain(KEY);
    expect(request.headers.authorization).toBe(`Bearer sk-…${KEY.slice(-4)}`);
    expect(s.sandbox.stats.requests.length).toBe(before);
  });

  it('a missing key exits 3 before any request, naming auth login and the env var', async () => {
    const before = s.sandbox.stats.requests.length;
    const run = await runCli(['create', 'a cat'], { env: { SEEDANCE_BASE_URL: s.sandbox.url } });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('error: no API key');
    expect(run.stderr).toMatch(/seedance auth login.*SEEDANCE_API_KEY/);
    expect(s.sandbox.stats.requests.length).toBe(before);
  });

  it('a wrong key exits 3', async () => {
    const run = await s.cli(['create', 'a cat'], { env: { SEEDANCE_API_KEY: 'bad-key' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error: /);
  });

  it('--json errors go to stderr as one JSON object', async () => {
    const run = await s.cli(['status', 'cgt-20260101000000-zzzzz', '--json']);
    expect(run.code).toBe(7);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toEqual({
      error: {
        code: 'task_not_exist',
        message: expect.any(String),
        exit_code: 7,
        hint: expect.stringMatching(/check the id/),
      },
    });
  });
});

describe('status', () => {
  it('goes queued → running → succeeded as time passes', async () => {
    const id = (await s.cli(['create', 'a fox'])).stdout.trim();
    const seen: string[] = [];
    for (let i = 0; i < 12; i++) {
      const run = await s.cli(['status', id, '--json']);
      expect(run.code).toBe(0);
      const status = JSON.parse(run.stdout).status;
      if (seen.at(-1) !== status) seen.push(status);
      s.clock.time += 2500;
    }
    expect(seen).toEqual(['queued', 'running', 'succeeded']);
    const done = JSON.parse((await s.cli(['status', id, '--json'])).stdout);
    expect(done).toMatchObject({
      progress: 100,
      video_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/videos\//),
    });
  });

  it('a task the gateway has not polled yet shows its model (asked of the default view)', async () => {
    const id = (await s.cli(['create', 'a fox'])).stdout.trim();
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['status', id, '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ id, status: 'queued', model: 'doubao-seedance-2-0-260128' });
    expect(s.sandbox.stats.requests.slice(before).map((r) => r.search)).toEqual(['?show_raw=true&show_usage=true', '']);
  });

  it('prints a short readable block', async () => {
    const id = (await s.cli(['create', 'a fox'])).stdout.trim();
    s.sandbox.setTaskState(id, 'succeeded');
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['status', id]);
    expect(run.stdout).toMatch(new RegExp(`^id +${id}\\nstatus +succeeded\\n`));
    expect(run.stdout).toMatch(/video +http/);
    // One request: the wrapped view has the seed and the tokens the default view lacks (gateway-api.md §5b).
    expect(run.stdout).toMatch(/\nseed +\d+\n[\s\S]*\ntokens +[\d,]+\n/);
    expect(s.sandbox.stats.requests.slice(before).map((r) => `${r.method} ${r.search}`)).toEqual([
      'GET ?show_raw=true&show_usage=true',
    ]);
  });

  it('--raw prints the server body untouched; --show-raw adds the upstream object', async () => {
    const id = (await s.cli(['create', 'a fox'])).stdout.trim();
    s.sandbox.setTaskState(id, 'succeeded');
    const raw = await s.cli(['status', id, '--raw']);
    expect(JSON.parse(raw.stdout)).toMatchObject({
      id,
      status: 'succeeded',
      content: { video_url: expect.any(String) },
    });
    const shown = JSON.parse((await s.cli(['status', id, '--show-raw', '--show-usage', '--json'])).stdout);
    expect(shown.raw).toMatchObject({ id, status: 'succeeded' });
    expect(shown.usage).toMatchObject({ total_tokens: expect.any(Number) });
    // show_usage alone is unverified (gateway-api.md §5b): it always goes with show_raw.
    const usage = await s.cli(['status', id, '--show-usage', '--json']);
    expect(JSON.parse(usage.stdout).usage).toMatchObject({ total_tokens: expect.any(Number) });
    expect(s.sandbox.stats.requests.at(-1)?.search).toBe('?show_raw=true&show_usage=true');
  });

  it('a failed task shows its reason', async () => {
    const id = (await s.cli(['create', 'a fox #fail'])).stdout.trim();
    s.sandbox.setTaskState(id, 'failed');
    const run = await s.cli(['status', id, '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 'failed',
      error: { code: 'OutputVideoSensitiveContentDetected' },
    });
  });

  it('an unknown id exits 7', async () => {
    const run = await s.cli(['status', 'cgt-20260101000000-zzzzz']);
    expect(run.code).toBe(7);
    expect(run.stderr).toMatch(/^error: .*not found/);
  });

  it('@last with an empty history exits 7', async () => {
    const run = await s.cli(['status', '@last']);
    expect(run.code).toBe(7);
  });
});

describe('config and auth', () => {
  it('auth login from stdin stores the key 0600 in a 0700 dir; status and list redact it', async () => {
    const dir = join(tempDir(), 'nested');
    const env = { SEEDANCE_CONFIG_DIR: dir, SEEDANCE_API_KEY: undefined, SEEDANCE_BASE_URL: s.sandbox.url };
    const login = await runCli(['auth', 'login', '--with-key'], { env, stdin: `${KEY}\n` });
    expect(login.code).toBe(0);
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const status = await runCli(['auth', 'status'], { env });
    expect(status.stdout).toContain(`sk-…${KEY.slice(-4)} from config file`);
    const list = await runCli(['config', 'list', '--json'], { env });
    expect(JSON.parse(list.stdout)).toEqual({ 'api-key': `sk-…${KEY.slice(-4)}` });
    for (const run of [login, status, list]) expect(run.stdout + run.stderr).not.toContain(KEY);
    const logout = await runCli(['auth', 'logout'], { env });
    expect(logout.code).toBe(0);
    expect((await runCli(['auth', 'status'], { env })).code).toBe(3);
  });

  it('config set validates like the flag, get and unset round-trip', async () => {
    const env = { SEEDANCE_CONFIG_DIR: tempDir() };
    expect((await runCli(['config', 'set', 'ratio', '5:4'], { env })).code).toBe(2);
    expect((await runCli(['config', 'set', 'ratio', '9:16'], { env })).code).toBe(0);
    expect((await runCli(['config', 'get', 'ratio'], { env })).stdout).toBe('9:16\n');
    expect((await runCli(['config', 'set', 'nope', '1'], { env })).code).toBe(2);
    expect((await runCli(['config', 'unset', 'ratio'], { env })).code).toBe(0);
    expect((await runCli(['config', 'list', '--json'], { env })).stdout.trim()).toBe('{}');
  });

  it('a configured default reaches the request body', async () => {
    const env = { SEEDANCE_CONFIG_DIR: tempDir() };
    await runCli(['config', 'set', 'ratio', '9:16'], { env });
    const run = await s.cli(['create', 'x', '--dry-run', '--json'], { env });
    expect(JSON.parse(run.stdout).body.ratio).toBe('9:16');
  });

  it('a corrupt config file is a clear error naming the file', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'config.json'), '{oops');
    const run = await s.cli(['status', 'x'], { env: { SEEDANCE_CONFIG_DIR: dir } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(join(dir, 'config.json'));
  });

  it('--verbose traces requests with the key redacted', async () => {
    const run = await s.cli(['create', 'a cat', '--verbose']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('> POST');
    expect(run.stderr).toContain('authorization: Bearer [REDACTED]');
    expect(run.stderr).not.toContain(KEY);
  });
});
