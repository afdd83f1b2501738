import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunOptions, runCli, tempDir } from '../helpers/run-cli.js';
import { useSandbox } from '../helpers/sandbox.js';

const s = useSandbox();

const PROVIDERS = [
  { name: 'gateway', flags: () => [], model: 'doubao-seedance-2-0-260128' },
  {
    name: 'ark',
    flags: () => ['--provider', 'ark', '--base-url', `${s.sandbox.url}/api/v3`],
    model: 'doubao-seedance-2-0-260128',
  },
  {
    name: 'byteplus',
    flags: () => ['--provider', 'byteplus', '--base-url', `${s.sandbox.url}/api/v3`],
    model: 'dreamina-seedance-2-0-260128',
  },
] as const;

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe.each(PROVIDERS)('the same script under --provider $name', ({ flags, model }) => {
  const dir = tempDir();
  const cwd = tempDir('seedance-cwd-');
  const cli = (argv: string[], options: RunOptions = {}) =>
    s.cli([...flags(), ...argv], { cwd, ...options, env: { SEEDANCE_CONFIG_DIR: dir, ...options.env } });

  it('create prints the id; --json a queued Task', async () => {
    const run = await cli(['create', 'a fox']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cgt-\d{14}-[a-z0-9]{5}\n$/);
    const json = await cli(['create', 'a fox', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: expect.stringMatching(/^cgt-/), status: 'queued', model });
  });

  it('create → status → wait → download: the file is the video the server made', async () => {
    const id = (await cli(['create', 'a bunny', '--ratio', '16:9', '--duration', '5'])).stdout.trim();
    const status = await cli(['status', id, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ id, status: expect.stringMatching(/^(queued|running)$/) });
    const wait = await cli(['wait', id]);
    expect(wait.code).toBe(0);
    expect(wait.stdout).toMatch(new RegExp(`^${s.sandbox.storageUrl}/videos/${id}\\.mp4\\?`));
    const download = await cli(['download', id, '-o', 'bunny.mp4']);
    expect(download).toMatchObject({ code: 0, stdout: 'bunny.mp4\n' });
    expect(sha256(join(cwd, 'bunny.mp4'))).toBe(s.sandbox.videoDigest(id).sha256);
  });

  it('create -o ends with the file on disk', async () => {
    const run = await cli(['create', 'x', '-o', 'x.mp4', '--json']);
    expect(run.code).toBe(0);
    const task = JSON.parse(run.stdout);
    expect(task).toMatchObject({ status: 'succeeded', file: { path: 'x.mp4' } });
    expect(sha256(join(cwd, 'x.mp4'))).toBe(s.sandbox.videoDigest(task.id).sha256);
    expect(task.file.sha256).toBe(s.sandbox.videoDigest(task.id).sha256);
  });

  it('a failed task exits 4 with the reason', async () => {
    const id = (await cli(['create', 'x #fail=InputTextSensitiveContentDetected'])).stdout.trim();
    const run = await cli(['wait', id]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`task ${id} failed: The request failed because the input text may contain sensitive`);
  });

  it('the local history lists what was created, under any provider', async () => {
    const run = await cli(['list', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).length).toBeGreaterThanOrEqual(5);
  });
});

describe.each(PROVIDERS.filter((p) => p.name !== 'gateway'))('--provider $name also lists and cancels', ({ flags }) => {
  const cli = (argv: string[]) => s.cli([...flags(), ...argv]);

  it('list --remote <id> and cancel', async () => {
    const id = (await cli(['create', 'to cancel'])).stdout.trim();
    expect(JSON.parse((await cli(['list', '--remote', id, '--json'])).stdout)).toMatchObject([
      { id, status: 'queued' },
    ]);
    expect((await cli(['cancel', id])).code).toBe(0);
    expect(JSON.parse((await cli(['status', id, '--json'])).stdout).status).toBe('cancelled');
  });
});

describe('the Ark key', () => {
  const ark = () => ['--provider', 'ark', '--base-url', `${s.sandbox.url}/api/v3`];
  const env = (values: Record<string, string | undefined>) => ({ SEEDANCE_API_KEY: undefined, ...values });

  it('ARK_API_KEY alone serves ark and byteplus', async () => {
    for (const provider of ['ark', 'byteplus']) {
      const run = await s.cli(['--provider', provider, '--base-url', `${s.sandbox.url}/api/v3`, 'create', 'x'], {
        env: env({ ARK_API_KEY: 'ark-key-good' }),
      });
      expect(run.code).toBe(0);
    }
  });

  it('flag > SEEDANCE_API_KEY > ARK_API_KEY > config file', async () => {
    const dir = tempDir();
    await runCli(['config', 'set', 'api-key', 'bad-key'], { env: { SEEDANCE_CONFIG_DIR: dir } });
    const run = (argv: string[], values: Record<string, string | undefined>) =>
      s.cli([...ark(), ...argv, 'create', 'x'], { env: env({ SEEDANCE_CONFIG_DIR: dir, ...values }) });
    expect((await run([], {})).code).toBe(3); // the config file's bad key
    expect((await run([], { ARK_API_KEY: 'good' })).code).toBe(0);
    expect((await run([], { ARK_API_KEY: 'good', SEEDANCE_API_KEY: 'bad-key' })).code).toBe(3);
    expect((await run(['--api-key', 'good'], { ARK_API_KEY: 'bad-key', SEEDANCE_API_KEY: 'bad-key' })).code).toBe(0);
    const status = await s.cli([...ark(), 'auth', 'status'], {
      env: env({ SEEDANCE_CONFIG_DIR: dir, ARK_API_KEY: 'ark-0123456789' }),
    });
    expect(status.stdout).toContain('from ARK_API_KEY');
    expect(status.stdout + status.stderr).not.toContain('ark-0123456789');
  });

  it('the gateway ignores ARK_API_KEY: no key, exit 3, nothing sent', async () => {
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['create', 'x'], { env: env({ ARK_API_KEY: 'good' }) });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('error: no API key');
    expect(s.sandbox.stats.requests.length).toBe(before);
  });
});

