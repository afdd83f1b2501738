#!/usr/bin/env node
// Node >= 22.1 can keep V8's compiled code of dist/ for the next run (in os.tmpdir()/node-compile-cache, unless
// NODE_COMPILE_CACHE chose a place). It reports rather than throws when it cannot write there, but Node 22 and 24
// spin forever when that folder's parent cannot be created (TMPDIR=/proc/x), hence the check that tmpdir is a
// folder. getBuiltinModule, not `import 'node:fs'`: an ESM import of fs loads fs/promises and readline with it.
const { enableCompileCache } = process.getBuiltinModule('node:module');
if (enableCompileCache) {
  const tmp = process.getBuiltinModule('node:os').tmpdir();
  if (process.getBuiltinModule('node:fs').statSync(tmp, { throwIfNoEntry: false })?.isDirectory()) enableCompileCache();
}
const { main, processIo } = await import('../dist/cli.js');

process.exitCode = await main(process.argv.slice(2), processIo());
// Once the result is out, end now: after an HTTP request Node's exit otherwise lingers ~70 ms with nothing left
// to do (measured in `npm run bench`). Flush both streams first so a pipe reader gets every byte.
const flushed = (stream) => new Promise((resolve) => stream.write('', resolve));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit();
