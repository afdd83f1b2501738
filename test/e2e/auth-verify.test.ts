import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { KEY, useSandbox } from '../helpers/sandbox.js';

const s = useSandbox();
const REDACTED = `sk-…${KEY.slice(-4)}`;
const storedKey = (dir: string) =>
  existsSync(join(dir, 'config.json'))
    ? JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))['api-key']
    : undefined;

function login(stdin: string, flags: string[] = [], env: Record<string, string | undefined> = {}) {
  const dir = tempDir();
  const run = runCli(['auth', 'login', '--with-key', ...flags], {
    stdin: `${stdin}\n`,
    env: { SEEDANCE_CONFIG_DIR: dir, SEEDANCE_API_KEY: undefined, SEEDANCE_BASE_URL: s.sandbox.url, ...env },
  });
  return run.then((result) => ({ ...result, dir }));
}

const probes = () => s.sandbox.stats.requests.filter((r) => r.method === 'GET' && r.path.includes('auth-check'));

describe('auth login tries the key before it stores it', () => {
  it('a key the API accepts is stored, after one lookup of a task that does not exist', async () => {
    const before = probes().length;
    const run = await login(KEY, ['--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ key: REDACTED, path: join(run.dir, 'config.json'), verified: true });
    expect(storedKey(run.dir)).toBe(KEY);
    expect(probes().slice(before)).toEqual([expect.objectContaining({ authorization: true })]);

    const human = await login(KEY);
    expect(human.stderr).toBe(`✔ key ${REDACTED} works; saved in ${join(human.dir, 'config.json')}\n`);
  });

  it('a key the API refuses is not stored (exit 3)', async () => {
    const run = await login('bad-key');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error: the API refused the key: authentication failed \(HTTP 401\)/);
    expect(run.stderr).toContain('hint: the key was not saved');
    expect(storedKey(run.dir)).toBeUndefined();
  });

  it('on Ark too (a 404 for the unknown task means the key was accepted)', async () => {
    const ark = { SEEDANCE_PROVIDER: 'ark', SEEDANCE_BASE_URL: `${s.sandbox.url}/api/v3` };
    expect((await login(KEY, [], ark)).code).toBe(0);
    expect((await login('bad-key', [], ark)).code).toBe(3);
  });

  it('a network failure says the key could not be checked, stores nothing, and exits 6', async () => {
    const run = await login(KEY, [], { SEEDANCE_BASE_URL: 'http://127.0.0.1:1' });
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/^error: could not check the key: /);
    expect(run.stderr).toContain('hint: the key was not saved; retry, or store it unchecked with --no-verify');
    expect(storedKey(run.dir)).toBeUndefined();
  });

  it('--no-verify stores the key without a request', async () => {
    const before = s.sandbox.stats.requests.length;
    const run = await login('bad-key', ['--no-verify', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ verified: false });
    expect(storedKey(run.dir)).toBe('bad-key');
    expect(s.sandbox.stats.requests.length).toBe(before);
  });
});

describe('auth status --verify', () => {
  it('says the configured key works, or exits 3 when the API refuses it', async () => {
    const good = await s.cli(['auth', 'status', '--verify']);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(
      /^key sk-….{4} from SEEDANCE_API_KEY \(gateway, http:\/\/127\.0\.0\.1:\d+\): it works\n$/,
    );
    const json = await s.cli(['auth', 'status', '--verify', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ key: REDACTED, verified: true });

    const bad = await s.cli(['auth', 'status', '--verify'], { env: { SEEDANCE_API_KEY: 'bad-key' } });
    expect(bad.code).toBe(3);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^error: the API refused the key: authentication failed \(HTTP 401\)/);
    // It was checked and refused: the hint names where the key came from, never "was not checked".
    expect(bad.stderr).toContain('hint: the key comes from SEEDANCE_API_KEY; check that it was copied whole');
    expect(bad.stderr).not.toContain('not checked');
  });

  it('without --verify sends nothing', async () => {
    const before = s.sandbox.stats.requests.length;
    expect((await s.cli(['auth', 'status'], { env: { SEEDANCE_API_KEY: 'bad-key' } })).code).toBe(0);
    expect(s.sandbox.stats.requests.length).toBe(before);
  });
});
