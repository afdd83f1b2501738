import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { useSandbox } from '../helpers/sandbox.js';
import { spawnCli } from '../helpers/spawn-cli.js';

const s = useSandbox();

async function created(prompt: string, env: Record<string, string> = {}): Promise<string> {
  const run = await s.cli(['create', prompt], { env });
  expect(run.code).toBe(0);
  return run.stdout.trim();
}

describe('ids from stdin and @last', () => {
  it('create --json | jq -r .id | wait - --json | jq -r .status → succeeded', async () => {
    const task = JSON.parse((await s.cli(['create', 'x', '--json'])).stdout);
    const run = await s.cli(['wait', '-', '--json'], { stdin: `${task.id}\n` });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).status).toBe('succeeded');
  });

  it('list --json | jq -r .[].id | status - prints one JSON line per task', async () => {
    const env = { SEEDANCE_CONFIG_DIR: tempDir() };
    const ids = [await created('a', env), await created('b', env)];
    const listed = JSON.parse((await s.cli(['list', '--json'], { env })).stdout) as Array<{ id: string }>;
    expect(listed.map((t) => t.id).sort()).toEqual([...ids].sort());
    const run = await s.cli(['status', '-', '--json'], { env, stdin: `${listed.map((t) => t.id).join('\n')}\n` });
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((t) => t.id).sort()).toEqual([...ids].sort());
  });

  it('an empty stdin is a usage error', async () => {
    const run = await s.cli(['status', '-'], { stdin: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no task id given');
  });
});

describe('waiting for several tasks', () => {
  it('waits for all with one display and prints a result per task', async () => {
    const ids = [await created('a'), await created('b'), await created('c')];
    const run = await s.cli(['wait', ...ids, '--json']);
    expect(run.code).toBe(0);
    const results = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(results.map((t) => t.id).sort()).toEqual([...ids].sort());
    expect(results.every((t) => t.status === 'succeeded')).toBe(true);
  });

  it('the exit code is the worst outcome, and every result is still reported', async () => {
    const ids = [await created('a'), await created('b #fail')];
    const run = await s.cli(['wait', ...ids]);
    expect(run.code).toBe(4);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/error: task cgt-\S+ failed/);
  });

  it('--any returns when the first task ends', async () => {
    const ids = [await created('a #stuck'), await created('b')];
    const run = await s.cli(['wait', ...ids, '--any', '--json']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string).id).toBe(ids[1]);
  });

  it('--fail-fast stops at the first failure', async () => {
    const ids = [await created('a #stuck'), await created('b #fail')];
    const run = await s.cli(['wait', ...ids, '--fail-fast']);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`follow them with: seedance wait ${ids[0]}`);
  });

  it('several downloads need -o to be a directory', async () => {
    const run = await s.cli(['wait', 'cgt-1', 'cgt-2', '-o', 'x.mp4']);
    expect(run.code).toBe(2);
  });

  it('downloads each task into the directory', async () => {
    const ids = [await created('a'), await created('b')];
    const cwd = tempDir();
    const run = await s.cli(['wait', ...ids, '-o', 'out/'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n').sort()).toEqual(ids.map((id) => `out/${id}.mp4`).sort());
  });
});

describe('--events', () => {
  it('writes one NDJSON line per lifecycle event to stderr', async () => {
    const cwd = tempDir();
    const run = await s.cli(['create', 'x', '--events', '-o', 'x.mp4'], { cwd });
    expect(run.code).toBe(0);
    const events = run.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining(['created', 'queued', 'running', 'progress', 'succeeded', 'downloading', 'downloaded']),
    );
    for (const e of events) {
      expect(e).toMatchObject({
        time: expect.stringMatching(/Z$/),
        id: expect.stringMatching(/^cgt-/),
        elapsed: expect.any(Number),
      });
    }
    expect(events.findIndex((e) => e.event === 'created')).toBeLessThan(
      events.findIndex((e) => e.event === 'succeeded'),
    );
  });

  it('a timeout is an event too', async () => {
    const id = await created('x #stuck');
    const run = await s.cli(['wait', id, '--events', '--timeout', '30s']);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/"event":"timeout"/);
  });
});

describe('--sidecar', () => {
  it('writes <stem>.json with the request (no secret), the final task, sha256 and timings', async () => {
    const env = { SEEDANCE_CONFIG_DIR: tempDir() };
    const cwd = tempDir();
    const run = await s.cli(['create', 'a fox', '--ratio', '1:1', '-o', 'fox.mp4', '--sidecar'], { env, cwd });
    expect(run.code).toBe(0);
    const sidecar = JSON.parse(readFileSync(join(cwd, 'fox.json'), 'utf8'));
    expect(sidecar.request.body).toMatchObject({
      model: 'sd2.0',
      ratio: '1:1',
      content: [{ type: 'text', text: 'a fox' }],
    });
    expect(sidecar.task.status).toBe('succeeded');
    expect(sidecar.file).toEqual({ path: 'fox.mp4', ...s.sandbox.videoDigest(sidecar.id) });
    expect(sidecar.timings).toMatchObject({ downloaded_at: expect.any(String), download_seconds: expect.any(Number) });
    expect(JSON.stringify(sidecar)).not.toMatch(/sk-test|sig=/);
  });

  it('the sidecar config default works for download', async () => {
    const env = { SEEDANCE_CONFIG_DIR: tempDir() };
    await runCli(['config', 'set', 'sidecar', 'true'], { env });
    const id = await created('x', env);
    s.sandbox.setTaskState(id, 'succeeded');
    const cwd = tempDir();
    expect((await s.cli(['download', id, '-o', 'v.mp4'], { env, cwd })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'v.json'), 'utf8')).id).toBe(id);
  });
});

