import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ForwardProxy, startForwardProxy } from '../helpers/forward-proxy.js';
import { type RunOptions, runCli, tempDir, VirtualClock } from '../helpers/run-cli.js';
import { KEY, useSandbox } from '../helpers/sandbox.js';

const s = useSandbox();
const NAMES = ['node', 'config', 'history', 'key', 'proxy', 'api', 'clock'];

/** Real time, not the fixture's virtual clock: the clock check compares it with the sandbox's Date header. */
function doctor(args: string[] = [], options: RunOptions = {}) {
  return runCli(['doctor', ...args], {
    ...options,
    env: { SEEDANCE_BASE_URL: s.sandbox.url, SEEDANCE_API_KEY: KEY, ...options.env },
  });
}

function lines(stdout: string): Record<string, string> {
  const rows = stdout.trimEnd().split('\n');
  return Object.fromEntries(rows.map((row) => [row.split(/\s+/)[1] as string, row]));
}

describe('seedance doctor', () => {
  it('prints one line per check and exits 0 when all pass', async () => {
    const before = s.sandbox.stats.creates;
    const run = await doctor();
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const rows = lines(run.stdout);
    expect(Object.keys(rows)).toEqual(NAMES);
    for (const name of NAMES) expect(rows[name]).toMatch(/^✔ /);
    expect(rows.node).toContain(`v${process.versions.node}`);
    expect(rows.key).toMatch(/sk-…CRET from SEEDANCE_API_KEY/);
    expect(rows.api).toMatch(/answered HTTP 400 in \d+ ms \(plain http\), key accepted/);
    expect(rows.clock).toMatch(/within \d+ s of the server/);
    expect(run.stdout).not.toMatch(/\x1b\[/);
    expect(s.sandbox.stats.creates).toBe(before);
  });

  it('--json prints {ok, checks: [{name, ok, status, detail}]}', async () => {
    const run = await doctor(['--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(true);
    expect(report.checks.map((check: { name: string }) => check.name)).toEqual(NAMES);
    for (const check of report.checks) {
      expect(Object.keys(check)).toEqual(['name', 'ok', 'status', 'detail']);
      expect(check).toMatchObject({ ok: true, status: 'ok' });
    }
  });

  it('colours the marks only when colour is on', async () => {
    const run = await doctor([], { env: { FORCE_COLOR: '1' } });
    expect(run.stdout).toContain('\x1b[32m✔\x1b[39m');
  });

  it('no key: exit 3, and the API is not asked', async () => {
    const before = s.sandbox.stats.requests.length;
    const run = await doctor(['--json'], { env: { SEEDANCE_API_KEY: undefined } });
    expect(run.code).toBe(3);
    const checks = JSON.parse(run.stdout).checks;
    expect(checks[3]).toMatchObject({ name: 'key', ok: false, status: 'failed' });
    expect(checks[3].detail).toMatch(/no API key/);
    expect(checks[5]).toMatchObject({ name: 'api', ok: false, status: 'skipped' });
    expect(JSON.parse(run.stderr)).toEqual({
      error: { code: 'doctor_failed', message: '1 check failed: key', exit_code: 3 },
    });
    expect(s.sandbox.stats.requests.length).toBe(before);
  });

  it('a refused key: exit 3', async () => {
    const run = await doctor([], { env: { SEEDANCE_API_KEY: 'bad-key' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('error: 1 check failed: api\n');
    expect(lines(run.stdout).api).toMatch(
      /^✖ api +http:\/\/127\.0\.0\.1:\d+ refused the key: authentication failed \(HTTP 401\)/,
    );
  });

  it('an unreachable base URL: exit 6, with the error', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const base = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((done) => closed.close(() => done()));
    const run = await doctor([], { env: { SEEDANCE_BASE_URL: base } });
    expect(run.code).toBe(6);
    const rows = lines(run.stdout);
    expect(rows.api).toMatch(/^✖ api +cannot reach .*connection refused/);
    expect(rows.clock).toMatch(/^- clock/);
  });

  it('a TLS failure is named as such (exit 6)', async () => {
    // Not TLS at all: the handshake fails, as it does behind a proxy that inspects TLS with its own CA.
    const sockets: Socket[] = [];
    const plain = createNetServer((socket) => {
      sockets.push(socket.on('error', () => {}));
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    await new Promise<void>((done) => plain.listen(0, '127.0.0.1', done));
    try {
      const base = `https://127.0.0.1:${(plain.address() as AddressInfo).port}`;
      const run = await doctor([], { env: { SEEDANCE_BASE_URL: base } });
      expect(run.code).toBe(6);
      expect(lines(run.stdout).api).toMatch(
        /^✖ api +TLS with https:\/\/127\.0\.0\.1:\d+ failed: ERR_SSL_\w+ .*NODE_EXTRA_CA_CERTS/,
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => plain.close(() => done()));
    }
  });

  describe('the config file', () => {
    const configDir = (mode: number, text = '{"ratio":"16:9"}', dirMode = 0o700) => {
      const dir = join(tempDir(), 'seedance');
      mkdirSync(dir, { mode: dirMode });
      chmodSync(dir, dirMode);
      writeFileSync(join(dir, 'config.json'), text, { mode });
      chmodSync(join(dir, 'config.json'), mode);
      return dir;
    };

    it('0600 in a 0700 directory passes', async () => {
      const run = await doctor([], { env: { SEEDANCE_CONFIG_DIR: configDir(0o600) } });
      expect(run.code).toBe(0);
      expect(lines(run.stdout).config).toMatch(/^✔ config .*config\.json \(1 key, mode 600, directory 700\)/);
    });

    it.each([
      ['readable by others', configDir.bind(null, 0o644), /readable by others \(mode 644\); run: chmod 600/],
      ['in an open directory', () => configDir(0o600, '{}', 0o755), /is open to others \(mode 755\); run: chmod 700/],
      ['not JSON', () => configDir(0o600, '{"ratio":'), /is not valid JSON/],
      ['with a bad value', () => configDir(0o600, '{"ratio":"5:4"}'), /ratio: ratio must be one of/],
    ])('%s fails with exit 2; the other checks still run', async (_what, dir, message) => {
      const run = await doctor([], { env: { SEEDANCE_CONFIG_DIR: dir() } });
      expect(run.code).toBe(2);
      const rows = lines(run.stdout);
      expect(rows.config).toMatch(/^✖ config/);
      expect(rows.config).toMatch(message);
      expect(rows.key).toMatch(/^✔ key/);
    });
  });

  describe('behind a proxy', () => {
    let proxy: ForwardProxy;
    beforeAll(async () => {
      proxy = await startForwardProxy({ hosts: { 'api.seedance.invalid': new URL(s.sandbox.url).host } });
    });
    afterAll(() => proxy.close());

    it('names the variables (credentials hidden) and checks the API through the proxy', async () => {
      const withAuth = proxy.url.replace('http://', 'http://bob:hunter2@');
      const run = await doctor([], { env: { HTTPS_PROXY: withAuth, HTTP_PROXY: withAuth, NO_PROXY: 'example.com' } });
      expect(run.code).toBe(0);
      const shown = withAuth.replace('hunter2', '***');
      expect(lines(run.stdout).proxy).toBe(
        `✔ proxy    HTTPS_PROXY=${shown} HTTP_PROXY=${shown} NO_PROXY=example.com; the API goes through ${shown}`,
      );
      expect(run.stdout + run.stderr).not.toContain('hunter2');
      expect(proxy.log.some((line) => line.startsWith(`GET ${s.sandbox.url}/`))).toBe(true);
    });

    it('says when NO_PROXY sends the API around it', async () => {
      const run = await doctor([], { env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
      expect(lines(run.stdout).proxy).toMatch(/NO_PROXY=127\.0\.0\.1; the API connects directly$/);
    });

    it('an invalid proxy URL fails the proxy check (exit 2)', async () => {
      const run = await doctor([], { env: { HTTPS_PROXY: 'http://[::1' } });
      expect(run.code).toBe(2);
      expect(lines(run.stdout).proxy).toMatch(/^✖ proxy +HTTPS_PROXY is not a valid proxy URL/);
    });

    it('warns about a plain-http API on another host (exit 0)', async () => {
      const base = `http://api.seedance.invalid:${new URL(s.sandbox.url).port}`;
      const run = await doctor([], { env: { SEEDANCE_BASE_URL: base, HTTP_PROXY: proxy.url } });
      expect(run.code).toBe(0);
      expect(lines(run.stdout).api).toMatch(
        /^! api .*key accepted; .* is plain http: the API key travels unencrypted$/,
      );
    });
  });

  describe('the clock', () => {
    let server: Server;
    const serverDate = 'Wed, 25 Nov 2026 12:00:00 GMT';
    beforeAll(async () => {
      // A gateway that knows no task, with a fixed Date header.
      server = createServer((_req, res) => {
        res.sendDate = false;
        res.writeHead(400, { 'content-type': 'application/json', date: serverDate });
        res.end('{"code":"task_not_exist","message":"task_not_exist","data":null}');
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    });
    afterAll(() => new Promise<void>((done) => server.close(() => done())));

    it.each([
      [30_000, 0, /^✔ clock +within 30 s of the server/],
      [95_000, 0, /^! clock +the local clock is 95 s ahead of the server/],
      [-600_000, 0, /^! clock +the local clock is 600 s behind the server/],
    ])('local time %i ms from the server: %s', async (offset, code, line) => {
      const clock = new VirtualClock();
      clock.time = Date.parse(serverDate) + offset;
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const run = await doctor([], { clock, env: { SEEDANCE_BASE_URL: url } });
      expect(run.code).toBe(code);
      expect(lines(run.stdout).clock).toMatch(line);
    });
  });
});
