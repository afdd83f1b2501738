import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ForwardProxy, startForwardProxy } from '../helpers/forward-proxy.js';
import { tempDir } from '../helpers/run-cli.js';
import { useSandbox } from '../helpers/sandbox.js';

const s = useSandbox();
let proxy: ForwardProxy;

beforeEach(async () => {
  // The proxy resolves this name itself: a non-loopback base URL whose requests still never leave the machine.
  proxy = await startForwardProxy({ hosts: { 'api.seedance.invalid': new URL(s.sandbox.url).host } });
});
afterEach(() => proxy.close());

const apiRequests = () => s.sandbox.stats.requests.length;
const storageRequests = () => s.sandbox.stats.storageRequests.length;

describe('HTTP_PROXY / HTTPS_PROXY / NO_PROXY', () => {
  it.each([
    ['HTTP_PROXY', 'NO_PROXY'],
    ['http_proxy', 'no_proxy'],
  ])('%s carries every API request and the download', async (proxyVar) => {
    const [api, storage] = [apiRequests(), storageRequests()];
    const path = join(tempDir(), 'fox.mp4');
    const run = await s.cli(['create', 'a fox', '--wait', '-o', path], { env: { [proxyVar]: proxy.url } });
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const id = proxy.log.find((line) => line.startsWith('GET') && line.includes('/v1/video/generations/'));
    expect(proxy.log[0]).toBe(`POST ${s.sandbox.url}/v1/video/generations`);
    expect(id).toBeDefined();
    expect(proxy.log.filter((line) => line.startsWith(`GET ${s.sandbox.storageUrl}/`))).toHaveLength(1);
    // Nothing went around it: every request the sandbox saw is in the proxy's log.
    const throughApi = proxy.log.filter((line) => line.includes(s.sandbox.url)).length;
    expect(apiRequests() - api).toBe(throughApi);
    expect(storageRequests() - storage).toBe(1);
    expect(readFileSync(path).length).toBe(64 * 1024);
  });

  it('a retried create (429) and a retried download work through it', async () => {
    s.sandbox.faults.createStatus = { status: 429, times: 1 };
    s.sandbox.faults.dropAfterBytes = { bytes: 20_000, times: 1 };
    const storage = storageRequests();
    try {
      const path = join(tempDir(), 'fox.mp4');
      const run = await s.cli(['create', 'a fox', '--wait', '-o', path], { env: { HTTP_PROXY: proxy.url } });
      expect(run.code).toBe(0);
      const creates = proxy.log.filter((line) => line === `POST ${s.sandbox.url}/v1/video/generations`);
      expect(creates).toHaveLength(2);
      expect(proxy.log.filter((line) => line.startsWith(`GET ${s.sandbox.storageUrl}/`))).toHaveLength(2);
      expect(run.stderr).toMatch(/connection lost after 20000 bytes/);
      expect(storageRequests() - storage).toBe(2);
      // Whole and intact, whatever offset the retry resumed from.
      const id =
        proxy.log
          .find((line) => line.includes('/v1/video/generations/'))
          ?.split('/')
          .pop() ?? '';
      expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(s.sandbox.videoDigest(id).sha256);
    } finally {
      s.sandbox.faults.createStatus = null;
      s.sandbox.faults.dropAfterBytes = null;
    }
  });

  it.each([
    ['NO_PROXY', '127.0.0.1'],
    ['no_proxy', 'localhost,127.0.0.1'],
    ['NO_PROXY', '*'],
  ])('%s=%s bypasses it', async (noProxyVar, value) => {
    const path = join(tempDir(), 'fox.mp4');
    const run = await s.cli(['create', 'a fox', '--wait', '-o', path], {
      env: { HTTP_PROXY: proxy.url, [noProxyVar]: value },
    });
    expect(run.code).toBe(0);
    expect(proxy.log).toEqual([]);
  });

  it('sends the credentials of the proxy URL to the proxy, and prints them nowhere', async () => {
    const withAuth = proxy.url.replace('http://', 'http://alice:pr0xy-s3cret@');
    const run = await s.cli(['create', 'a fox', '--verbose'], { env: { HTTP_PROXY: withAuth } });
    expect(run.code).toBe(0);
    expect(proxy.auth[0]).toBe(`Basic ${Buffer.from('alice:pr0xy-s3cret').toString('base64')}`);
    expect(run.stdout + run.stderr).not.toContain('pr0xy-s3cret');
  });

  it('an invalid proxy URL is a usage error before any request', async () => {
    const before = apiRequests();
    const run = await s.cli(['status', 'cgt-x'], { env: { HTTPS_PROXY: 'http://[::1' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: HTTPS_PROXY is not a valid proxy URL/);
    expect(apiRequests()).toBe(before);
  });
});

describe('https through HTTPS_PROXY', () => {
  let target: Server;
  let connections = 0;
  beforeEach(async () => {
    connections = 0;
    target = createServer((socket: Socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((done) => target.listen(0, '127.0.0.1', done));
  });
  afterEach(() => new Promise<void>((done) => target.close(() => done())));
  const httpsBase = () => `https://127.0.0.1:${(target.address() as { port: number }).port}`;

  it('opens a CONNECT tunnel and never connects directly', async () => {
    const refusing = await startForwardProxy({ refuseConnect: 403 });
    try {
      const run = await s.cli(['status', 'cgt-x'], {
        env: { SEEDANCE_BASE_URL: httpsBase(), HTTPS_PROXY: refusing.url },
      });
      expect(run.code).toBe(6);
      expect(refusing.log[0]).toBe(`CONNECT ${new URL(httpsBase()).host}`);
      expect(connections).toBe(0);
    } finally {
      await refusing.close();
    }
  });

  it("HTTP_PROXY alone carries https too (undici's rule), through CONNECT", async () => {
    const run = await s.cli(['status', 'cgt-x'], { env: { SEEDANCE_BASE_URL: httpsBase(), HTTP_PROXY: proxy.url } });
    expect(run.code).toBe(6);
    expect(proxy.log[0]).toBe(`CONNECT ${new URL(httpsBase()).host}`);
  });

  it('NO_PROXY with a port bypasses it for that port only', async () => {
    const host = new URL(httpsBase()).host;
    const run = await s.cli(['status', 'cgt-x'], {
      env: { SEEDANCE_BASE_URL: httpsBase(), HTTPS_PROXY: proxy.url, NO_PROXY: host },
    });
    expect(run.code).toBe(6);
    expect(proxy.log).toEqual([]);
    expect(connections).toBeGreaterThan(0);
  });
});

describe('a failing proxy is named, and retried within the budget', () => {
  it('a proxy that refuses connections is named, with the proxy variables as the hint', async () => {
    const run = await s.cli(['status', 'cgt-x'], { env: { HTTP_PROXY: 'http://127.0.0.1:1' } });
    expect(run.code).toBe(6);
    expect(run.stderr).toContain(
      'error: cannot connect to the proxy http://127.0.0.1:1 (HTTP_PROXY) (connection refused)',
    );
    expect(run.stderr).toContain(
      'hint: check HTTP_PROXY / HTTPS_PROXY, or bypass the proxy for this host with NO_PROXY',
    );
    expect(run.stderr).not.toContain('--base-url');
  });

  it('a proxy that drops every CONNECT gets one per attempt: 1 + the retry limit (4)', async () => {
    const dropping = await startForwardProxy({ dropConnect: true });
    try {
      const run = await s.cli(['status', 'cgt-x'], {
        env: { SEEDANCE_BASE_URL: 'https://127.0.0.1:9443', HTTPS_PROXY: dropping.url },
      });
      expect(run.code).toBe(6);
      expect(run.stderr).toContain(
        `error: the proxy ${dropping.url} (HTTPS_PROXY) closed the connection before opening the tunnel to 127.0.0.1:9443`,
      );
      expect(dropping.log).toEqual(Array(5).fill('CONNECT 127.0.0.1:9443'));
    } finally {
      await dropping.close();
    }
  });

  it('a 502 to CONNECT says the proxy refused the tunnel, with its status', async () => {
    const refusing = await startForwardProxy({ refuseConnect: 502 });
    try {
      const run = await s.cli(['status', 'cgt-x'], {
        env: { SEEDANCE_BASE_URL: 'https://127.0.0.1:9443', HTTPS_PROXY: refusing.url },
      });
      expect(run.code).toBe(6);
      expect(run.stderr).toContain(
        `error: the proxy ${refusing.url} (HTTPS_PROXY) refused the tunnel to 127.0.0.1:9443 (HTTP 502 to CONNECT)`,
      );
      expect(run.stderr).not.toContain('UND_ERR');
      // A refused tunnel is retried like any failed connection: 1 + the retry limit (4).
      expect(refusing.log).toHaveLength(5);
    } finally {
      await refusing.close();
    }
  });

  it.each(['127.0.0.0/8', '10.0.0.0/8, 127.0.0.1/32'])('NO_PROXY=%s (CIDR) bypasses it', async (value) => {
    const run = await s.cli(['create', 'a fox'], { env: { HTTP_PROXY: proxy.url, NO_PROXY: value } });
    expect(run.code).toBe(0);
    expect(proxy.log).toEqual([]);
  });
});

describe('a plain-http base URL', () => {
  it('to another host warns that the key travels unencrypted', async () => {
    const base = `http://api.seedance.invalid:${new URL(s.sandbox.url).port}`;
    const run = await s.cli(['create', 'a fox'], { env: { SEEDANCE_BASE_URL: base, HTTP_PROXY: proxy.url } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`warning: ${base} is plain http: the API key travels unencrypted`);
    expect(proxy.log[0]).toBe(`POST ${base}/v1/video/generations`);
  });

  it.each(['127.0.0.1', 'localhost'])('to %s (loopback) does not', async (host) => {
    const run = await s.cli(['create', 'a fox'], {
      env: { SEEDANCE_BASE_URL: s.sandbox.url.replace('127.0.0.1', host) },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('plain http');
  });
});