describe('GitHub Actions', () => {
  it('appends task_id, status, video_url and path to GITHUB_OUTPUT, and a summary line', async () => {
    const dir = tempDir();
    const env = { GITHUB_OUTPUT: join(dir, 'out'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
    const cwd = tempDir();
    const run = await s.cli(['create', 'x', '-o', 'x.mp4'], { env, cwd });
    expect(run.code).toBe(0);
    const outputs = readFileSync(env.GITHUB_OUTPUT, 'utf8');
    expect(outputs).toMatch(/^task_id=cgt-\S+$/m);
    expect(outputs).toMatch(/^status=succeeded$/m);
    expect(outputs).toMatch(/^video_url=http\S+$/m);
    expect(outputs).toMatch(/^path=x\.mp4$/m);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toMatch(/\*\*succeeded\*\* saved `x\.mp4`/);
  });
});

describe('terminal rules', () => {
  const ESC = /\u001b/;
  it('on a TTY: colour and a spinner', async () => {
    const id = await created('x');
    const run = await s.cli(['wait', id], { stderrTty: true, env: { CI: undefined, NO_COLOR: undefined } });
    expect(run.stderr).toMatch(ESC);
  });
  it.each([
    ['--json', {}],
    ['--quiet', {}],
    ['--no-color', {}],
    [null, { CI: 'true' }],
    [null, { NO_COLOR: '1' }],
  ])('%s %j: no escape codes even on a TTY', async (flag, env) => {
    const id = await created('x');
    const run = await s.cli(['wait', id, ...(flag ? [flag] : [])], { stderrTty: true, env: { CI: undefined, ...env } });
    if (flag === '--no-color' || 'NO_COLOR' in env) expect(run.stderr).not.toMatch(/\u001b\[\d+m/);
    else expect(run.stderr).not.toMatch(ESC);
  });
  it('FORCE_COLOR forces colour in a pipe', async () => {
    const run = await s.cli(['status', 'cgt-nope'], { env: { FORCE_COLOR: '1' } });
    expect(run.stderr).toMatch(/\u001b\[31merror:/);
  });
  it('--quiet leaves only errors on stderr', async () => {
    const cwd = tempDir();
    const ok = await s.cli(['create', 'x', '-o', 'x.mp4', '--quiet'], { cwd });
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toBe('x.mp4\n');
    const bad = await s.cli(['status', 'cgt-nope', '--quiet']);
    expect(bad.stderr).toMatch(/^error: /);
  });
});

describe('exit 1', () => {
  it('a failure that is a bug (not a CliError) exits 1 and asks to report it', async () => {
    const id = await created('x');
    const run = await s.cli(['status', id], {
      onStart: (io) => {
        io.stdout.write = () => {
          throw new TypeError('simulated bug');
        };
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: unexpected internal error: simulated bug\nhint: this is a bug in seedance; please report it/,
    );
  });
});

describe('help', () => {
  it.each(['create', 'status', 'wait', 'download', 'list', 'cancel', 'config', 'auth', 'sandbox'])(
    '%s --help shows an example',
    async (command) => {
      const run = await runCli([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Examples?:\n\s+seedance /);
    },
  );
  it('--help lists the exit codes', async () => {
    expect((await runCli(['--help'])).stdout).toMatch(/Exit codes:[\s\S]*130/);
  });
  it('an unknown command suggests the closest one', async () => {
    const run = await runCli(['stauts']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('(Did you mean status?)');
  });
  it("a bad flag points at the subcommand's own help", async () => {
    const run = await runCli(['create', 'x', '--durashun', '5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('hint: see `seedance create --help`');
  });
  it('sandbox on a port in use: exit 2 and a way out, not a bug report', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (busy.address() as AddressInfo).port;
      const run = await runCli(['sandbox', '--port', String(port)]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`error: cannot listen on port ${port}: it is in use`);
      expect(run.stderr).toContain('--port 0');
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });
});

it('20 concurrent creates leave 20 intact journal lines', async () => {
  const env = {
    SEEDANCE_BASE_URL: s.sandbox.url,
    SEEDANCE_API_KEY: 'sk-concurrent-key',
    SEEDANCE_CONFIG_DIR: tempDir(),
  };
  const runs = Array.from({ length: 20 }, (_, i) => spawnCli(['create', `task ${i}`], { env }));
  const exits = await Promise.all(runs.map((r) => r.exit));
  expect(exits.every((e) => e.code === 0)).toBe(true);
  const text = readFileSync(join(env.SEEDANCE_CONFIG_DIR, 'history.jsonl'), 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.slice(0, -1).split('\n');
  expect(lines).toHaveLength(40);
  const records = lines.map((line) => JSON.parse(line));
  expect(records.filter((r) => r.type === 'created')).toHaveLength(20);
  expect(records.filter((r) => r.type === 'intent')).toHaveLength(20);
  const list = spawnCli(['list', '--json', '--limit', '100'], { env });
  await list.exit;
  expect(JSON.parse(list.stdout())).toHaveLength(20);
}, 60_000);

it.each([
  [['config', 'set', 'ratio', '9:16', '--json'], { key: 'ratio', value: '9:16' }],
  [['config', 'get', 'ratio', '--json'], { ratio: null }],
  [['config', 'unset', 'ratio', '--json'], { key: 'ratio', removed: false }],
  [['config', 'path', '--json'], { path: expect.stringMatching(/config\.json$/) }],
  [['auth', 'logout', '--json'], { removed: false }],
])('%j prints one JSON document', async (argv, expected) => {
  const run = await runCli(argv);
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject(expected);
});
