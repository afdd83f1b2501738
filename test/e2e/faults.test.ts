import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { defaultFaults } from '../../src/sandbox/faults.js';
import { leavePart } from '../helpers/part.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { KEY, useSandbox } from '../helpers/sandbox.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { until } from '../helpers/until.js';

// The fault matrix of issue 8: one test per row, named after the row (the README's table lists the outcomes).
// In-process runs share the sandbox's virtual clock; the spawned ones (signals, two processes) run on the wall clock
// against the same sandbox, whose tasks then stay where the virtual clock left them unless a test pins them.

const s = useSandbox({ videoBytes: 1024 * 1024 });

beforeEach(() => {
  s.sandbox.faults = defaultFaults();
});

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function requestsSince(before: number, method?: string) {
  return s.sandbox.stats.requests.slice(before).filter((r) => method === undefined || r.method === method);
}

async function createTask(prompt = 'a fox', dir?: string): Promise<string> {
  const run = await s.cli(['create', prompt], dir ? { env: { SEEDANCE_CONFIG_DIR: dir } } : {});
  expect(run.code).toBe(0);
  return run.stdout.trim();
}

async function listJson(dir: string): Promise<Array<{ id: string | null; outcome: string }>> {
  const run = await runCli(['list', '--json'], { env: { SEEDANCE_CONFIG_DIR: dir } });
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

function spawnEnv(dir = tempDir()) {
  return { SEEDANCE_BASE_URL: s.sandbox.url, SEEDANCE_API_KEY: KEY, SEEDANCE_CONFIG_DIR: dir };
}

it('429 with Retry-After on create, then success', async () => {
  const dir = tempDir();
  const creates = s.sandbox.stats.creates;
  const before = s.sandbox.stats.requests.length;
  s.sandbox.faults.createStatus = { status: 429, times: 1, retryAfterSec: 1 };
  const started = performance.now();
  const run = await s.cli(['create', 'a fox'], { env: { SEEDANCE_CONFIG_DIR: dir } });
  const elapsed = performance.now() - started;
  expect(run.code).toBe(0);
  expect(s.sandbox.stats.creates).toBe(creates + 1);
  expect(requestsSince(before, 'POST').map((r) => r.status)).toEqual([429, 200]);
  // The retry base delay is 1 ms in tests: only the server's Retry-After explains a second's wait.
  expect(elapsed).toBeGreaterThanOrEqual(950);
  expect((await listJson(dir)).map((e) => e.id)).toEqual([run.stdout.trim()]);
});

it('429 forever on create', async () => {
  const dir = tempDir();
  const creates = s.sandbox.stats.creates;
  const before = s.sandbox.stats.requests.length;
  s.sandbox.faults.createStatus = { status: 429, times: -1 };
  const run = await s.cli(['create', 'a fox'], { env: { SEEDANCE_CONFIG_DIR: dir } });
  expect(run.code).toBe(6);
  expect(run.stderr).toMatch(/^error: .*HTTP 429/m);
  // The first attempt and the 4 retries of the budget, then it gives up.
  expect(requestsSince(before, 'POST').map((r) => r.status)).toEqual([429, 429, 429, 429, 429]);
  expect(s.sandbox.stats.creates).toBe(creates);
  // The journal keeps the attempt (intent + failed), but a request the server refused is no task.
  expect(await listJson(dir)).toEqual([]);
  expect((await s.cli(['status', '@last'], { env: { SEEDANCE_CONFIG_DIR: dir } })).code).toBe(7);
});

it('500/502/503 bursts on status polls during wait', async () => {
  const id = await createTask();
  const before = s.sandbox.stats.requests.length;
  // Each burst outlasts the client's own retries of one poll (1 + 4 attempts), so the wait loop sees it too.
  const bursts = [500, 502, 503];
  s.sandbox.faults.pollStatus = { status: bursts[0] as number, times: 5 };
  let polls = 0;
  const run = await s.cli(['wait', id], {
    onStart: (io) => {
      const sleep = io.sleep;
      io.sleep = async (ms, signal) => {
        polls += 1;
        const next = bursts[polls];
        if (next !== undefined) s.sandbox.faults.pollStatus = { status: next, times: 5 };
        return sleep(ms, signal);
      };
    },
  });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/videos\//);
  const failed = requestsSince(before, 'GET').filter((r) => r.status >= 500);
  expect(failed.map((r) => r.status)).toEqual([...Array(5).fill(500), ...Array(5).fill(502), ...Array(5).fill(503)]);
  expect(run.stderr).toContain('still waiting');
});

it('connection refused (server down)', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise((resolve) => server.close(resolve));
  const dir = tempDir();
  const started = performance.now();
  const run = await s.cli(['create', 'a fox', '--verbose'], {
    env: { SEEDANCE_BASE_URL: base, SEEDANCE_CONFIG_DIR: dir },
  });
  expect(run.code).toBe(6);
  expect(run.stderr).toContain(`error: cannot connect to ${base} (connection refused)`);
  // Refused means the POST never reached a server: retried within the budget (4), then given up.
  expect(run.stderr).toContain('! retry 4 after: ECONNREFUSED');
  expect(run.stderr).not.toContain('! retry 5');
  expect(performance.now() - started).toBeLessThan(5000);
  expect(await listJson(dir)).toEqual([]);
});

