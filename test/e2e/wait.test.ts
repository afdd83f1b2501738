import { EventEmitter } from 'node:events';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { KEY, useSandbox } from '../helpers/sandbox.js';

const s = useSandbox();

/** A raw TCP server on loopback, for servers that never answer, drop, or die. */
async function listen(onSocket: (socket: Socket) => void) {
  const server = createServer(onSocket);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((done) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => done());
    });
  return { url, close };
}

async function create(prompt: string): Promise<string> {
  const run = await s.cli(['create', prompt]);
  expect(run.code).toBe(0);
  return run.stdout.trim();
}

describe('wait', () => {
  it('prints the video URL; stderr holds only status-change lines, nothing per poll', async () => {
    const id = await create('a fox');
    const run = await s.cli(['wait', id]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/videos\/cgt-.*\.mp4\?.*\n$/);
    const lines = run.stderr.trim().split('\n');
    expect(lines.map((l) => l.split(' ')[1])).toEqual(['queued', 'running', 'succeeded']);
    expect(run.stderr).not.toMatch(/\u001b/);
  });

  it('--json prints the final Task', async () => {
    const id = await create('a fox');
    const run = await s.cli(['wait', id, '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ id, status: 'succeeded', progress: 100 });
    expect(run.stderr).toBe('');
  });

  it('a failed task exits 4 with the reason', async () => {
    const id = await create('a fox #fail');
    const run = await s.cli(['wait', id]);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/error: task cgt-\S+ failed: .*sensitive/i);
  });

  it('a failure without a reason is asked again with show_raw', async () => {
    const id = await create('a fox #fail-no-error');
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['wait', id, '--json']);
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'OutputVideoSensitiveContentDetected' });
    expect(s.sandbox.stats.requests.slice(before).some((r) => r.search.includes('show_raw=true'))).toBe(true);
  });

  it.each([
    ['no reason', '#fail-no-error'],
    ['only the generic "task failed"', '#fail-vague'],
  ])('a failure with %s gets the real one from show_raw in wait, status and download', async (_, directive) => {
    const id = await create(`a fox ${directive}`);
    const before = s.sandbox.stats.requests.length;
    const waited = await s.cli(['wait', id]);
    expect(waited.code).toBe(4);
    expect(waited.stderr).toMatch(/failed: The request failed because the output video may contain sensitive/);
    const status = await s.cli(['status', id, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).error).toEqual({
      code: 'OutputVideoSensitiveContentDetected',
      message: expect.stringContaining('sensitive'),
    });
    expect((await s.cli(['status', id])).stdout).toMatch(/sensitive/);
    const download = await s.cli(['download', id]);
    expect(download.code).toBe(4);
    expect(download.stderr).toMatch(/failed: The request failed because the output video may contain sensitive/);
    const raw = s.sandbox.stats.requests.slice(before).filter((r) => r.search.includes('show_raw=true'));
    expect(raw.length).toBeGreaterThanOrEqual(4);
  });

  it('a failure with a real reason costs no extra query', async () => {
    const id = await create('a fox #fail');
    s.sandbox.setTaskState(id, 'failed');
    const before = s.sandbox.stats.requests.length;
    const status = await s.cli(['status', id, '--json']);
    expect(JSON.parse(status.stdout).error.code).toBe('OutputVideoSensitiveContentDetected');
    // `status` asks for the wrapped view, whose Ark error is the real reason (gateway-api.md §8).
    expect(s.sandbox.stats.requests.slice(before).map((r) => r.search)).toEqual(['?show_raw=true&show_usage=true']);
    const waited = await s.cli(['wait', id, '--json']);
    expect(JSON.parse(waited.stdout).error.code).toBe('OutputVideoSensitiveContentDetected');
  });

  it('a succeeded task gets the details the default view lacks (seed, resolution, usage) with one more query', async () => {
    const id = await create('a fox');
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['wait', id, '--json']);
    expect(run.code).toBe(0);
    const task = JSON.parse(run.stdout);
    expect(task).toMatchObject({ status: 'succeeded', video_url: expect.stringMatching(/^http/) });
    expect(task.seed).toEqual(expect.any(Number));
    expect(task.resolution).toEqual(expect.any(String));
    expect(task.usage).toEqual(expect.objectContaining({ total_tokens: expect.any(Number) }));
    const searches = s.sandbox.stats.requests.slice(before).map((r) => r.search);
    expect(searches.at(-1)).toBe('?show_raw=true&show_usage=true');
    // The wrapped view is always asked with both parameters (gateway-api.md §5b); besides the details query at the
    // end, only the check of a task seen at the gateway's parked 30% asks it.
    expect(searches.filter((q) => q !== '').every((q) => q === '?show_raw=true&show_usage=true')).toBe(true);
    expect(searches.filter((q) => q !== '').length).toBeLessThanOrEqual(2);
  });

  it('status --json shows the same Task as wait --json: status asks the wrapped view alone', async () => {
    const id = await create('a fox');
    const waited = JSON.parse((await s.cli(['wait', id, '--json'])).stdout);
    const before = s.sandbox.stats.requests.length;
    const status = await s.cli(['status', id, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual(waited);
    for (const key of ['seed', 'resolution', 'ratio', 'duration', 'fps', 'usage']) expect(waited[key]).not.toBeNull();
    expect(s.sandbox.stats.requests.slice(before).map((r) => r.search)).toEqual(['?show_raw=true&show_usage=true']);
  });

  it('times out with exit 5, saying the task lives on and how to resume', async () => {
    const id = await create('a fox #stuck');
    const run = await s.cli(['wait', id, '--timeout', '1m']);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('the task is still alive');
    expect(run.stderr).toContain(`hint: resume with: seedance wait ${id}`);
  });

  it('--timeout bounds the whole wait, retries included: a server that never answers ends it on time', async () => {
    const server = await listen((socket) => socket.on('error', () => {}));
    try {
      const started = Date.now();
      // Real time here: a poll hangs on the socket, which no virtual clock can hurry.
      const run = await runCli(['wait', 'cgt-20260101000000-abcde', '--timeout', '1s', '--request-timeout', '60s'], {
        env: { SEEDANCE_BASE_URL: server.url, SEEDANCE_API_KEY: KEY },
      });
      const elapsed = Date.now() - started;
      expect(run.code).toBe(6);
      expect(run.stderr).toMatch(/^error: could not reach the API in 1s: no answer from http:\/\/127\.0\.0\.1:\d+$/m);
      expect(run.stderr).not.toContain('still alive');
      expect(run.stderr).not.toContain('still waiting');
      expect(elapsed).toBeGreaterThanOrEqual(1000);
      expect(elapsed).toBeLessThan(4000);
    } finally {
      await server.close();
    }
  });

  it("a Retry-After longer than the time left is not waited for: ky's retry is capped by the deadline", async () => {
    let requests = 0;
    const server = await listen((socket) => {
      socket.on('error', () => {});
      socket.once('data', () => {
        requests++;
        const body = '{"error":{"message":"busy","type":"upstream_error"}}';
        socket.end(
          `HTTP/1.1 503 Service Unavailable\r\nretry-after: 30\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
        );
      });
    });
    try {
      const started = Date.now();
      const run = await runCli(['wait', 'cgt-20260101000000-abcde', '--timeout', '1s'], {
        env: { SEEDANCE_BASE_URL: server.url, SEEDANCE_API_KEY: KEY },
      });
      expect(run.code).toBe(6);
      expect(run.stderr).toMatch(/^error: could not reach the API in 1s: /m);
      // Not retried after 30 s: the next poll came at once, and saw the 503 again.
      expect(run.stderr).toContain('API error (HTTP 503): busy');
      expect(requests).toBeGreaterThanOrEqual(2);
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      await server.close();
    }
  });

  it('a dead server (connection refused) is "could not reach the API" (exit 6), not "still alive"', async () => {
    const server = await listen((socket) => socket.destroy());
    await server.close();
    const started = s.clock.time;
    const run = await s.cli(['wait', 'cgt-20260101000000-abcde', '--timeout', '12s'], {
      env: { SEEDANCE_BASE_URL: server.url },
    });
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/^error: could not reach the API in 12s: cannot connect to .*\(connection refused\)$/m);
    expect(run.stderr).not.toContain('still alive');
    expect(s.clock.time - started).toBe(12_000);
  });

  it('create --wait that cannot reach the API again until the timeout: exit 6, the id still on stdout', async () => {
    const id = 'cgt-20260101000000-abcde';
    const server = await listen((socket) => {
      socket.on('error', () => {});
      socket.once('data', (chunk) => {
        if (!chunk.toString().startsWith('POST')) return socket.destroy();
        const body = JSON.stringify({ id, object: 'video', model: 'm', status: 'queued', progress: 0, created_at: 1 });
        socket.end(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
        );
      });
    });
    try {
      const run = await s.cli(['create', 'a fox', '--wait', '--timeout', '12s'], {
        env: { SEEDANCE_BASE_URL: server.url },
      });
      expect(run.code).toBe(6);
      expect(run.stderr).toMatch(/^error: could not reach the API in 12s: /m);
      expect(run.stdout).toBe(`${id}\n`);
    } finally {
      await server.close();
    }
  });

  it('a task seen running before the API went away: exit 5, saying how old that news is', async () => {
    let gets = 0;
    const server = await listen((socket) => {
      socket.on('error', () => {});
      socket.once('data', () => {
        if (++gets > 1) return socket.destroy();
        const body = JSON.stringify({ id: 'cgt-1', status: 'in_progress', progress: 10, model: 'm', created_at: 1 });
        socket.end(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
        );
      });
    });
    try {
      const run = await s.cli(['wait', 'cgt-1', '--timeout', '12s'], { env: { SEEDANCE_BASE_URL: server.url } });
      expect(run.code).toBe(5);
      expect(run.stderr).toMatch(
        /^error: timed out waiting for cgt-1 \(still not finished after 12s\); the task was still alive when last seen 12s ago, but the API has not answered since: /m,
      );
    } finally {
      await server.close();
    }
  });

  it('carries on through 503 bursts on status polls', async () => {
    const id = await create('a fox');
    s.sandbox.faults.pollStatus = { status: 503, times: 6 };
    const run = await s.cli(['wait', id]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^http/);
  });

  it('--interval fixes the poll interval', async () => {
    const id = await create('a fox');
    const before = s.sandbox.stats.requests.length;
    await s.cli(['wait', id, '--interval', '1s']);
    // 20 s of render at 1 s per poll: about 20 polls (the adaptive default makes 5 or 6).
    expect(s.sandbox.stats.requests.length - before).toBeGreaterThanOrEqual(19);
  });

  it('the adaptive interval stays polite', async () => {
    const id = await create('a fox');
    const before = s.sandbox.stats.requests.length;
    await s.cli(['wait', id]);
    expect(s.sandbox.stats.requests.length - before).toBeLessThanOrEqual(7);
  });

  it('SIGINT stops watching with exit 130; the task keeps rendering', async () => {
    const id = await create('a fox #stuck');
    const signals = new EventEmitter();
    const run = await s.cli(['wait', id], {
      signals,
      onStart: (io) => {
        const sleep = io.sleep;
        let polls = 0;
        io.sleep = async (ms, signal) => {
          if (++polls === 2) signals.emit('SIGINT');
          return sleep(ms, signal);
        };
      },
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`stopped waiting; task ${id} keeps rendering`);
    expect(run.stderr).toContain(`resume with: seedance wait ${id}`);
  });

  it('SIGTERM exits 143', async () => {
    const id = await create('a fox #stuck');
    const signals = new EventEmitter();
    const run = await s.cli(['wait', id], {
      signals,
      onStart: (io) => {
        const sleep = io.sleep;
        io.sleep = async (ms, signal) => {
          signals.emit('SIGTERM');
          return sleep(ms, signal);
        };
      },
    });
    expect(run.code).toBe(143);
  });

  it('on a TTY: a spinner that ends in a ✔ line and leaves the cursor visible', async () => {
    const id = await create('a fox');
    const run = await s.cli(['wait', id], { stderrTty: true, env: { CI: undefined } });
    expect(run.code).toBe(0);
    expect(run.stderr.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')).toContain(`✔ ${id} succeeded`);
    expect(run.stderr).toContain('\u001b[?25h');
  });

  it.each([{ CI: 'true' }, { NO_COLOR: '1' }])('on a TTY with %j: no escape codes', async (env) => {
    const id = await create('a fox');
    const run = await s.cli(['wait', id], { stderrTty: true, env: { ...env, NO_COLOR: env.NO_COLOR } });
    if (env.CI) expect(run.stderr).not.toMatch(/\u001b/);
    else expect(run.stderr).not.toMatch(/\u001b\[3\dm/);
  });
});

it('a task Ark cancelled, which the gateway shows as running forever, ends the wait with exit 4', async () => {
  const id = (await s.cli(['create', 'a fox #cancel'])).stdout.trim();
  const run = await s.cli(['wait', id, '--timeout', '10m']);
  expect(run.code).toBe(4);
  expect(run.stderr).toMatch(new RegExp(`task ${id} cancelled`));
  // A single status sees running 30% in the default view, and asks the wrapped view once.
  const status = await s.cli(['status', id, '--json']);
  expect(JSON.parse(status.stdout)).toMatchObject({ id, status: 'cancelled' });
});
