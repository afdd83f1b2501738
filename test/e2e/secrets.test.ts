import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { EVIL_FAILURE_MESSAGE } from '../../src/sandbox/directives.js';
import { auditDir, type OutputRecord } from '../helpers/audit.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { KEY, useSandbox } from '../helpers/sandbox.js';

// Issue 8, "Secrets". The suite-wide part (every output of every e2e run scanned for KEY, every sandbox's storage
// checked for Authorization headers) runs in test/helpers/audit-setup.ts after the last test file.

const s = useSandbox();
const REDACTED = `sk-…${KEY.slice(-4)}`;
// What must never reach a terminal from a server: ESC (CSI, OSC), BEL, C1 controls (8-bit CSI), bidi overrides, CR.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

interface Recorder {
  url: string;
  requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders }>;
  server: Server;
}

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A loopback HTTP server that records every request's headers and answers with `answer`. */
async function recorder(answer: (res: ServerResponse, url: string) => void): Promise<Recorder> {
  const requests: Recorder['requests'] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      answer(res, req.url ?? '/');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

it('every CLI output of the suite is collected for the key scan', async () => {
  const dir = auditDir();
  expect(dir, 'vitest.config.ts must run test/helpers/audit-setup.ts as globalSetup').toBeTruthy();
  const marker = `audit-probe-${process.pid}-${Date.now()}`;
  await runCli(['config', 'get', marker]);
  const outputs = readdirSync(dir as string)
    .filter((name) => name.startsWith('outputs-'))
    .flatMap((name) =>
      readFileSync(join(dir as string, name), 'utf8')
        .split('\n')
        .filter(Boolean),
    )
    .map((line) => JSON.parse(line) as OutputRecord);
  expect(outputs.some((record) => record.what === 'stderr' && record.text.includes(marker))).toBe(true);
  // Every e2e file starts its sandboxes through the audited helpers (useSandbox, startTestSandbox) and runs the CLI
  // through runCli/spawnCli; a file that spawns processes with the key itself records their output (auditRun).
  const e2e = import.meta.dirname;
  for (const file of readdirSync(e2e).filter((name) => name.endsWith('.test.ts'))) {
    const source = readFileSync(join(e2e, file), 'utf8');
    expect(source, `${file} starts a sandbox the audit cannot see`).not.toMatch(
      /import \{[^}]*\bstartSandbox\b[^}]*\} from '\.\.\/\.\.\/src\/sandbox\/server\.js'/,
    );
    expect(source, `${file} runs main() outside runCli`).not.toMatch(/from '\.\.\/\.\.\/src\/cli\.js'/);
    if (/\b(spawn|spawnSync|execFile|execFileSync|StdioClientTransport)\(/.test(source) && /\bKEY\b/.test(source)) {
      expect(source, `${file} spawns processes with the key without auditing their output`).toMatch(
        /from '\.\.\/helpers\/audit\.js'/,
      );
    }
  }
});