it('server accepts the create but the connection drops before the response', async () => {
  const dir = tempDir();
  const creates = s.sandbox.stats.creates;
  const before = s.sandbox.stats.requests.length;
  s.sandbox.faults.dropCreateAfterAccept = true;
  const run = await s.cli(['create', 'a fox'], { env: { SEEDANCE_CONFIG_DIR: dir } });
  expect(run.code).toBe(6);
  expect(run.stderr).toMatch(/^error: .*the request was sent, so the task may exist/m);
  expect(run.stderr).toMatch(/^hint: .*seedance list/m);
  // Never retried blindly: one POST, one (paid) task on the server.
  expect(requestsSince(before, 'POST')).toHaveLength(1);
  expect(s.sandbox.stats.creates).toBe(creates + 1);
  expect(await listJson(dir)).toMatchObject([{ id: null, outcome: 'unknown' }]);
});

it('quota exhausted on create', async () => {
  const creates = s.sandbox.stats.creates;
  const before = s.sandbox.stats.requests.length;
  s.sandbox.faults.quotaExhausted = true;
  const run = await s.cli(['create', 'a fox']);
  expect(run.code).toBe(9);
  expect(run.stderr).toMatch(/^error: quota exhausted \(HTTP 403\): user quota is not enough$/m);
  expect(requestsSince(before)).toHaveLength(1);
  expect(s.sandbox.stats.creates).toBe(creates);
});

it('response slower than --request-timeout', async () => {
  // create: the POST may have been acted on, so it is not retried; the journal keeps it as outcome-unknown.
  const dir = tempDir();
  let received = s.sandbox.stats.received;
  s.sandbox.faults.slowMs = 400;
  const create = await s.cli(['create', 'a fox', '--request-timeout', '200ms'], {
    env: { SEEDANCE_CONFIG_DIR: dir },
  });
  expect(create.code).toBe(6);
  expect(create.stderr).toMatch(
    /^error: no response from http:\/\/127\.0\.0\.1:\d+ within 0\.2s \(--request-timeout\)/m,
  );
  expect(create.stderr).toContain('the task may exist');
  expect(s.sandbox.stats.received - received).toBe(1);
  expect(await listJson(dir)).toMatchObject([{ id: null, outcome: 'unknown' }]);
  // The sandbox is still holding the abandoned request: let it finish before anything else is counted.
  await until(() => s.sandbox.stats.inFlight === 0, 'the sandbox to be done with the slow create');
  s.sandbox.faults.slowMs = 0;

  // Polls: the first GET is too slow, the retry is answered at once.
  const id = await createTask();
  s.sandbox.setTaskState(id, 'succeeded');
  for (const command of ['status', 'wait']) {
    received = s.sandbox.stats.received;
    s.sandbox.faults.slowMs = 400;
    const run = s.cli([command, id, '--request-timeout', '200ms']);
    await until(() => s.sandbox.stats.received > received, `the first ${command} GET`);
    s.sandbox.faults.slowMs = 0;
    const done = await run;
    expect(done.code).toBe(0);
    // The slow GET and its retry. `status` asks for the wrapped view, which has the details (seed, usage…) at once;
    // `wait` polls the default view and asks once more at the end for them.
    expect(s.sandbox.stats.received - received).toBe(command === 'status' ? 2 : 3);
    await until(() => s.sandbox.stats.inFlight === 0, `the sandbox to be done with the slow ${command} GET`);
  }
});