describe('Ark errors map to exit codes', () => {
  const ark = (argv: string[], options: RunOptions = {}) =>
    s.cli(['--provider', 'ark', '--base-url', `${s.sandbox.url}/api/v3`, ...argv], options);

  it('AuthenticationError → 3', async () => {
    const run = await ark(['create', 'x'], { env: { SEEDANCE_API_KEY: 'bad-key' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^error: authentication failed \(HTTP 401\): The API key or AK\/SK .* is missing or invalid\./,
    );
    expect(run.stderr).not.toContain('Request id');
  });

  it('RateLimitExceeded after the retries → 6', async () => {
    s.sandbox.faults.createStatus = { status: 429, times: -1 };
    const before = s.sandbox.stats.requests.length;
    try {
      const run = await ark(['create', 'x', '--json']);
      expect(run.code).toBe(6);
      expect(JSON.parse(run.stderr).error).toMatchObject({
        code: 'RateLimitExceeded.EndpointRPMExceeded',
        exit_code: 6,
      });
      expect(s.sandbox.stats.requests.slice(before).filter((r) => r.method === 'POST')).toHaveLength(5);
    } finally {
      s.sandbox.faults.createStatus = null;
    }
  });

  it('a rate limit that passes is retried transparently', async () => {
    s.sandbox.faults.createStatus = { status: 429, times: 2, retryAfterSec: 0 };
    const run = await ark(['create', 'x']);
    expect(run.code).toBe(0);
  });

  it('an overdue account (AccountOverdueError) → 9', async () => {
    s.sandbox.faults.quotaExhausted = true;
    try {
      const run = await ark(['create', 'x']);
      expect(run.code).toBe(9);
      expect(run.stderr).toContain('overdue balance');
    } finally {
      s.sandbox.faults.quotaExhausted = false;
    }
  });

  it('NotFound → 7 (status, wait, download, cancel)', async () => {
    for (const command of ['status', 'wait', 'download', 'cancel']) {
      const run = await ark([command, 'cgt-20260101000000-zzzzz']);
      expect(run.code).toBe(7);
      expect(run.stderr).toMatch(/task cgt-20260101000000-zzzzz not found \(HTTP 404\)/);
    }
  });

  it('a bad parameter → 2 with the server reason', async () => {
    // An id the catalogue does not know gets the generic checks only; the sandbox knows it for a 2.0 fast (480p/720p).
    const run = await ark(['create', 'x', '--set', 'resolution=4k', '--set', 'model=doubao-seedance-2-0-fast-x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the API rejected the request \(HTTP 400\): .*4k/);
  });
});

/** What the sandbox has no fault for: Ark's moderation refusal and QuotaExceeded, answered as Ark does. */
describe('Ark errors the sandbox does not stage', () => {
  let server: Server;
  let base: string;
  let answer: { status: number; code: string; message: string; type: string };
  let posts = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      posts += 1;
      req.resume();
      const body = {
        error: { code: answer.code, message: `${answer.message} Request id: 021abc`, param: '', type: answer.type },
      };
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const create = () =>
    runCli(['--provider', 'ark', '--base-url', base, 'create', 'x'], { env: { SEEDANCE_API_KEY: 'k-123456' } });

  it.each([
    [
      'InputTextSensitiveContentDetected',
      'The request failed because the input text may contain sensitive information.',
    ],
    ['SensitiveContentDetected.Violence', 'The request failed because of violence.'],
  ])('%s → 2 with the reason, not retried', async (code, message) => {
    answer = { status: 400, code, message, type: 'BadRequest' };
    posts = 0;
    const run = await create();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`(HTTP 400): ${message}`);
    expect(posts).toBe(1);
  });

  it('QuotaExceeded as a 429 is exhausted quota: → 9 at once, not retried like a rate limit', async () => {
    answer = { status: 429, code: 'QuotaExceeded', message: 'Free quota used up.', type: 'TooManyRequests' };
    posts = 0;
    const run = await create();
    expect(run.code).toBe(9);
    expect(run.stderr).toContain('quota exhausted (HTTP 429): Free quota used up.');
    expect(posts).toBe(1);
    posts = 0;
    const status = await runCli(['--provider', 'ark', '--base-url', base, 'status', 'cgt-1'], {
      env: { SEEDANCE_API_KEY: 'k-123456' },
    });
    expect(status.code).toBe(9);
    expect(posts).toBe(1);
  });

  it('a plain 429 rate limit is still retried', async () => {
    answer = {
      status: 429,
      code: 'RateLimitExceeded.EndpointRPMExceeded',
      message: 'RPM exceeded.',
      type: 'TooManyRequests',
    };
    posts = 0;
    const run = await create();
    expect(run.code).toBe(6);
    expect(posts).toBe(5);
  });
});