it('the key is never printed: --verbose, --dry-run, JSON output, error messages, the history file', async () => {
  const dir = tempDir();
  const env = { SEEDANCE_CONFIG_DIR: dir };
  const runs = [
    await s.cli(['create', 'a fox', '--verbose'], { env }),
    await s.cli(['create', 'a fox', '--json', '--verbose'], { env }),
    await s.cli(['create', 'a fox', '--dry-run'], { env }),
    await s.cli(['create', 'a fox', '--dry-run', '--json'], { env }),
    await s.cli(['--api-key', KEY, 'status', '@last', '--verbose'], { env: { ...env, SEEDANCE_API_KEY: undefined } }),
    await s.cli(['auth', 'status', '--json'], { env }),
  ];
  for (const run of runs) expect(run.code).toBe(0);
  expect(runs[0]?.stderr).toContain('authorization: Bearer [REDACTED]');
  expect(JSON.parse(runs[3]?.stdout ?? '').headers.authorization).toBe(`Bearer ${REDACTED}`);
  expect(JSON.parse(runs[5]?.stdout ?? '').key).toBe(REDACTED);
  for (const run of runs) expect(run.stdout + run.stderr).not.toContain(KEY);
  expect(readFileSync(join(dir, 'history.jsonl'), 'utf8')).not.toContain(KEY);

  // A server that echoes the key back in its error (some gateways quote the token they refused).
  const echo = await recorder((res) =>
    json(res, 401, { error: { message: `invalid token ${KEY} (request id: abc)`, type: 'new_api_error' } }),
  );
  for (const flags of [[], ['--json'], ['--verbose']]) {
    const run = await runCli(['status', 'cgt-x', ...flags], {
      env: { SEEDANCE_BASE_URL: echo.url, SEEDANCE_API_KEY: KEY },
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('invalid token [REDACTED]');
    expect(run.stdout + run.stderr).not.toContain(KEY);
  }
});

it('the Authorization header goes to the API origin only: never to storage, never across a redirect', async () => {
  // Storage: a whole download (the sandbox counts any Authorization that reaches its storage origin).
  const id = (await s.cli(['create', 'a fox'])).stdout.trim();
  s.sandbox.setTaskState(id, 'succeeded');
  const before = s.sandbox.stats.storageRequests.length;
  expect((await s.cli(['download', id, '-o', 'v.mp4'], { cwd: tempDir() })).code).toBe(0);
  expect(s.sandbox.stats.storageRequests.length).toBeGreaterThan(before);
  expect(s.sandbox.stats.storageAuthorizationHeaders).toBe(0);

  // A redirect to another origin (another port): Node's fetch (undici, as the Fetch standard asks) drops
  // Authorization when the origin changes, and ky follows redirects through it. This proves it for GET and for a
  // 307 POST that keeps its body.
  const elsewhere = await recorder((res) =>
    json(res, 200, { id: 'cgt-20260101000000-abcde', status: 'queued', progress: 0, model: 'sd2.0' }),
  );
  const api = await recorder((res, url) => {
    res.writeHead(url.startsWith('/v1/video/generations/') ? 302 : 307, { location: `${elsewhere.url}${url}` });
    res.end();
  });
  const env = { SEEDANCE_BASE_URL: api.url, SEEDANCE_API_KEY: KEY };
  const status = await runCli(['status', 'cgt-20260101000000-abcde', '--json'], { env });
  expect(status.code).toBe(0);
  const create = await runCli(['create', 'a fox', '--json'], { env });
  expect(create.code).toBe(0);
  expect(api.requests.map((r) => [r.method, r.headers.authorization])).toEqual([
    ['GET', `Bearer ${KEY}`],
    ['POST', `Bearer ${KEY}`],
  ]);
  expect(elsewhere.requests.map((r) => r.method)).toEqual(['GET', 'POST']);
  for (const request of elsewhere.requests) expect(request.headers.authorization).toBeUndefined();

  // Behind HTTP_PROXY the requests go through undici's own fetch (the npm package): the same rule holds there.
  const proxy = await forwardProxy();
  const proxied = await runCli(['status', 'cgt-20260101000000-abcde', '--json'], {
    env: { ...env, HTTP_PROXY: proxy.url },
  });
  expect(proxied.code).toBe(0);
  // `status` asks for the wrapped view (gateway-api.md §5b).
  const query = '?show_raw=true&show_usage=true';
  expect(proxy.forwarded).toEqual([
    `GET ${api.url}/v1/video/generations/cgt-20260101000000-abcde${query}`,
    `GET ${elsewhere.url}/v1/video/generations/cgt-20260101000000-abcde${query}`,
  ]);
  expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
  expect(elsewhere.requests).toHaveLength(3);
  for (const request of elsewhere.requests) expect(request.headers.authorization).toBeUndefined();
});

/** A plain-http forward proxy (absolute-URI requests), logging what it forwards. */
async function forwardProxy(): Promise<{ url: string; forwarded: string[] }> {
  const forwarded: string[] = [];
  const server = createServer((req, res) => {
    forwarded.push(`${req.method} ${req.url}`);
    const upstream = httpRequest(req.url ?? '', { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, forwarded };
}

it('config.json is created 0600 in a 0700 directory; a looser file gets a warning', async () => {
  const dir = join(tempDir(), 'fresh', 'seedance');
  const env = { SEEDANCE_CONFIG_DIR: dir, SEEDANCE_API_KEY: undefined, SEEDANCE_BASE_URL: s.sandbox.url };
  const set = await runCli(['config', 'set', 'ratio', '9:16'], { env });
  expect(set.code).toBe(0);
  expect(statSync(dir).mode & 0o777).toBe(0o700);
  expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
  const login = await runCli(['auth', 'login', '--with-key'], { env, stdin: `${KEY}\n` });
  expect(login.code).toBe(0);
  expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
  expect((await runCli(['auth', 'status'], { env })).stderr).toBe('');

  chmodSync(join(dir, 'config.json'), 0o644);
  const loose = await runCli(['auth', 'status'], { env });
  expect(loose.code).toBe(0);
  expect(loose.stderr).toBe(
    `warning: ${join(dir, 'config.json')} is readable by others (mode 644); run: chmod 600 ${join(dir, 'config.json')}\n`,
  );
});

it('--api-key on the command line prints a one-time hint about shell history and ps', async () => {
  const dir = tempDir();
  const run = (flags: string[]) =>
    s.cli(['--api-key', KEY, ...flags, 'create', 'a fox', '--dry-run'], {
      env: { SEEDANCE_CONFIG_DIR: dir, SEEDANCE_API_KEY: undefined },
    });
  const hint = /^warning: --api-key leaves the key in your shell history and shows it to anyone running `ps`/m;
  const quiet = await run(['--quiet']);
  expect(quiet.code).toBe(0);
  expect(quiet.stderr).toBe('');
  const first = await run([]);
  expect(first.stderr).toMatch(hint);
  expect(first.stderr.match(/--api-key leaves/g)).toHaveLength(1);
  const second = await run([]);
  expect(second.code).toBe(0);
  expect(second.stderr).not.toMatch(hint);
  // The environment and the config file are not the command line: no hint.
  const fromEnv = await s.cli(['create', 'a fox', '--dry-run'], { env: { SEEDANCE_CONFIG_DIR: tempDir() } });
  expect(fromEnv.stderr).not.toMatch(hint);
});

it('auth login never echoes the key; piping it through stdin works for CI', async () => {
  const dir = tempDir();
  const env = { SEEDANCE_CONFIG_DIR: dir, SEEDANCE_API_KEY: undefined, SEEDANCE_BASE_URL: s.sandbox.url };
  const modes: boolean[] = [];
  const prompted = await runCli(['auth', 'login'], {
    env,
    stdin: `${KEY}\r`,
    stdinTty: true,
    onStart: (io) => {
      // A terminal echoes what is typed unless raw mode is on while the key is read.
      io.stdin.setRawMode = (mode: boolean) => modes.push(mode);
    },
  });
  expect(prompted.code).toBe(0);
  expect(modes).toEqual([true, false]);
  expect(prompted.stderr).toBe(`API key: \n✔ key ${REDACTED} works; saved in ${join(dir, 'config.json')}\n`);
  expect(prompted.stdout).toBe('');
  expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))['api-key']).toBe(KEY);

  const piped = tempDir();
  const ci = await runCli(['auth', 'login'], { env: { ...env, SEEDANCE_CONFIG_DIR: piped }, stdin: `${KEY}\n` });
  expect(ci.code).toBe(0);
  expect(ci.stdout + ci.stderr).not.toContain(KEY);
  const status = await runCli(['auth', 'status', '--json'], { env: { ...env, SEEDANCE_CONFIG_DIR: piped } });
  expect(JSON.parse(status.stdout)).toMatchObject({ key: REDACTED, source: 'config file' });
  expect(existsSync(join(piped, 'config.json'))).toBe(true);
});

it('untrusted server text reaches the terminal with control characters stripped', async () => {
  // A failure message that tries to clear the screen, retitle the window, plant a hyperlink and reverse text.
  expect(EVIL_FAILURE_MESSAGE).toMatch(CONTROL);
  const id = (await s.cli(['create', 'a fox #fail-evil'])).stdout.trim();
  s.sandbox.setTaskState(id, 'failed');
  const runs = {
    wait: await s.cli(['wait', id]),
    waitJson: await s.cli(['wait', id, '--json']),
    status: await s.cli(['status', id]),
    statusJson: await s.cli(['status', id, '--json']),
    waitTty: await s.cli(['wait', id], { stderrTty: true, env: { CI: undefined, NO_COLOR: '1' } }),
  };
  expect(runs.wait.code).toBe(4);
  expect(runs.wait.stderr).toContain('The task failed.');
  expect(runs.wait.stderr).toContain('fake prompt $');
  expect(runs.status.stdout).toContain('The task failed.');
  expect(JSON.parse(runs.statusJson.stdout).error.message).toContain('fake prompt $');
  expect(JSON.parse(runs.waitJson.stderr.trim().split('\n').at(-1) ?? '').error.exit_code).toBe(4);
  for (const [name, run] of Object.entries(runs)) {
    if (name === 'waitTty') {
      // The spinner draws with escapes of its own: only the server's text must arrive stripped.
      expect(run.stderr).not.toContain('\u001b[2J');
      expect(run.stderr).not.toContain('\u001b]');
      expect(run.stderr).not.toMatch(/[\u0007\u009b\u202a-\u202e]/);
    } else {
      expect(run.stdout, name).not.toMatch(CONTROL);
      expect(run.stderr, name).not.toMatch(CONTROL);
    }
  }

  // An error envelope and a task object from a hostile API: every field it controls, in human and JSON modes.
  const evil = EVIL_FAILURE_MESSAGE;
  const hostile = await recorder((res, url) => {
    if (url.includes('rejected')) {
      json(res, 400, { error: { message: evil, type: 'invalid_request_error', code: `bad${evil}`, param: evil } });
    } else {
      json(res, 200, {
        id: 'cgt-20260101000000-abcde',
        status: 'failed',
        model: `sd2.0${evil}`,
        metadata: { url: `https://video.example/x.mp4${evil}` },
        error: { code: `Code${evil}`, message: evil },
      });
    }
  });
  const env = { SEEDANCE_BASE_URL: hostile.url, SEEDANCE_API_KEY: KEY };
  const hostileRuns = [
    await runCli(['status', 'cgt-rejected'], { env }),
    await runCli(['status', 'cgt-rejected', '--verbose'], { env }),
    await runCli(['status', 'cgt-rejected', '--json'], { env }),
    await runCli(['status', 'cgt-20260101000000-abcde'], { env }),
    await runCli(['status', 'cgt-20260101000000-abcde', '--json'], { env }),
    await runCli(['wait', 'cgt-20260101000000-abcde'], { env }),
  ];
  expect(hostileRuns.map((run) => run.code)).toEqual([2, 2, 2, 0, 0, 4]);
  for (const run of hostileRuns) {
    expect(run.stdout).not.toMatch(CONTROL);
    expect(run.stderr).not.toMatch(CONTROL);
  }
});

it('npm audit --omit=dev is clean (no runtime dependencies: decided offline)', () => {
  const root = join(import.meta.dirname, '..', '..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // Everything ships bundled in dist/: an installed seedance pulls no package from the registry.
  expect(pkg.dependencies ?? {}).toEqual({});
  const report = JSON.parse(
    execFileSync('npm', ['audit', '--omit=dev', '--offline', '--json'], { cwd: root, encoding: 'utf8' }),
  );
  expect(report.metadata.vulnerabilities.total).toBe(0);
});

it('the storage host never saw an Authorization header', () => {
  expect(s.sandbox.stats.storageRequests.length).toBeGreaterThan(0);
  expect(s.sandbox.stats.storageAuthorizationHeaders).toBe(0);
});
