import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
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
