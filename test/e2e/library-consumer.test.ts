import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { auditRun } from '../helpers/audit.js';
import { png } from '../helpers/images.js';
import { tempDir } from '../helpers/run-cli.js';
import { KEY, startTestSandbox } from '../helpers/sandbox.js';

const root = join(import.meta.dirname, '..', '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let consumer: string;
let examples: string[] = [];

// A Node project that installs the packed tarball and uses the library: from TypeScript (NodeNext and Bundler
// resolution, type-checked with the repo's tsc against the shipped .d.ts) and from CommonJS.
beforeAll(() => {
  const project = tempDir('seedance-project-');
  for (const name of ['src', 'node_modules']) symlinkSync(join(root, name), join(project, name));
  for (const name of ['package.json', '.npmignore', 'tsconfig.json', 'tsconfig.lib.json', 'README.md', 'LICENSE']) {
    cpSync(join(root, name), join(project, name));
  }
  for (const name of ['bin', 'schema', 'scripts']) cpSync(join(root, name), join(project, name), { recursive: true });
  const packDir = tempDir('seedance-pack-');
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], {
    cwd: project,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [info] = JSON.parse(out) as Array<{ filename: string }>;
  consumer = tempDir('seedance-consumer-');
  writeFileSync(join(consumer, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
  const install = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--offline', join(packDir, info?.filename ?? '')],
    { cwd: consumer, encoding: 'utf8' },
  );
  if (install.status !== 0) throw new Error(`npm install failed: ${install.stderr}`);
  // The README's examples, as a user would paste them: the generate one, and every other ts block of its section.
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const program = /<!-- library: generate -->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!program) throw new Error('README has no library example');
  const section = /^## Use from Node\.js\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  examples = [...section.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? '').filter((c) => c !== program);
  writeFileSync(join(consumer, 'nodenext.mts'), program);
  writeFileSync(join(consumer, 'bundler.ts'), program);
  examples.forEach((code, i) => {
    writeFileSync(join(consumer, `example-${i}.mts`), code);
    writeFileSync(join(consumer, `example-${i}.ts`), code);
  });
  // What the examples read.
  writeFileSync(join(consumer, 'first-frame.png'), png(1280, 720));
  const extra = (ext: string) => examples.map((_, i) => `example-${i}.${ext}`);
  const compilerOptions = {
    target: 'ES2022',
    strict: true,
    skipLibCheck: false,
    types: ['node'],
    typeRoots: [join(root, 'node_modules', '@types')],
  };
  writeFileSync(
    join(consumer, 'tsconfig.nodenext.json'),
    JSON.stringify({
      compilerOptions: { ...compilerOptions, module: 'NodeNext', moduleResolution: 'NodeNext', outDir: 'out' },
      files: ['nodenext.mts', ...extra('mts')],
    }),
  );
  writeFileSync(
    join(consumer, 'tsconfig.bundler.json'),
    JSON.stringify({
      compilerOptions: { ...compilerOptions, module: 'ESNext', moduleResolution: 'Bundler', noEmit: true },
      files: ['bundler.ts', ...extra('ts')],
    }),
  );
  writeFileSync(
    join(consumer, 'consumer.cjs'),
    `const { Seedance, NotFoundError } = require('seedance');
new Seedance()
  .generate({ prompt: 'a heron at dawn' }, { output: process.argv[2] })
  .then(({ task, path, sha256 }) => console.log(task.id, path, sha256, typeof NotFoundError));
`,
  );
}, 120_000);

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ renderMs: 0, videoBytes: 64 * 1024 });
});
afterAll(() => sandbox?.close());

/** Runs a consumer file; it prints `<id> <path> <sha256> …` on stdout. */
function run(file: string, output = '') {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SEEDANCE_BASE_URL: sandbox.url,
    SEEDANCE_API_KEY: KEY,
    SEEDANCE_CONFIG_DIR: tempDir(),
    // The sha256 on the hash worker (any size): it must run from the installed ESM and CommonJS builds.
    SEEDANCE_TEST_HASH: 'worker',
  };
  return new Promise<{ id: string; path: string; sha256: string; rest: string[]; stderr: string }>(
    (resolve, reject) => {
      execFile(process.execPath, [file, output], { cwd: consumer, env }, (error, stdout, stderr) => {
        auditRun(stdout, stderr, env.SEEDANCE_CONFIG_DIR);
        const [id = '', path = '', sha256 = '', ...rest] = stdout.trim().split(' ');
        error ? reject(new Error(`${file}: ${stderr}`)) : resolve({ id, path, sha256, rest, stderr });
      });
    },
  );
}

function expectVideo(result: { id: string; path: string; sha256: string }) {
  const expected = sandbox.videoDigest(result.id);
  expect(result.sha256).toBe(expected.sha256);
  expect(createHash('sha256').update(readFileSync(result.path)).digest('hex')).toBe(expected.sha256);
}

it('type-checks against the shipped .d.ts with moduleResolution Bundler', () => {
  const check = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.bundler.json'], { cwd: consumer, encoding: 'utf8' });
  expect(check.stdout).toBe('');
  expect(check.status).toBe(0);
});

it('compiles with moduleResolution NodeNext, and the program generates the video the sandbox rendered', async () => {
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.nodenext.json'], { cwd: consumer, encoding: 'utf8' });
  expect(build.stdout).toBe('');
  expect(build.status).toBe(0);
  const result = await run('out/nodenext.mjs');
  expectVideo(result);
  expect(result.path).toBe(join(consumer, 'fox.mp4'));
  const events = result.stderr.split('\n').map((line) => line.split(' ')[0]);
  expect(events).toEqual(expect.arrayContaining(['created', 'succeeded', 'downloading', 'downloaded']));
}, 60_000); // tsc alone takes 15-20 s on a busy 2-core machine

it("require('seedance') from CommonJS generates the same way", async () => {
  const result = await run('consumer.cjs', `${tempDir()}/`);
  expectVideo(result);
  expect(result.rest).toEqual(['function']);
});

it("every other example of the README's Node.js section runs against the sandbox (compiled above)", async () => {
  expect(examples.length).toBeGreaterThanOrEqual(2);
  for (const [i, code] of examples.entries()) {
    // The examples print `<file> <sha256>` (a saved video) or `<id> <status>` (a created task).
    const [first, second] = Object.values(await run(`out/example-${i}.mjs`));
    if (String(first).endsWith('.mp4')) {
      expect(
        createHash('sha256')
          .update(readFileSync(String(first)))
          .digest('hex'),
        code,
      ).toBe(second);
    } else {
      expect(second, code).toBe('queued');
    }
  }
}, 60_000);
