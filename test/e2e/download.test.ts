import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultFaults } from '../../src/sandbox/faults.js';
import { leavePart } from '../helpers/part.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { KEY, startTestSandbox, useSandbox } from '../helpers/sandbox.js';

const s = useSandbox({ videoBytes: 3 * 1024 * 1024 });

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeEach(() => {
  s.sandbox.faults = defaultFaults();
});

async function finishedTask(prompt = 'a fox', flags: string[] = []): Promise<string> {
  const id = (await s.cli(['create', prompt, ...flags])).stdout.trim();
  s.sandbox.setTaskState(id, 'succeeded');
  return id;
}

describe('download', () => {
  it('saves ./<id>.mp4 by default, prints the path, and the bytes match the sandbox', async () => {
    const id = await finishedTask();
    const cwd = tempDir();
    const run = await s.cli(['download', id], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${id}.mp4\n`);
    expect(sha256(join(cwd, `${id}.mp4`))).toBe(s.sandbox.videoDigest(id).sha256);
    expect(existsSync(join(cwd, `${id}.mp4.part`))).toBe(false);
    expect(run.stderr).toMatch(/^✔ saved .*\(3\.0 MiB in/m);
  });

  it('--json prints {id,url,path,bytes,sha256}', async () => {
    const id = await finishedTask();
    const cwd = tempDir();
    const run = await s.cli(['download', id, '-o', 'out.mp4', '--json'], { cwd });
    const { sha256: digest, bytes } = s.sandbox.videoDigest(id);
    expect(JSON.parse(run.stdout)).toEqual({
      id,
      url: expect.stringContaining('/videos/'),
      path: 'out.mp4',
      bytes,
      sha256: digest,
    });
  });

  it('-o dir/ saves <dir>/<id>.mp4', async () => {
    const id = await finishedTask();
    const cwd = tempDir();
    const run = await s.cli(['download', id, '-o', 'clips/'], { cwd });
    expect(run.code).toBe(0);
    expect(existsSync(join(cwd, 'clips', `${id}.mp4`))).toBe(true);
  });

  it('-o - streams the video to stdout', async () => {
    const id = await finishedTask();
    const chunks: Buffer[] = [];
    const run = await s.cli(['download', id, '-o', '-'], {
      onStart: (io) => {
        io.stdout.removeAllListeners('data');
        io.stdout.on('data', (c: Buffer) => chunks.push(c));
      },
    });
    expect(run.code).toBe(0);
    expect(createHash('sha256').update(Buffer.concat(chunks)).digest('hex')).toBe(s.sandbox.videoDigest(id).sha256);
  });

  it('refuses an existing target (exit 2) unless --force', async () => {
    const id = await finishedTask();
    const cwd = tempDir();
    writeFileSync(join(cwd, 'fox.mp4'), 'mine');
    const refused = await s.cli(['download', id, '-o', 'fox.mp4'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exists');
    expect(readFileSync(join(cwd, 'fox.mp4'), 'utf8')).toBe('mine');
    const forced = await s.cli(['download', id, '-o', 'fox.mp4', '--force'], { cwd });
    expect(forced.code).toBe(0);
    expect(sha256(join(cwd, 'fox.mp4'))).toBe(s.sandbox.videoDigest(id).sha256);
  });

  it('skips a target it already downloaded completely', async () => {
    const id = await finishedTask();
    const env = { SEEDANCE_CONFIG_DIR: tempDir() };
    const cwd = tempDir();
    expect((await s.cli(['download', id, '-o', 'a.mp4'], { cwd, env })).code).toBe(0);
    const before = s.sandbox.stats.storageRequests.length;
    const again = await s.cli(['download', id, '-o', 'a.mp4'], { cwd, env });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already complete');
    expect(s.sandbox.stats.storageRequests.length).toBe(before);
  });

  it('a reset mid-body resumes from the last byte and ends byte-identical', async () => {
    const id = await finishedTask();
    s.sandbox.faults.dropAfterBytes = { bytes: 700_000, times: 3 };
    const cwd = tempDir();
    const run = await s.cli(['download', id, '-o', 'v.mp4'], { cwd });
    expect(run.code).toBe(0);
    expect(sha256(join(cwd, 'v.mp4'))).toBe(s.sandbox.videoDigest(id).sha256);
    expect(run.stderr).toMatch(/connection lost after .*resuming/);
    const ranges = s.sandbox.stats.storageRequests.slice(-4).map((r) => r.range);
    expect(ranges.slice(1).every((r) => r?.startsWith('bytes='))).toBe(true);
  });

  it('a .part left by a failed run is resumed by the next run', async () => {
    const id = await finishedTask();
    s.sandbox.faults.dropAfterBytes = { bytes: 100_000, times: -1 };
    const cwd = tempDir();
    const failed = await s.cli(['download', id, '-o', 'v.mp4'], { cwd });
    expect(failed.code).toBe(8);
    expect(failed.stderr).toContain('resumes from the .part file');
    expect(existsSync(join(cwd, 'v.mp4'))).toBe(false);
    const partSize = statSync(join(cwd, 'v.mp4.part')).size;
    expect(partSize).toBeGreaterThan(0);
    s.sandbox.faults.dropAfterBytes = null;
    const resumed = await s.cli(['download', id, '-o', 'v.mp4'], { cwd });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`resuming`);
    expect(s.sandbox.stats.storageRequests.at(-1)?.range).toBe(`bytes=${partSize}-`);
    expect(sha256(join(cwd, 'v.mp4'))).toBe(s.sandbox.videoDigest(id).sha256);
  });

  it('a .part that is already whole is finished with one request, not fetched again', async () => {
    const id = await finishedTask();
    const cwd = tempDir();
    expect((await s.cli(['download', id, '-o', 'whole.mp4'], { cwd })).code).toBe(0);
    // A run that stopped between its last byte and the rename: the .part (and its record) hold the whole video.
    await leavePart(s, id, cwd, 'v.mp4');
    renameSync(join(cwd, 'whole.mp4'), join(cwd, 'v.mp4.part'));
    const before = s.sandbox.stats.storageRequests.length;
    const run = await s.cli(['download', id, '-o', 'v.mp4', '--json'], { cwd });
    expect(run.code).toBe(0);
    const { sha256: reported, bytes } = JSON.parse(run.stdout);
    expect({ sha256: reported, bytes }).toEqual(s.sandbox.videoDigest(id));
    expect(sha256(join(cwd, 'v.mp4'))).toBe(reported);
    expect(existsSync(join(cwd, 'v.mp4.part'))).toBe(false);
    expect(s.sandbox.stats.storageRequests.slice(before).map((r) => r.status)).toEqual([416]);
  });

  it('--no-resume starts over', async () => {
    const id = await finishedTask();
    const cwd = tempDir();
    writeFileSync(join(cwd, 'v.mp4.part'), 'garbage that is not a prefix');
    const run = await s.cli(['download', id, '-o', 'v.mp4', '--no-resume'], { cwd });
    expect(run.code).toBe(0);
    expect(s.sandbox.stats.storageRequests.at(-1)?.range).toBeNull();
    expect(sha256(join(cwd, 'v.mp4'))).toBe(s.sandbox.videoDigest(id).sha256);
  });

  it('storage answering 200 to a Range request restarts cleanly', async () => {
    const id = await finishedTask();
    const cwd = tempDir();
    await leavePart(s, id, cwd, 'v.mp4');
    s.sandbox.faults.ignoreRange = true;
    const run = await s.cli(['download', id, '-o', 'v.mp4'], { cwd });
    expect(run.code).toBe(0);
    expect(sha256(join(cwd, 'v.mp4'))).toBe(s.sandbox.videoDigest(id).sha256);
  });

  it('a Content-Length larger than the bytes sent: retries, then exit 8 and no final file', async () => {
    const id = await finishedTask();
    const cwd = tempDir();
    s.sandbox.faults.contentLengthLie = 1000;
    const run = await s.cli(['download', id, '-o', 'v.mp4'], { cwd });
    expect(run.code).toBe(8);
    expect(existsSync(join(cwd, 'v.mp4'))).toBe(false);
  });

  it('an expired URL is re-resolved once through a fresh status query', async () => {
    const id = await finishedTask();
    s.sandbox.faults.expireUrls = true;
    const cwd = tempDir();
    const run = await s.cli(['download', id, '-o', 'v.mp4'], { cwd });
    expect(run.code).toBe(0);
    expect(s.sandbox.stats.storageRequests.slice(-2).map((r) => r.status)).toEqual([403, 200]);
  });

  it("a URL on the API's own origin (the content proxy) gets the key; the storage host never does", async () => {
    const id = await finishedTask();
    const cwd = tempDir();
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['download', `${s.sandbox.url}/v1/videos/${id}/content`, '-o', 'p.mp4'], { cwd });
    expect(run.code).toBe(0);
    expect(sha256(join(cwd, 'p.mp4'))).toBe(s.sandbox.videoDigest(id).sha256);
    const proxied = s.sandbox.stats.requests.slice(before).filter((r) => r.path.endsWith('/content'));
    expect(proxied.map((r) => [r.status, r.authorization])).toEqual([[200, true]]);
  });

  it('a URL that stays expired exits 8 saying URLs live about 24 hours', async () => {
    const run = await s.cli(['download', `${s.sandbox.storageUrl}/videos/cgt-x.mp4?expires=1&sig=00`, '-o', 'x.mp4'], {
      cwd: tempDir(),
    });
    expect(run.code).toBe(8);
    expect(run.stderr).toContain('24 hours');
  });

  it('a failed task exits 4; an unfinished one exits 5 with the hint', async () => {
    const failed = (await s.cli(['create', 'x #fail'])).stdout.trim();
    s.sandbox.setTaskState(failed, 'failed');
    expect((await s.cli(['download', failed])).code).toBe(4);
    const running = (await s.cli(['create', 'x'])).stdout.trim();
    const run = await s.cli(['download', running]);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(`seedance wait ${running} --download`);
  });

  it('--last-frame also saves <stem>.last-frame.png', async () => {
    const id = await finishedTask('a fox', ['--return-last-frame']);
    const cwd = tempDir();
    const run = await s.cli(['download', id, '-o', 'fox.mp4', '--last-frame'], { cwd });
    expect(run.code).toBe(0);
    expect(readFileSync(join(cwd, 'fox.last-frame.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('an unwritable target directory exits 2 before any transfer', async () => {
    const id = await finishedTask();
    const before = s.sandbox.stats.storageRequests.length;
    const cwd = tempDir();
    // Tests run as root in CI, so permissions do not stop a write: a path under a regular file does.
    writeFileSync(join(cwd, 'file'), '');
    const run = await s.cli(['download', id, '-o', 'file/sub/v.mp4'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ENOTDIR');
    expect(s.sandbox.stats.storageRequests.length).toBe(before);
  });

  it('a disk error during the transfer exits 8 with the path and the reason', async () => {
    const id = await finishedTask();
    const run = await s.cli(['download', id, '-o', '-'], {
      onStart: (io) => {
        io.stdout = new Writable({
          write: (_chunk, _encoding, callback) =>
            callback(Object.assign(new Error('no space left'), { code: 'ENOSPC' })),
        });
      },
    });
    expect(run.code).toBe(8);
    expect(run.stderr).toMatch(/ENOSPC/);
  });
});

describe('a .part or a file belongs to the video being downloaded (issue 12 §1)', () => {
  it("an interrupted download of A, then B to the same path: B's bytes, saying A's .part was not B's", async () => {
    const a = await finishedTask('video a');
    const b = await finishedTask('video b');
    const cwd = tempDir();
    await leavePart(s, a, cwd, 'mix.mp4', 100_000);
    const before = s.sandbox.stats.storageRequests.length;
    const run = await s.cli(['download', b, '-o', 'mix.mp4'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`mix.mp4.part was not this video's (task ${a}); starting over`);
    expect(run.stderr).not.toContain('resuming');
    expect(s.sandbox.stats.storageRequests.slice(before).map((r) => r.range)).toEqual([null]);
    expect(sha256(join(cwd, 'mix.mp4'))).toBe(s.sandbox.videoDigest(b).sha256);
    expect(existsSync(join(cwd, 'mix.mp4.part'))).toBe(false);
    expect(existsSync(join(cwd, 'mix.mp4.part.json'))).toBe(false);
  });

  it('a .part whose storage object changed since: If-Range gets a 200 and the download restarts from 0', async () => {
    const id = await finishedTask();
    const cwd = tempDir();
    const size = await leavePart(s, id, cwd, 'v.mp4', 100_000);
    const old = s.sandbox.videoDigest(id).sha256;
    s.sandbox.faults.videoRevision = 1;
    const before = s.sandbox.stats.storageRequests.length;
    const run = await s.cli(['download', id, '-o', 'v.mp4'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('v.mp4.part holds an older copy of this video (the stored object changed)');
    expect(s.sandbox.stats.storageRequests.slice(before)).toMatchObject([{ range: `bytes=${size}-`, status: 200 }]);
    const fresh = s.sandbox.videoDigest(id).sha256;
    expect(fresh).not.toBe(old);
    expect(sha256(join(cwd, 'v.mp4'))).toBe(fresh);
  });

  it('a .part with no record (an older version left it) is not trusted: started over, saying so', async () => {
    const id = await finishedTask();
    const cwd = tempDir();
    writeFileSync(join(cwd, 'v.mp4.part'), Buffer.alloc(5000, 0xff));
    const before = s.sandbox.stats.storageRequests.length;
    const run = await s.cli(['download', id, '-o', 'v.mp4'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('v.mp4.part has no record of which video it holds; starting over');
    expect(s.sandbox.stats.storageRequests.slice(before).map((r) => r.range)).toEqual([null]);
    expect(sha256(join(cwd, 'v.mp4'))).toBe(s.sandbox.videoDigest(id).sha256);
  });

  it('download A, B --force, then A --json: not "complete" with A\'s sha256 while the file holds B', async () => {
    const a = await finishedTask('video a');
    const b = await finishedTask('video b');
    const env = { SEEDANCE_CONFIG_DIR: tempDir() };
    const cwd = tempDir();
    expect((await s.cli(['download', a, '-o', 'x.mp4'], { cwd, env })).code).toBe(0);
    expect((await s.cli(['download', b, '-o', 'x.mp4', '--force'], { cwd, env })).code).toBe(0);
    const again = await s.cli(['download', a, '-o', 'x.mp4', '--json'], { cwd, env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(again.stdout).not.toContain(s.sandbox.videoDigest(a).sha256);
    expect(sha256(join(cwd, 'x.mp4'))).toBe(s.sandbox.videoDigest(b).sha256);
    const forced = await s.cli(['download', a, '-o', 'x.mp4', '--json', '--force'], { cwd, env });
    expect(JSON.parse(forced.stdout).sha256).toBe(s.sandbox.videoDigest(a).sha256);
    expect(sha256(join(cwd, 'x.mp4'))).toBe(s.sandbox.videoDigest(a).sha256);
  });

  it('a file edited in place (one byte, same size) is not "already complete"', async () => {
    const id = await finishedTask();
    const env = { SEEDANCE_CONFIG_DIR: tempDir() };
    const cwd = tempDir();
    const file = join(cwd, 'a.mp4');
    expect((await s.cli(['download', id, '-o', 'a.mp4'], { cwd, env })).code).toBe(0);
    const bytes = readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    writeFileSync(file, bytes);
    const again = await s.cli(['download', id, '-o', 'a.mp4', '--json'], { cwd, env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(again.stderr).not.toContain('already complete');
    const forced = await s.cli(['download', id, '-o', 'a.mp4', '--force'], { cwd, env });
    expect(forced.code).toBe(0);
    expect(sha256(file)).toBe(s.sandbox.videoDigest(id).sha256);
    // Whole again: now it is complete, and the sha256 printed is the file's.
    const skipped = await s.cli(['download', id, '-o', 'a.mp4', '--json'], { cwd, env });
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout).sha256).toBe(sha256(file));
  });

  it('without a journal record, a file that hashes to the sha256 the storage states (Repr-Digest, HEAD) is complete', async () => {
    const id = await finishedTask();
    const cwd = tempDir();
    expect((await s.cli(['download', id, '-o', 'a.mp4'], { cwd })).code).toBe(0);
    // Another config dir: the journal knows nothing of a.mp4.
    const before = s.sandbox.stats.storageRequests.length;
    const again = await s.cli(['download', id, '-o', 'a.mp4'], { cwd });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`already complete (${s.sandbox.videoDigest(id).bytes} bytes, sha256 `);
    expect(s.sandbox.stats.storageRequests.slice(before)).toMatchObject([{ range: null, status: 200 }]);
    const other = await finishedTask('another');
    writeFileSync(join(cwd, 'b.mp4'), readFileSync(join(cwd, 'a.mp4')));
    const refused = await s.cli(['download', other, '-o', 'b.mp4'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exists');
  });

  it('a body that does not hash to the sha256 the storage host states is never saved', async () => {
    const body = Buffer.alloc(50_000, 7);
    const right = createHash('sha256').update(body).digest('base64');
    let digest = createHash('sha256').update('something else').digest('base64');
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, {
        'content-type': 'video/mp4',
        'content-length': body.length,
        'repr-digest': `sha-256=:${digest}:`,
      });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/clip.mp4`;
      const cwd = tempDir();
      const bad = await s.cli(['download', url, '-o', 'clip.mp4'], { cwd });
      expect(bad.code).toBe(8);
      expect(bad.stderr).toMatch(
        /error: download failed after 6 attempts: the bytes received hash to sha256 \w+…, not the/,
      );
      expect(existsSync(join(cwd, 'clip.mp4'))).toBe(false);
      digest = right;
      const good = await s.cli(['download', url, '-o', 'clip.mp4', '--json'], { cwd });
      expect(good.code).toBe(0);
      expect(JSON.parse(good.stdout).sha256).toBe(createHash('sha256').update(body).digest('hex'));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it.each([
    ['download <id>', (id: string) => ['download', id]],
    ['wait --download', (id: string) => ['wait', id, '--download']],
  ])('%s: a video URL that is not http(s) is refused at once (exit 8), nothing fetched', async (_name, argv) => {
    // An Ark-shaped stub whose finished task points at a local file.
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'cgt-evil',
          model: 'doubao-seedance-1-0-pro-250528',
          status: 'succeeded',
          content: { video_url: 'file:///etc/passwd' },
          created_at: 1,
          updated_at: 2,
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
      const cwd = tempDir();
      const run = await runCli(['--provider', 'ark', '--base-url', base, ...argv('cgt-evil')], {
        cwd,
        env: { SEEDANCE_API_KEY: KEY, SEEDANCE_CONFIG_DIR: tempDir() },
      });
      expect(run.code).toBe(8);
      expect(run.stderr).toContain('error: the API returned a video URL that is not http(s): "file:///etc/passwd"');
      expect(run.stderr).not.toContain('resuming');
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

it('the bar on a terminal: no empty speed and no `ETA 0s` before the transfer has a speed', async () => {
  const id = await finishedTask();
  const run = await s.cli(['download', id, '-o', 'bar.mp4'], {
    cwd: tempDir(),
    stderrTty: true,
    env: { CI: undefined },
  });
  expect(run.code).toBe(0);
  expect(run.stderr).toContain('0% | 0 B/3.0 MiB');
  expect(run.stderr).not.toContain('|  |');
  expect(run.stderr).not.toContain('ETA 0s');
});

describe('one-shot', () => {
  it.each([
    [
      'an existing file',
      (cwd: string) => writeFileSync(join(cwd, 'taken.mp4'), 'mine'),
      'taken.mp4',
      /taken\.mp4 already exists/,
    ],
    [
      'a path under a regular file',
      (cwd: string) => writeFileSync(join(cwd, 'f'), ''),
      'f/sub/v.mp4',
      /cannot write to .*f: ENOTDIR/,
    ],
  ])('create -o to %s exits 2 before anything is created', async (_, setup, output, message) => {
    const cwd = tempDir();
    setup(cwd);
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['create', 'a fox', '-o', output], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(s.sandbox.stats.requests.length).toBe(before);
    if (output === 'taken.mp4') expect(readFileSync(join(cwd, 'taken.mp4'), 'utf8')).toBe('mine');
  });

  it('wait -o to an existing file exits 2 before waiting', async () => {
    const id = (await s.cli(['create', 'a fox'])).stdout.trim();
    const cwd = tempDir();
    writeFileSync(join(cwd, 'taken.mp4'), 'mine');
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['wait', id, '-o', 'taken.mp4'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/taken\.mp4 already exists/);
    expect(s.sandbox.stats.requests.length).toBe(before);
  });

  it('-o - refuses a terminal stdout (exit 2), before creating anything', async () => {
    const before = s.sandbox.stats.requests.length;
    const onStart = (io: { stdout: { isTTY?: boolean } }) => {
      io.stdout.isTTY = true;
    };
    const create = await s.cli(['create', 'a fox', '-o', '-'], { onStart });
    expect(create.code).toBe(2);
    expect(create.stderr).toContain('error: -o - writes the video to stdout, which is a terminal');
    expect(s.sandbox.stats.requests.length).toBe(before);
    const id = await finishedTask();
    const download = await s.cli(['download', id, '-o', '-'], { onStart });
    expect(download.code).toBe(2);
    expect(download.stdout).toBe('');
    const before2 = s.sandbox.stats.requests.length;
    const json = await s.cli(['create', 'a fox', '-o', '-', '--json']);
    expect(json.code).toBe(2);
    expect(s.sandbox.stats.requests.length).toBe(before2);
  });

  it('a wait option (--timeout) means waiting', async () => {
    const run = await s.cli(['create', 'a fox #stuck', '--timeout', '1m']);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/timed out waiting for cgt-\S+ .*the task is still alive/);
    // The task lives on: stdout still gets its id, for `id=$(seedance create … --wait)`.
    expect(run.stdout).toMatch(/^cgt-\S+\n$/);
  });

  it('create -o chains wait and download: stdout is the path alone', async () => {
    const cwd = tempDir();
    const run = await s.cli(['create', 'a fox', '--duration', '5', '-o', 'fox.mp4'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('fox.mp4\n');
    expect(run.stderr).toMatch(/created cgt-/);
    expect(run.stderr).toMatch(/succeeded/);
    expect(run.stderr).toMatch(/saved fox\.mp4/);
  });

  it('create -o --json prints the Task plus file {path,bytes,sha256}', async () => {
    const cwd = tempDir();
    const run = await s.cli(['create', 'a fox', '-o', 'fox.mp4', '--json'], { cwd });
    const task = JSON.parse(run.stdout);
    expect(task.status).toBe('succeeded');
    expect(task.file).toEqual({ path: 'fox.mp4', ...s.sandbox.videoDigest(task.id) });
  });

  it('wait --download saves the video', async () => {
    const id = (await s.cli(['create', 'a fox'])).stdout.trim();
    const cwd = tempDir();
    const run = await s.cli(['wait', id, '--download'], { cwd });
    expect(run.stdout).toBe(`${id}.mp4\n`);
  });
});

it('the storage host never saw an Authorization header', () => {
  expect(s.sandbox.stats.storageRequests.length).toBeGreaterThan(10);
  expect(s.sandbox.stats.storageAuthorizationHeaders).toBe(0);
});

it('a 50 MB video streams to disk and its sha256 matches the sandbox', async () => {
  const big = await startTestSandbox({ videoBytes: 50 * 1024 * 1024, renderMs: 1000, now: s.clock.now });
  try {
    const env = { SEEDANCE_BASE_URL: big.url };
    const id = (await s.cli(['create', 'a big fox'], { env })).stdout.trim();
    big.setTaskState(id, 'succeeded');
    const cwd = tempDir();
    const run = await s.cli(['download', id, '-o', 'big.mp4', '--json'], { env, cwd });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject(big.videoDigest(id));
    expect(sha256(join(cwd, 'big.mp4'))).toBe(big.videoDigest(id).sha256);
  } finally {
    await big.close();
  }
});
