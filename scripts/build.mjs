// Bundles the CLI into dist/ with esbuild: one small entry plus lazily loaded chunks per command, so
// `seedance --help` does not pay for ky, conf, ora or cli-progress, and the runtime libraries ship inside
// the package (a first `npx seedance` downloads one tarball, no dependency tree).
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { build } from 'esbuild';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Built beside dist/ and swapped in, so a CLI started during a rebuild never finds dist/ half-written.
const dist = new URL('../dist', import.meta.url);
const next = new URL(`../dist.next-${process.pid}`, import.meta.url);
const old = new URL(`../dist.old-${process.pid}`, import.meta.url);

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: true,
  legalComments: 'linked',
  loader: { '.mp4': 'binary', '.png': 'binary' },
  define: { __SEEDANCE_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
};

const cli = {
  entryPoints: { cli: 'src/cli.ts' },
  outdir: next.pathname,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: true,
  legalComments: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // The sandbox's committed clips and their last frames (src/sandbox/assets), embedded as bytes.
  loader: { '.mp4': 'binary', '.png': 'binary' },
  define: { __SEEDANCE_VERSION__: JSON.stringify(pkg.version) },
  // Some bundled dependencies are CommonJS and call require() for Node built-ins (and every built-in goes through it,
  // see builtinsWithoutNamespace). getBuiltinModule: an ESM import of node:module builds its namespace (SourceMap…).
  banner: {
    js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
  },
  logLevel: 'warning',
  plugins: [lazyChildProcess(), builtinsWithoutNamespace()],
};
await build({ ...cli, plugins: [...cli.plugins, afterRun(await lazyTargets(cli))] });

// The library (`import … from 'seedance'`): ESM with its own lazily loaded chunks, and one CommonJS file for require().
const library = await build({
  ...shared,
  entryPoints: { index: 'src/index.ts' },
  outdir: next.pathname,
  splitting: true,
  format: 'esm',
  chunkNames: 'lib/[name]-[hash]',
  metafile: true,
  banner: {
    js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
  },
  plugins: [builtinsWithoutNamespace()],
});
await build({
  ...shared,
  entryPoints: { index: 'src/index.ts' },
  outdir: next.pathname,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  plugins: [builtinsWithoutNamespace()],
});
// What importing the library loads: its entry and the chunks it imports statically (test/lib/imports.test.ts).
writeFileSync(
  new URL('lib-loads.json', `${next.href}/`),
  `${JSON.stringify(staticInputs(library.metafile), null, 2)}\n`,
);
// `seedance --help` into a pipe, captured from the program just built (commander writes 80 columns there): the CLI
// prints this file for it without loading commander (src/cli.ts), and a terminal still gets commander's own.
const help = execFileSync(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `const m = await import(${JSON.stringify(new URL('cli.js', `${next.href}/`).href)}); process.exitCode = await m.main(['--help'], m.processIo());`,
  ],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
writeFileSync(new URL('help.txt', `${next.href}/`), help);
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.lib.json', '--outDir', `${next.pathname}/types`], {
  stdio: 'inherit',
});

try {
  renameSync(dist, old);
} catch {}
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });

// esbuild puts the code that several lazily imported modules share in a chunk per combination of importers: `seedance
// status` loaded 36 files, each costing ~0.4 ms on Node 24 (`npm run bench`, floors). In the CLI every module loads
// after src/run.ts (the one module src/cli.ts imports lazily), so each module our code imports lazily starts by
// importing run.ts too: every lazy chunk then reaches run.ts's whole graph, which has one set of importers and is one
// chunk (`status` loads 7 files). Costs nothing at run time: run.ts is loaded already when they are.
function afterRun(targets) {
  const run = new URL('../src/run.ts', import.meta.url).pathname;
  return {
    name: 'after-run',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!targets.has(args.path)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        return { contents: `import ${JSON.stringify(run)};\n${source}`, loader: 'ts' };
      });
    },
  };
}

/** The absolute paths of the src/ modules that src/ imports with `import()`, but run.ts (a first build, not written). */
async function lazyTargets(options) {
  const { metafile } = await build({ ...options, write: false, metafile: true });
  const root = new URL('..', import.meta.url);
  const targets = new Set();
  for (const input of Object.values(metafile.inputs)) {
    for (const { path, kind } of input.imports) {
      if (kind === 'dynamic-import' && path.startsWith('src/') && path !== 'src/run.ts') {
        targets.add(new URL(path, root).pathname);
      }
    }
  }
  return targets;
}

// commander requires node:child_process at load for executable subcommands, which seedance has none of; loading it
// costs every run (dgram, net sockets, spawn bindings: `npm run bench`), so commander gets it on first use.
function lazyChildProcess() {
  return {
    name: 'lazy-child-process',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
        /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
          ? { path: 'child_process', namespace: 'lazy' }
          : undefined,
      );
      pluginBuild.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
        contents:
          "let cp; module.exports = new Proxy({}, { get: (_, key) => (cp ??= require('node:child_process'))[key] });",
        loader: 'js',
      }));
    },
  };
}

// An ESM `import … from 'node:fs'` builds fs's module namespace, which reads every export, getters included:
// fs.promises and fs.ReadStream load fs/promises, fs streams, readline and the REPL history with them; node:net's
// loads its BlockList and SocketAddress, node:http's all of undici (`npm run bench`). Taken through require, a
// built-in's exports are read only where used. Every built-in our code imports goes that way (what a lazily loaded
// package imports stays as it is: a shim it shares would be one more chunk, see afterRun).
function builtinsWithoutNamespace() {
  const src = new URL('../src/', import.meta.url).pathname;
  const ourCode = (importer) => importer.startsWith(src);
  return {
    name: 'builtins-without-namespace',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^[a-z_/:]+$/ }, (args) =>
        args.kind === 'import-statement' && ourCode(args.importer) && isBuiltin(args.path)
          ? { path: args.path.replace(/^node:/, ''), namespace: 'required' }
          : undefined,
      );
      pluginBuild.onLoad({ filter: /.*/, namespace: 'required' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(`node:${args.path}`)});`,
        loader: 'js',
      }));
    },
  };
}

/** The source files of the library entry's output and of every chunk it imports statically (not `import()`). */
function staticInputs(metafile) {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((name) => /(^|[\\/])index\.js$/.test(name));
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const imported of outputs[name].imports)
      if (imported.kind === 'import-statement' && outputs[imported.path]) visit(imported.path);
  };
  visit(entry);
  return [...new Set([...seen].flatMap((name) => Object.keys(outputs[name].inputs)))].sort();
}
