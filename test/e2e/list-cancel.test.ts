import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/output/io.js';
import { type RunOptions, runCli, tempDir, VirtualClock } from '../helpers/run-cli.js';
import { KEY, startTestSandbox, useSandbox } from '../helpers/sandbox.js';

const s = useSandbox();

/** The CLI with `--provider ark` against the sandbox's Ark paths, sharing one history directory. */
function arkCli(dir = tempDir()) {
  return (argv: string[], options: RunOptions = {}) =>
    s.cli(['--provider', 'ark', '--base-url', `${s.sandbox.url}/api/v3`, ...argv], {
      ...options,
      env: { SEEDANCE_CONFIG_DIR: dir, ...options.env },
    });
}

async function createId(run: ReturnType<typeof arkCli>, prompt = 'a fox'): Promise<string> {
  const created = await run(['create', prompt]);
  expect(created.code).toBe(0);
  return created.stdout.trim();
}

function requestsSince(before: number, method?: string) {
  return s.sandbox.stats.requests.slice(before).filter((r) => method === undefined || r.method === method);
}

function historyLines(dir: string): Array<Record<string, unknown>> {
  return readFileSync(join(dir, 'history.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('cancel', () => {
  it('cancels a queued task; status then shows cancelled and the history records it', async () => {
    const dir = tempDir();
    const ark = arkCli(dir);
    const id = await createId(ark);
    const run = await ark(['cancel', id]);
    expect(run).toMatchObject({ code: 0, stdout: `cancelled ${id}\n` });
    expect(JSON.parse((await ark(['status', id, '--json'])).stdout).status).toBe('cancelled');
    expect(historyLines(dir).at(-1)).toMatchObject({ type: 'status', id, status: 'cancelled' });
    expect(JSON.parse((await ark(['list', '--json'])).stdout)[0]).toMatchObject({ id, status: 'cancelled' });
  });

  it('--json prints {id, action}', async () => {
    const ark = arkCli();
    const id = await createId(ark);
    const run = await ark(['cancel', '@last', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ id, action: 'cancelled' });
  });

  it('a running task is refused with the server reason, exit 2', async () => {
    const ark = arkCli();
    const id = await createId(ark);
    s.sandbox.setTaskState(id, 'running');
    const run = await ark(['cancel', id]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^error: task ${id} \\(running\\) cannot be cancelled: .*HTTP 400`));
    expect(run.stderr).toMatch(/current state: running/);
    expect(run.stderr).toMatch(/only a queued task can be cancelled/);
    expect(JSON.parse((await ark(['status', id, '--json'])).stdout).status).toBe('running');
  });

  it('cancelling a cancelled task succeeds, like rm -f: exit 0, "already cancelled", no second DELETE', async () => {
    const ark = arkCli();
    const id = await createId(ark);
    expect((await ark(['cancel', id])).code).toBe(0);
    const before = s.sandbox.stats.requests.length;
    const run = await ark(['cancel', id]);
    expect(run).toMatchObject({ code: 0, stdout: `cancelled ${id}\n` });
    expect(run.stderr).toContain(`task ${id} is already cancelled`);
    expect(requestsSince(before, 'DELETE')).toEqual([]);
    const json = await ark(['cancel', id, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ id, action: 'cancelled' });
  });

  it.each([
    [409, 'InvalidState', 'Conflict'],
    [403, 'OperationDenied.InvalidState', 'Forbidden'],
  ])('a refusal answered %i (undocumented status) is still exit 2 with the reason', async (status, code, type) => {
    // ark-api.md §5 leaves the status of a refused DELETE open: a stub answers the GET with a running task.
    const server = createServer((req, res) => {
      req.resume();
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'cgt-1', model: 'm', status: 'running', created_at: 1, updated_at: 2 }));
        return;
      }
      const message = 'The task cannot be cancelled in its current state: running. Request id: 021x';
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code, message, param: '', type } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
      const run = await runCli(['--provider', 'ark', '--base-url', base, 'cancel', 'cgt-1'], {
        env: { SEEDANCE_API_KEY: KEY, SEEDANCE_CONFIG_DIR: tempDir() },
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^error: task cgt-1 \(running\) cannot be cancelled: .*current state: running/);
      expect(run.stderr).toContain('hint: only a queued task can be cancelled');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a finished task is not deleted without --yes off a terminal: exit 2, no DELETE sent', async () => {
    const ark = arkCli();
    const id = await createId(ark);
    s.sandbox.setTaskState(id, 'succeeded');
    const before = s.sandbox.stats.requests.length;
    const run = await ark(['cancel', id]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`task ${id} has succeeded: cancelling it deletes its record, which cannot be undone`);
    expect(run.stderr).toContain(
      `hint: confirm with: seedance --provider ark --base-url ${s.sandbox.url}/api/v3 cancel ${id} --yes`,
    );
    expect(requestsSince(before, 'DELETE')).toEqual([]);
    expect((await ark(['status', id])).code).toBe(0);
  });

  it.each(['succeeded', 'failed', 'expired'] as const)('--yes deletes a %s task; it is gone after', async (state) => {
    const ark = arkCli();
    const id = await createId(ark);
    s.sandbox.setTaskState(id, state);
    const run = await ark(['cancel', id, '--yes', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ id, action: 'deleted' });
    expect((await ark(['status', id])).code).toBe(7);
  });

  it('on a terminal it asks on stderr: y deletes, anything else keeps the task (exit 2)', async () => {
    const ark = arkCli();
    const id = await createId(ark);
    s.sandbox.setTaskState(id, 'succeeded');
    const before = s.sandbox.stats.requests.length;
    const no = await ark(['cancel', id], { stdin: '\n', stdinTty: true });
    expect(no.code).toBe(2);
    expect(no.stderr).toMatch(new RegExp(`Task ${id} has succeeded: delete its record for good .*\\? \\[y/N\\] `));
    expect(no.stderr).toContain(`kept task ${id}; nothing was deleted`);
    expect(requestsSince(before, 'DELETE')).toEqual([]);
    const yes = await ark(['cancel', id], { stdin: 'y\n', stdinTty: true });
    expect(yes).toMatchObject({ code: 0, stdout: `deleted ${id}\n` });
    expect((await ark(['status', id])).code).toBe(7);
  });

  it('an unknown id exits 7', async () => {
    const run = await arkCli()(['cancel', 'cgt-20260101000000-zzzzz']);
    expect(run.code).toBe(7);
  });

  it('the gateway has no cancel route: exit 2, said plainly, nothing sent', async () => {
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['cancel', 'cgt-20260101000000-zzzzz']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: the gateway provider has no cancel route');
    expect(run.stderr).toContain('--provider ark or byteplus');
    expect(requestsSince(before)).toEqual([]);
  });

  it('--help explains what happens to each status', async () => {
    const run = await runCli(['cancel', '--help']);
    expect(run.stdout).toContain('--yes');
    expect(run.stdout).toMatch(/finished task .*deleted/);
    expect(run.stdout).toContain('Examples:');
  });
});

describe('list (local history)', () => {
  it('lists newest first with id, created, status and a prompt excerpt', async () => {
    const dir = tempDir();
    const ark = arkCli(dir);
    const first = await createId(ark, 'first task');
    s.clock.time += 90_000;
    const second = await createId(ark, `second task ${'long '.repeat(30)}\u001b[31mred`);
    const run = await ark(['list']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +CREATED +STATUS +PROMPT$/);
    expect(lines[1]).toMatch(new RegExp(`^${second} +0s ago +queued +second task long`));
    expect(lines[1]).toMatch(/…$/);
    expect(lines[2]).toMatch(new RegExp(`^${first} +1m ago +\\S+ +first task$`));
    expect(run.stdout).not.toContain('\u001b');
  });

  it('--json: an array of entries, including a create whose answer was lost (id null)', async () => {
    const dir = tempDir();
    const ark = arkCli(dir);
    const id = await createId(ark, 'kept');
    s.sandbox.faults.dropCreateAfterAccept = true;
    const lost = await ark(['create', 'answer lost']);
    s.sandbox.faults.dropCreateAfterAccept = false;
    expect(lost.code).toBe(6);
    const json = await ark(['list', '--json']);
    expect(json.code).toBe(0);
    const entries = JSON.parse(json.stdout);
    expect(entries).toEqual([
      {
        id: null,
        created_at: expect.any(String),
        status: null,
        prompt: 'answer lost',
        outcome: 'unknown',
        video_url: null,
        cost: null,
        files: [],
      },
      {
        id,
        created_at: expect.any(String),
        status: 'queued',
        prompt: 'kept',
        outcome: 'created',
        video_url: null,
        cost: null,
        files: [],
      },
    ]);
    const human = await ark(['list']);
    expect(human.stdout).toMatch(/\(no id\) +\S+ ago +unknown\? +answer lost/);
    expect(human.stderr).toContain('1 create request(s) lost their answer: the task may exist');
  });

  it('a create refused by the API is not listed (no task exists)', async () => {
    const ark = arkCli();
    expect((await ark(['create', 'x', '--model', 'not-a-model'])).code).not.toBe(0);
    expect(JSON.parse((await ark(['list', '--json'])).stdout)).toEqual([]);
  });

  it('--limit and --status filter; every created task is counted', async () => {
    const ark = arkCli();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await createId(ark, `task ${i}`));
    s.sandbox.setTaskState(ids[1] as string, 'succeeded');
    await ark(['wait', ids[1] as string]);
    expect(JSON.parse((await ark(['list', '--json'])).stdout)).toHaveLength(5);
    const limited = JSON.parse((await ark(['list', '--limit', '2', '--json'])).stdout);
    expect(limited.map((e: { id: string }) => e.id)).toEqual([ids[4], ids[3]]);
    const done = JSON.parse((await ark(['list', '--status', 'succeeded', '--json'])).stdout);
    expect(done.map((e: { id: string }) => e.id)).toEqual([ids[1]]);
    expect(done[0].video_url).toMatch(/^http/);
  });

  it('--refresh re-queries unfinished tasks and journals their status', async () => {
    const dir = tempDir();
    const ark = arkCli(dir);
    const a = await createId(ark, 'a');
    const b = await createId(ark, 'b #fail');
    s.clock.time += 60_000;
    const stale = JSON.parse((await ark(['list', '--json'])).stdout);
    expect(stale.map((e: { status: string }) => e.status)).toEqual(['queued', 'queued']);
    const before = s.sandbox.stats.requests.length;
    const fresh = await ark(['list', '--refresh', '--json']);
    expect(fresh.code).toBe(0);
    expect(JSON.parse(fresh.stdout).map((e: { id: string; status: string }) => [e.id, e.status])).toEqual([
      [b, 'failed'],
      [a, 'succeeded'],
    ]);
    expect(requestsSince(before, 'GET')).toHaveLength(2);
    // Recorded: a plain list now knows, and a second refresh asks nothing.
    expect(JSON.parse((await ark(['list', '--json'])).stdout)[1]).toMatchObject({ status: 'succeeded' });
    const again = s.sandbox.stats.requests.length;
    await ark(['list', '--refresh']);
    expect(requestsSince(again)).toEqual([]);
    expect(historyLines(dir).filter((line) => line.type === 'status')).toHaveLength(2);
  });

  it('--refresh with --status sees the new status', async () => {
    const ark = arkCli();
    const id = await createId(ark);
    s.clock.time += 60_000;
    expect(JSON.parse((await ark(['list', '--status', 'succeeded', '--json'])).stdout)).toEqual([]);
    const run = await ark(['list', '--status', 'succeeded', '--refresh', '--json']);
    expect(JSON.parse(run.stdout).map((e: { id: string }) => e.id)).toEqual([id]);
  });

  it('--refresh leaves tasks of another provider alone, and survives a task the server forgot', async () => {
    const dir = tempDir();
    const ark = arkCli(dir);
    const gatewayRun = await s.cli(['create', 'via gateway'], { env: { SEEDANCE_CONFIG_DIR: dir } });
    expect(gatewayRun.code).toBe(0);
    const gone = await createId(ark, 'deleted elsewhere');
    s.sandbox.setTaskState(gone, 'succeeded');
    // Deleted by another client: this history still thinks it is queued.
    await fetch(`${s.sandbox.url}/api/v3/contents/generations/tasks/${gone}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${KEY}` },
    });
    const before = s.sandbox.stats.requests.length;
    const run = await ark(['list', '--refresh']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`warning: ${gone} is no longer on the server`);
    expect(run.stderr).toContain('1 unfinished task(s) were created through another base URL or provider');
    expect(requestsSince(before).map((r) => r.path)).toEqual([`/api/v3/contents/generations/tasks/${gone}`]);
  });

  it('an empty history: [] with --json, a note on stderr otherwise', async () => {
    const ark = arkCli();
    expect(await ark(['list', '--json'])).toMatchObject({ code: 0, stdout: '[]\n' });
    expect(await ark(['list'])).toMatchObject({ code: 0, stdout: '', stderr: 'no tasks in the local history match\n' });
  });

  it('validates --limit and --status before anything', async () => {
    expect((await runCli(['list', '--limit', '0'])).code).toBe(2);
    expect((await runCli(['list', '--status', 'done'])).code).toBe(2);
  });
});

describe('list --remote', () => {
  it('lists the server tasks with --status and --model; the human table has the local prompt', async () => {
    const clock = new VirtualClock();
    const own = await startTestSandbox({ renderMs: 20_000, now: clock.now });
    try {
      const dir = tempDir();
      const run = (argv: string[]) =>
        runCli(['--provider', 'ark', '--base-url', `${own.url}/api/v3`, ...argv], {
          clock,
          env: { SEEDANCE_API_KEY: KEY, SEEDANCE_CONFIG_DIR: dir },
        });
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await run(['create', `remote ${i}`])).stdout.trim());
      const fast = (await run(['create', 'fast one', '--model', 'doubao-seedance-2-0-fast-260128'])).stdout.trim();
      own.setTaskState(ids[0] as string, 'succeeded');
      own.setTaskState(ids[2] as string, 'succeeded');

      const done = await run(['list', '--remote', '--status', 'succeeded', '--json']);
      expect(done.code).toBe(0);
      const tasks = JSON.parse(done.stdout);
      expect(tasks).toHaveLength(2);
      expect(tasks.map((t: { id: string }) => t.id)).toEqual([ids[2], ids[0]]);
      expect(tasks[0]).toMatchObject({ status: 'succeeded', video_url: expect.stringMatching(/^http/), error: null });

      const all = JSON.parse((await run(['list', '--remote', '--json'])).stdout);
      expect(all.map((t: { id: string }) => t.id)).toEqual([fast, ...[...ids].reverse()]);

      const byModel = JSON.parse(
        (await run(['list', '--remote', '--model', 'doubao-seedance-2-0-fast-260128', '--json'])).stdout,
      );
      expect(byModel.map((t: { id: string }) => t.id)).toEqual([fast]);

      const human = await run(['list', '--remote', '--limit', '2']);
      expect(human.stdout.split('\n')[0]).toMatch(/^ID +CREATED +STATUS +MODEL +PROMPT$/);
      expect(human.stdout).toMatch(new RegExp(`${fast} +0s ago +queued +doubao-seedance-2-0-fast-260128 +fast one`));
      expect(human.stderr).toContain('showing 2 of 5; raise --limit for more');

      // Ark lists the default tier unless asked (ark-api.md §4): --service-tier asks. Flex is a 1.x tier (models.md).
      const flex = (await run(['create', 'flex one', '-m', '1.5-pro', '--service-tier', 'flex'])).stdout.trim();
      const flexOnly = JSON.parse((await run(['list', '--remote', '--service-tier', 'flex', '--json'])).stdout);
      expect(flexOnly.map((t: { id: string }) => t.id)).toEqual([flex]);
      expect(own.stats.requests.at(-1)?.search).toContain('filter.service_tier=flex');
    } finally {
      await own.close();
    }
  });

  it('task ids become repeated filter.task_ids', async () => {
    const ark = arkCli();
    const a = await createId(ark);
    await createId(ark);
    const c = await createId(ark);
    const before = s.sandbox.stats.requests.length;
    const run = await ark(['list', '--remote', a, c, '--json']);
    expect(
      JSON.parse(run.stdout)
        .map((t: { id: string }) => t.id)
        .sort(),
    ).toEqual([a, c].sort());
    const [request] = requestsSince(before);
    const params = new URLSearchParams(request?.search);
    expect(params.getAll('filter.task_ids')).toEqual([a, c]);
    expect(params.get('page_num')).toBe('1');
    expect(params.get('page_size')).toBe('20');
  });

  it('pages through page_num until the limit or the total', async () => {
    const clock = new VirtualClock();
    const own = await startTestSandbox({ now: clock.now });
    try {
      const body = JSON.stringify({ model: 'doubao-seedance-2-0-260128', content: [{ type: 'text', text: 'x' }] });
      for (let batch = 0; batch < 503; batch += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, 503 - batch) }, () =>
            fetch(`${own.url}/api/v3/contents/generations/tasks`, {
              method: 'POST',
              headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
              body,
            }).then((r) => r.text()),
          ),
        );
      }
      const run = (argv: string[]) =>
        runCli(['--provider', 'ark', '--base-url', `${own.url}/api/v3`, 'list', '--remote', '--json', ...argv], {
          clock,
          env: { SEEDANCE_API_KEY: KEY },
        });
      const lists = () => own.stats.requests.filter((r) => r.method === 'GET').map((r) => r.search);

      const some = JSON.parse((await run(['--limit', '502'])).stdout);
      expect(some).toHaveLength(502);
      expect(new Set(some.map((t: { id: string }) => t.id)).size).toBe(502);
      expect(lists()).toEqual(['?page_num=1&page_size=500', '?page_num=2&page_size=500']);

      const all = JSON.parse((await run(['--limit', '10000'])).stdout);
      expect(all).toHaveLength(503);
      expect(lists().slice(2)).toEqual(['?page_num=1&page_size=500', '?page_num=2&page_size=500']);
    } finally {
      await own.close();
    }
  });

  it('the gateway has no list route: exit 2, nothing sent', async () => {
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['list', '--remote']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: the gateway provider has no list route');
    expect(requestsSince(before)).toEqual([]);
  });

  it('refuses --refresh and --status unknown/expired with --remote, and --service-tier without it', async () => {
    const before = s.sandbox.stats.requests.length;
    expect((await arkCli()(['list', '--remote', '--refresh'])).code).toBe(2);
    expect((await arkCli()(['list', '--remote', '--status', 'unknown'])).code).toBe(2);
    const expired = await arkCli()(['list', '--remote', '--status', 'expired']);
    expect(expired.code).toBe(2);
    expect(expired.stderr).toContain('error: --status expired applies to the local history only');
    expect((await arkCli()(['list', '--service-tier', 'flex'])).code).toBe(2);
    expect(requestsSince(before)).toEqual([]);
  });

  it('--help states the 7-day window', async () => {
    const run = await runCli(['list', '--help']);
    expect(run.stdout).toMatch(/--remote .*last 7 days/);
  });
});

/** Runs `wait` as on a terminal (stdin and stderr TTYs), sending SIGINT on the first poll's sleep. */
/** A watcher that sends `signal` whenever stderr shows one of `texts` (the prompt a user answers with Ctrl-C). */
function onStderr(texts: string[], signal: 'SIGINT' | 'SIGTERM') {
  return (io: Io, signals: EventEmitter) => {
    io.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (texts.some((t) => text.includes(t))) signals.emit(signal);
    });
  };
}

function interactiveWait(
  argv: string[],
  ark: ReturnType<typeof arkCli>,
  options: RunOptions & { watch?: (io: Io, signals: EventEmitter) => void } = {},
) {
  const signals = new EventEmitter();
  return ark(argv, {
    stdinTty: true,
    stderrTty: true,
    signals,
    ...options,
    env: { CI: undefined, NO_COLOR: '1', ...options.env },
    onStart: (io) => {
      const sleep = io.sleep;
      let first = true;
      io.sleep = async (ms, signal) => {
        if (first) {
          first = false;
          signals.emit('SIGINT');
        }
        return sleep(ms, signal);
      };
      options.watch?.(io, signals);
    },
  });
}

describe('Ctrl-C during wait: stop watching, or stop the job', () => {
  it('one Ctrl-C detaches (exit 130, resume command) and cancels nothing', async () => {
    const ark = arkCli();
    const id = await createId(ark);
    const before = s.sandbox.stats.requests.length;
    const run = await interactiveWait(['wait', id], ark);
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`stopped waiting; task ${id} keeps rendering`);
    // The flags this run was given are in the hint: copied as printed, it reaches the same API.
    expect(run.stderr).toContain(
      `resume with: seedance --provider ark --base-url ${s.sandbox.url}/api/v3 wait ${id}\n`,
    );
    expect(run.stderr).toContain('press Ctrl-C again within 3s to cancel');
    expect(requestsSince(before, 'DELETE')).toEqual([]);
    expect(JSON.parse((await ark(['status', id, '--json'])).stdout).status).toBe('queued');
  });

  it('a second Ctrl-C within 3s asks, and y cancels the task', async () => {
    const ark = arkCli();
    const id = await createId(ark);
    const run = await interactiveWait(['wait', id], ark, {
      stdin: 'y\n',
      watch: onStderr(['press Ctrl-C again'], 'SIGINT'),
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`Cancel task ${id} on the server? [y/N]`);
    expect(run.stderr).toContain(`cancelled task ${id}`);
    expect(JSON.parse((await ark(['status', id, '--json'])).stdout).status).toBe('cancelled');
  });

  it('a second Ctrl-C answered with no (or a third Ctrl-C) leaves the task alone', async () => {
    const ark = arkCli();
    const id = await createId(ark);
    const before = s.sandbox.stats.requests.length;
    const run = await interactiveWait(['wait', id], ark, {
      stdin: 'n\n',
      watch: onStderr(['press Ctrl-C again'], 'SIGINT'),
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`task ${id} keeps rendering`);
    expect(requestsSince(before, 'DELETE')).toEqual([]);
    // A third Ctrl-C at the question means no, even with a "y" waiting on stdin.
    const third = await interactiveWait(['wait', id], ark, {
      stdin: 'y\n',
      watch: onStderr(['press Ctrl-C again', '[y/N]'], 'SIGINT'),
    });
    expect(third.code).toBe(130);
    expect(third.stderr).toContain(`task ${id} keeps rendering`);
    expect(requestsSince(before, 'DELETE')).toEqual([]);
  });

  it('SIGTERM during the 3s window ends it at once, asking nothing', async () => {
    const ark = arkCli();
    const id = await createId(ark);
    const before = s.sandbox.stats.requests.length;
    const started = s.clock.time;
    const run = await interactiveWait(['wait', id], ark, {
      stdin: 'y\n',
      watch: onStderr(['press Ctrl-C again'], 'SIGTERM'),
    });
    expect(run.code).toBe(130);
    expect(run.stderr).not.toContain('[y/N]');
    expect(s.clock.time - started).toBeLessThan(3000);
    expect(requestsSince(before, 'DELETE')).toEqual([]);
  });

  it('without a second Ctrl-C the window closes after 3s', async () => {
    const ark = arkCli();
    const id = await createId(ark);
    const started = s.clock.time;
    const run = await interactiveWait(['wait', id], ark, { stdin: 'y\n' });
    expect(run.code).toBe(130);
    expect(s.clock.time - started).toBe(3000);
  });

  it('a task that ended meanwhile is not touched', async () => {
    const ark = arkCli();
    const id = await createId(ark);
    const before = s.sandbox.stats.requests.length;
    const run = await interactiveWait(['wait', id], ark, {
      stdin: 'y\n',
      watch: (io, signals) => {
        io.stderr.on('data', (chunk: Buffer) => {
          if (!chunk.toString().includes('press Ctrl-C again')) return;
          s.sandbox.setTaskState(id, 'succeeded');
          signals.emit('SIGINT');
        });
      },
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`task ${id} has already succeeded; nothing to cancel`);
    expect(requestsSince(before, 'DELETE')).toEqual([]);
  });

  it('a running task is not offered for cancel (Ark cannot cancel it): it keeps running', async () => {
    const ark = arkCli();
    const id = await createId(ark, 'x #stuck');
    s.sandbox.setTaskState(id, 'running');
    const before = s.sandbox.stats.requests.length;
    const run = await interactiveWait(['wait', id], ark, {
      stdin: 'y\n',
      watch: onStderr(['stopped waiting'], 'SIGINT'),
    });
    expect(run.code).toBe(130);
    expect(run.stderr).not.toContain('press Ctrl-C again');
    expect(run.stderr).not.toContain('[y/N]');
    expect(run.stderr).toContain(`task ${id} is running: only a queued task can be cancelled, so it keeps running`);
    expect(run.stderr).toContain(`stopped waiting; task ${id} keeps rendering`);
    expect(requestsSince(before, 'DELETE')).toEqual([]);
  });

  it.each([
    ['answered no at the offer', { stdin: 'n\n', watch: onStderr(['press Ctrl-C again'], 'SIGINT') }],
    ['with the offer window left to close', { stdin: '' }],
    ['answered yes: cancelled', { stdin: 'y\n', watch: onStderr(['press Ctrl-C again'], 'SIGINT') }],
  ])('create -o, Ctrl-C %s: the task id is still on stdout', async (_, options) => {
    const ark = arkCli();
    const path = join(tempDir(), 'fox.mp4');
    const run = await interactiveWait(['create', 'a fox', '-o', path], ark, options);
    expect(run.code).toBe(130);
    const id = /created (cgt-\S+)/.exec(run.stderr)?.[1];
    expect(id).toBeDefined();
    expect(run.stdout).toBe(`${id}\n`);
  });

  it('the gateway (no cancel) and a non-terminal just detach', async () => {
    const id = (await s.cli(['create', 'x'])).stdout.trim();
    const gateway = await interactiveWait(['wait', id], (argv, options) => s.cli(argv, options));
    expect(gateway.code).toBe(130);
    expect(gateway.stderr).not.toContain('press Ctrl-C again');
    const ark = arkCli();
    const arkId = await createId(ark);
    const piped = await interactiveWait(['wait', arkId], ark, { stdinTty: false });
    expect(piped.code).toBe(130);
    expect(piped.stderr).not.toContain('press Ctrl-C again');
  });
});

describe('--on-timeout', () => {
  it('cancel: a task still queued at the timeout is cancelled (exit 4)', async () => {
    const ark = arkCli();
    const id = await createId(ark);
    const run = await ark(['wait', id, '--timeout', '3s', '--on-timeout', 'cancel']);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`timed out waiting for ${id}`);
    expect(run.stderr).toContain('cancelled it (--on-timeout cancel)');
    expect(JSON.parse((await ark(['status', id, '--json'])).stdout).status).toBe('cancelled');
  });

  it('cancel: a running task the server will not cancel is left alive with a warning (exit 5)', async () => {
    const ark = arkCli();
    const id = await createId(ark, 'x #stuck');
    s.sandbox.setTaskState(id, 'running');
    const run = await ark(['wait', id, '--timeout', '3s', '--on-timeout', 'cancel']);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(new RegExp(`warning: could not cancel ${id}: .*running.*; the task keeps running`));
    expect(run.stderr).toContain('the task is still alive');
  });

  it('leave (the default) never cancels', async () => {
    const ark = arkCli();
    const id = await createId(ark);
    const before = s.sandbox.stats.requests.length;
    const run = await ark(['wait', id, '--timeout', '3s', '--on-timeout', 'leave']);
    expect(run.code).toBe(5);
    expect(requestsSince(before, 'DELETE')).toEqual([]);
  });

  it('create --wait --on-timeout cancel works the same', async () => {
    const ark = arkCli();
    const run = await ark(['create', 'x', '--wait', '--timeout', '3s', '--on-timeout', 'cancel', '--json']);
    expect(run.code).toBe(4);
    const id = JSON.parse((await ark(['list', '--json'])).stdout)[0].id;
    expect(JSON.parse((await ark(['status', id, '--json'])).stdout).status).toBe('cancelled');
  });

  it('on the gateway: a warning that it cannot cancel, and the timeout stands', async () => {
    const id = (await s.cli(['create', 'x'])).stdout.trim();
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['wait', id, '--timeout', '3s', '--on-timeout', 'cancel']);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('warning: --on-timeout cancel: the gateway provider cannot cancel tasks');
    expect(requestsSince(before, 'DELETE')).toEqual([]);
  });

  it('rejects an unknown action before anything', async () => {
    expect((await runCli(['wait', 'x', '--on-timeout', 'kill'])).code).toBe(2);
  });
});