it('malformed JSON / HTML error page / empty body with 200', async () => {
  const id = await createTask();
  const cases = [
    { malformed: 'html', kind: 'not JSON', start: 'response: <!DOCTYPE html> <html><head><title>502 Bad Gateway' },
    // `status` asks for the wrapped view (show_raw, show_usage): its body starts with new-api's envelope.
    { malformed: 'json', kind: 'not JSON', start: 'response: {"code":"success","message":"","data":{"task_id"' },
    { malformed: 'empty', kind: 'empty body', start: undefined },
  ] as const;
  for (const { malformed, kind, start } of cases) {
    s.sandbox.faults.malformed = malformed;
    const plain = await s.cli(['status', id]);
    expect(plain.code).toBe(6);
    expect(plain.stderr).toBe(`error: unexpected response from the API (HTTP 200: ${kind})\n`);
    const verbose = await s.cli(['status', id, '--verbose']);
    expect(verbose.code).toBe(6);
    if (start) expect(verbose.stderr).toContain(start);
    else expect(verbose.stderr).not.toContain('response:');
  }
  // A create answered with garbage may still have created its task: journaled as outcome-unknown.
  const dir = tempDir();
  s.sandbox.faults.malformed = 'html';
  const create = await s.cli(['create', 'a fox', '--verbose'], { env: { SEEDANCE_CONFIG_DIR: dir } });
  expect(create.code).toBe(6);
  expect(create.stderr).toMatch(/^error: unexpected response from the API .*the task may exist/m);
  expect(create.stderr).toContain('response: <!DOCTYPE html>');
  expect(await listJson(dir)).toMatchObject([{ id: null, outcome: 'unknown' }]);
});

it('reset mid-download, several times', async () => {
  const id = await createTask();
  s.sandbox.setTaskState(id, 'succeeded');
  const before = s.sandbox.stats.storageRequests.length;
  s.sandbox.faults.dropAfterBytes = { bytes: 200_000, times: 3 };
  const cwd = tempDir();
  const run = await s.cli(['download', id, '-o', 'v.mp4'], { cwd });
  expect(run.code).toBe(0);
  expect(run.stderr.match(/connection lost after \d+ bytes .*resuming/g)).toHaveLength(3);
  const ranges = s.sandbox.stats.storageRequests.slice(before).map((r) => r.range);
  expect(ranges).toHaveLength(4);
  expect(ranges[0]).toBeNull();
  for (const range of ranges.slice(1)) expect(range).toMatch(/^bytes=[1-9]\d*-$/);
  expect(sha256(join(cwd, 'v.mp4'))).toBe(s.sandbox.videoDigest(id).sha256);
  expect(existsSync(join(cwd, 'v.mp4.part'))).toBe(false);
});

it('storage answers 200 instead of 206 to a Range request', async () => {
  const id = await createTask();
  s.sandbox.setTaskState(id, 'succeeded');
  const cwd = tempDir();
  // A .part of this video: appending the 200's whole body to it would corrupt the file.
  const size = await leavePart(s, id, cwd, 'v.mp4');
  s.sandbox.faults.ignoreRange = true;
  const before = s.sandbox.stats.storageRequests.length;
  const run = await s.cli(['download', id, '-o', 'v.mp4'], { cwd });
  expect(run.code).toBe(0);
  expect(s.sandbox.stats.storageRequests.slice(before)).toMatchObject([{ range: `bytes=${size}-`, status: 200 }]);
  // Same ETag: the host ignored the Range, the object did not change.
  expect(run.stderr).not.toContain('older copy');
  expect(statSync(join(cwd, 'v.mp4')).size).toBe(s.sandbox.videoDigest(id).bytes);
  expect(sha256(join(cwd, 'v.mp4'))).toBe(s.sandbox.videoDigest(id).sha256);
});

