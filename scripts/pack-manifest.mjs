// `npm pack` ships package.json without its scripts (or allowScripts): none of them can run from the tarball (scripts/ is not
// shipped), and npm counts `prepare` of a tarball as an install script, so installing the .tgz warned about it.
// prepack: saves package.json aside and writes the stripped copy; postpack: puts the original back. A pack that died
// between the two is repaired by the next one.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const manifest = new URL('../package.json', import.meta.url);
const saved = new URL('../package.json.prepack', import.meta.url);

if (existsSync(saved)) renameSync(saved, manifest);
if (process.argv[2] === 'strip') {
  const text = readFileSync(manifest, 'utf8');
  // allowScripts approves the dev dependencies' install scripts (esbuild's) for `npm ci` here: not a user's concern.
  const { scripts, allowScripts, ...shipped } = JSON.parse(text);
  writeFileSync(saved, text);
  writeFileSync(manifest, `${JSON.stringify(shipped, null, 2)}\n`);
}
