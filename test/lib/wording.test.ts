import { expect, it } from 'vitest';
import { libraryHint } from '../../src/lib/wording.js';

it("respells the CLI's flags in a hint as the library's options", () => {
  expect(libraryHint('use --force to overwrite, or -o to choose another path')).toBe(
    'use `force: true` to overwrite, or `output` to choose another path',
  );
  expect(libraryHint('choose the file with -o <path>')).toBe('choose the file with `output`');
  expect(libraryHint('retry later, or raise the limit with --request-timeout 60s')).toBe(
    'retry later, or raise the limit with `requestTimeout: 60_000`',
  );
  expect(libraryHint('check --base-url and the network (or HTTPS_PROXY)')).toBe(
    'check `baseUrl` and the network (or HTTPS_PROXY)',
  );
  expect(libraryHint('drop --priority, or use --provider ark/byteplus')).toBe(
    "drop `priority`, or use `provider: 'ark'` or `'byteplus'`",
  );
  // Not flags: a dash inside a word, a command to run, a task id.
  expect(libraryHint('run `seedance auth login`, or set SEEDANCE_API_KEY')).toBe(
    'run `seedance auth login`, or set SEEDANCE_API_KEY',
  );
  expect(libraryHint('see `seedance models --provider ark`, or drop --max-cost')).toBe(
    'see `seedance models --provider ark`, or drop `maxCost`',
  );
  expect(libraryHint('seedance wait cgt-1 --download')).toBe('seedance wait cgt-1 --download');
  expect(libraryHint('task cgt-20260101-o1 is re-run')).toBe('task cgt-20260101-o1 is re-run');
});