it('Content-Length larger than the bytes sent', async () => {
  const id = await createTask();
  s.sandbox.setTaskState(id, 'succeeded');
  const cwd = tempDir();
  s.sandbox.faults.contentLengthLie = 1000;
  const before = s.sandbox.stats.storageRequests.length;
  const run = await s.cli(['download', id, '-o', 'v.mp4'], { cwd });
  expect(run.code).toBe(8);
  expect(run.stderr).toMatch(/^error: download failed after 6 attempts: /m);
  // Every attempt is cut short of the promised length. A retry resumes from what reached the disk: at the end of the
  // real bytes the storage answers 416 (start over, 200), from a .part whose last writes were lost a 206.
  const requests = s.sandbox.stats.storageRequests.slice(before);
  expect(requests.filter((r) => r.status !== 416).length).toBe(6);
  expect(requests.every((r) => [200, 206, 416].includes(r.status))).toBe(true);
  // node:http reports a body cut short of its Content-Length as 'aborted' (undici, behind a proxy: UND_ERR_RES_CONTENT_LENGTH_MISMATCH).
  expect(run.stderr).toMatch(/\((aborted|UND_ERR_RES_CONTENT_LENGTH_MISMATCH)\); resuming \(attempt 2 of 6\)/);
  expect(run.stderr).toContain('(attempt 6 of 6)');
  expect(existsSync(join(cwd, 'v.mp4'))).toBe(false);
});

it('disk full / unwritable directory (ENOSPC, EACCES)', async () => {
  const id = await createTask();
  s.sandbox.setTaskState(id, 'succeeded');

  // Disk full, for real: the .part is a symlink to /dev/full, whose writes fail with ENOSPC in the kernel.
  const cwd = tempDir();
  symlinkSync('/dev/full', join(cwd, 'v.mp4.part'));
  const full = await s.cli(['download', id, '-o', 'v.mp4'], { cwd });
  expect(full.code).toBe(8);
  expect(full.stderr).toContain(`error: cannot write ${join(cwd, 'v.mp4.part')}: ENOSPC`);
  expect(full.stderr).toMatch(/^hint: free some space, then run the same command again/m);
  expect(existsSync(join(cwd, 'v.mp4'))).toBe(false);
  expect(existsSync(join(cwd, 'v.mp4.lock'))).toBe(false);

  // Unwritable before any transfer: exit 2 and nothing fetched. Root ignores permission bits (CI containers run as
  // root), so there the directory is a path under a regular file; otherwise a read-only directory (EACCES).
  const before = s.sandbox.stats.storageRequests.length;
  const other = tempDir();
  const asRoot = process.getuid?.() === 0;
  writeFileSync(join(other, 'file'), '');
  const { chmodSync } = await import('node:fs');
  if (!asRoot) chmodSync(other, 0o500);
  const target = asRoot ? 'file/sub/v.mp4' : 'v.mp4';
  const refused = await s.cli(['download', id, '-o', target], { cwd: other });
  if (!asRoot) chmodSync(other, 0o700);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(asRoot ? /^error: cannot create .*file\/sub: ENOTDIR/m : /^error: .*: EACCES/m);
  expect(s.sandbox.stats.storageRequests.length).toBe(before);
  expect(existsSync(join(other, target))).toBe(false);
});

