import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run-cli.js';
import { useSandbox } from '../helpers/sandbox.js';

// The sandbox answers a create whose prompt holds `#id-…` with that id (src/sandbox/directives.ts): a server that
// sends ids which would escape a directory, a request path or a terminal.
const s = useSandbox();

/** Every file and directory under `root`, relative to it. */
function tree(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((entry) => relative(root, join(root, entry)))
    .sort();
}

/** A working directory one level down, so `out/../../escape.mp4` would land inside `root`, where the test looks. */
function nestedCwd(): { root: string; cwd: string } {
  const root = tempDir();
  const cwd = join(root, 'work');
  mkdirSync(cwd);
  return { root, cwd };
}

function journal(dir: string): Array<Record<string, unknown>> {
  return readFileSync(join(dir, 'history.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('a task id from the server is used only if plausible', () => {
  it('create -o out/ against the id ../../escape writes nothing anywhere, exits 6 and journals outcome-unknown', async () => {
    const { root, cwd } = nestedCwd();
    const config = tempDir();
    const requests = s.sandbox.stats.requests.length;
    const run = await s.cli(['create', 'a fox #id-traversal', '-o', 'out/'], {
      cwd,
      env: { SEEDANCE_CONFIG_DIR: config },
    });
    expect(run.code).toBe(6);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error: the API returned an unusable task id "../../escape"');
    expect(run.stderr).toMatch(/the task may exist/);
    // The create, and nothing after it: no status poll, no download, no file.
    expect(s.sandbox.stats.requests.slice(requests).map((r) => r.method)).toEqual(['POST']);
    expect(tree(root)).toEqual(['work']);
    const lines = journal(config);
    expect(lines.map((line) => line.type)).toEqual(['intent', 'unknown']);
    expect(lines[1]).toMatchObject({ returned_id: '"../../escape"' });
    expect(lines[1]?.message).toContain('unusable task id "../../escape"');
    const list = await s.cli(['list', '--json'], { env: { SEEDANCE_CONFIG_DIR: config } });
    expect(JSON.parse(list.stdout)).toMatchObject([{ id: null, outcome: 'unknown' }]);
  });

  it.each([
    ['#id-ansi', '"cgt-\\u001b[31mred"'],
    ['#id-newline', '"cgt-1\\ncgt-2"'],
  ])('create answered with the id of %s: exit 6, stdout empty, the id shown escaped', async (directive, escaped) => {
    const config = tempDir();
    for (const json of [false, true]) {
      const run = await s.cli(['create', `a fox ${directive}`, ...(json ? ['--json'] : [])], {
        env: { SEEDANCE_CONFIG_DIR: config },
      });
      expect(run.code).toBe(6);
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toMatch(/\u001b/);
      if (json) expect(JSON.parse(run.stderr).error.message).toContain(`unusable task id ${escaped}`);
      else expect(run.stderr).toContain(`error: the API returned an unusable task id ${escaped};`);
    }
    const unknown = journal(config).filter((line) => line.type === 'unknown');
    expect(unknown).toHaveLength(2);
    for (const line of unknown) expect(line.returned_id).toBe(escaped);
  });

  it('a 300-character id is refused, shown cut with its length', async () => {
    const run = await s.cli(['create', 'a fox #id-long']);
    expect(run.code).toBe(6);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/unusable task id "cgt-x{196}"… \(300 characters\)/);
  });

  it('create --wait -o never polls or saves under an unusable id', async () => {
    const { root, cwd } = nestedCwd();
    const run = await s.cli(['create', 'a fox #id-traversal', '--wait', '-o', 'out/'], { cwd });
    expect(run.code).toBe(6);
    expect(run.stdout).toBe('');
    expect(tree(root)).toEqual(['work']);
  });

  it('a status response whose id holds an escape sequence: exit 6, stdout empty, nothing stripped', async () => {
    await s.cli(['create', 'a fox #id-ansi']);
    // The user typed the id with the escape; the server answers it back: it is still not usable.
    const run = await s.cli(['status', 'cgt-\u001b[31mred']);
    expect(run.code).toBe(6);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('unusable task id "cgt-\\u001b[31mred"');
    const path = s.sandbox.stats.requests.at(-1)?.path;
    expect(path).toBe('/v1/video/generations/cgt-%1B%5B31mred');
  });

  it('wait stops at once on an unusable id instead of polling until the timeout', async () => {
    await s.cli(['create', 'a fox #id-ansi']);
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['wait', 'cgt-\u001b[31mred', '--timeout', '10m']);
    expect(run.code).toBe(6);
    expect(run.stdout).toBe('');
    expect(s.sandbox.stats.requests.length - before).toBe(1);
  });

  it('list --remote with an unusable id among the items exits 6 and prints no list', async () => {
    await s.cli(['--provider', 'ark', '--base-url', `${s.sandbox.url}/api/v3`, 'create', 'a fox #id-newline']);
    const run = await s.cli(['--provider', 'ark', '--base-url', `${s.sandbox.url}/api/v3`, 'list', '--remote']);
    expect(run.code).toBe(6);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('unusable task id "cgt-1\\ncgt-2"');
  });
});

describe('ids in request paths', () => {
  it.each([
    ['..', 2],
    ['.', 2],
  ])('status %j is refused before any request (a dot segment would reach another route)', async (id, code) => {
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['status', id]);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain('is not a task id');
    expect(s.sandbox.stats.requests.length).toBe(before);
  });

  it('an id with URL syntax in it stays one encoded path segment', async () => {
    const before = s.sandbox.stats.requests.length;
    const run = await s.cli(['status', 'cgt-%2e%2e;x=1&y']);
    expect(run.code).toBe(7);
    expect(s.sandbox.stats.requests.slice(before).map((r) => r.path)).toEqual([
      '/v1/video/generations/cgt-%252e%252e%3Bx%3D1%26y',
    ]);
  });
});
