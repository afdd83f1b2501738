import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** Imports the sandbox's committed .mp4/.png as bytes, as the build's esbuild binary loader does. */
const binaryAssets: Plugin = {
  name: 'binary-assets',
  enforce: 'pre',
  load(id) {
    if (!/\/src\/sandbox\/assets\/[^/]+\.(mp4|png)$/.test(id)) return null;
    const base64 = readFileSync(id).toString('base64');
    return `export default new Uint8Array(Buffer.from(${JSON.stringify(base64)}, 'base64'));`;
  },
};

export default defineConfig({
  plugins: [binaryAssets],
  define: { __SEEDANCE_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ['test/**/*.test.ts'],
    // Scans every CLI output of the suite for the test key, and every sandbox for Authorization sent to storage.
    globalSetup: ['test/helpers/audit-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    coverage: { include: ['src/**/*.ts'] },
  },
});