it('SIGINT/SIGTERM in create (after POST sent), wait, download', async () => {
  // create: the signal lands while the POST is held by the server; the answer is still awaited and journaled.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    const dir = tempDir();
    const received = s.sandbox.stats.received;
    const creates = s.sandbox.stats.creates;
    s.sandbox.faults.slowMs = 500;
    const run = spawnCli(['create', 'a fox'], { env: spawnEnv(dir) });
    await until(() => s.sandbox.stats.received > received, 'the POST to reach the sandbox');
    run.child.kill(signal);
    s.sandbox.faults.slowMs = 0;
    expect((await run.exit).code).toBe(code);
    expect(s.sandbox.stats.creates).toBe(creates + 1);
    const id = run.stdout().trim();
    expect(id).toMatch(/^cgt-/);
    expect(run.stderr()).toContain(`task ${id} was created`);
    expect(run.stderr()).toContain(`seedance wait ${id}`);
    expect((await listJson(dir)).map((e) => e.id)).toEqual([id]);
  }

  // wait: stops watching, the task lives on.
  const dir = tempDir();
  const id = await createTask('a fox', dir);
  const waiting = spawnCli(['wait', id, '--interval', '1s'], { env: spawnEnv(dir) });
  await waiting.waitFor(/queued/);
  waiting.child.kill('SIGTERM');
  expect((await waiting.exit).code).toBe(143);
  expect(waiting.stderr()).toContain(`task ${id} keeps rendering`);
  expect(waiting.stderr()).toContain(`seedance wait ${id}`);

  // download: the .part stays for the next run, no final file.
  s.sandbox.setTaskState(id, 'succeeded');
  s.sandbox.faults.throttleBytesPerSec = 64 * 1024;
  const cwd = tempDir();
  const part = join(cwd, 'v.mp4.part');
  const downloading = spawnCli(['download', id, '-o', 'v.mp4'], { env: spawnEnv(dir), cwd });
  await until(() => existsSync(part) && statSync(part).size > 0, 'the .part file to grow');
  downloading.child.kill('SIGINT');
  expect((await downloading.exit).code).toBe(130);
  s.sandbox.faults.throttleBytesPerSec = 0;
  expect(downloading.stderr()).toContain(`task ${id}`);
  expect(downloading.stderr()).toContain('the .part file is kept');
  expect(existsSync(join(cwd, 'v.mp4'))).toBe(false);
  expect(statSync(part).size).toBeGreaterThan(0);
  expect((await listJson(dir)).map((e) => e.id)).toEqual([id]);
});

it('corrupt config file or history line', async () => {
  for (const [text, message] of [
    ['{oops', 'is not valid JSON'],
    ['[1, 2]', 'must hold a JSON object'],
  ] as const) {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), text);
    const run = await s.cli(['status', 'cgt-x'], { env: { SEEDANCE_CONFIG_DIR: dir } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: /);
    expect(run.stderr).toContain(`the config file ${join(dir, 'config.json')} ${message}`);
  }

  const dir = tempDir();
  const history = join(dir, 'history.jsonl');
  const first = await createTask('first', dir);
  appendFileSync(history, 'not json at all\n{"type":"created","id":42}\nnull\n');
  // A line cut short (a crash or a full disk mid-write) must not swallow the record appended after it.
  appendFileSync(history, '{"type":"intent","local_id":"cut-sh');
  const second = await createTask('second', dir);
  const list = await runCli(['list', '--json'], { env: { SEEDANCE_CONFIG_DIR: dir } });
  expect(list.code).toBe(0);
  expect(JSON.parse(list.stdout)).toMatchObject([
    { id: second, prompt: 'second', outcome: 'created' },
    { id: first, prompt: 'first', outcome: 'created' },
  ]);
  expect(list.stderr.trim().split('\n')).toEqual(
    [3, 4, 5, 6].map((line) => `warning: skipping unreadable line ${line} of ${history}`),
  );
  const last = await s.cli(['status', '@last', '--json'], { env: { SEEDANCE_CONFIG_DIR: dir } });
  expect(last.code).toBe(0);
  expect(JSON.parse(last.stdout).id).toBe(second);
});

it('two processes downloading to the same target', async () => {
  const id = await createTask();
  s.sandbox.setTaskState(id, 'succeeded');
  s.sandbox.faults.throttleBytesPerSec = 64 * 1024;
  const cwd = tempDir();
  const first = spawnCli(['download', id, '-o', 'v.mp4'], { env: spawnEnv(), cwd });
  await until(() => existsSync(join(cwd, 'v.mp4.part')), 'the first download to start writing');
  const second = spawnCli(['download', id, '-o', 'v.mp4'], { env: spawnEnv(), cwd });
  expect((await second.exit).code).toBe(2);
  expect(second.stderr()).toMatch(/error: another seedance process \(pid \d+\) is downloading to .*v\.mp4/);
  s.sandbox.faults.throttleBytesPerSec = 0;
  expect((await first.exit).code).toBe(0);
  expect(sha256(join(cwd, 'v.mp4'))).toBe(s.sandbox.videoDigest(id).sha256);
  expect(existsSync(join(cwd, 'v.mp4.part'))).toBe(false);
  expect(existsSync(join(cwd, 'v.mp4.lock'))).toBe(false);
});

it('the storage host never saw an Authorization header', () => {
  expect(s.sandbox.stats.storageRequests.length).toBeGreaterThan(10);
  expect(s.sandbox.stats.storageAuthorizationHeaders).toBe(0);
});
