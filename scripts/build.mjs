// Bundles the CLI into dist/ with esbuild: one small entry plus lazily loaded chunks per command, so
// `seedance --help` does not pay for ky, conf, ora or cli-progress, and the runtime libraries ship inside
// the package (a first `npx seedance` downloads one tarball, no dependency tree).
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Built beside dist/ and swapped in, so a CLI started during a rebuild never finds dist/ half-written.
const dist = new URL('../dist', import.meta.url);
const next = new URL(`../dist.next-${process.pid}`, import.meta.url);
const old = new URL(`../dist.old-${process.pid}`, import.meta.url);

await build({
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
  // Some bundled dependencies are CommonJS and call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

try {
  renameSync(dist, old);
} catch {}
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
