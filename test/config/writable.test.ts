import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { History } from '../../src/config/history.js';
import { dirProblem, ensureDir, fileProblem } from '../../src/config/writable.js';
import { EXIT } from '../../src/exit-codes.js';
import { tempDir } from '../helpers/run-cli.js';

describe('dirProblem / fileProblem (create nothing)', () => {
  it('a missing directory that can be created is fine; a missing home is not', () => {
    const base = tempDir();
    expect(dirProblem(join(base, 'a', 'b'), undefined)).toBeUndefined();
    expect(dirProblem(join(base, 'gone', '.config'), join(base, 'gone'))).toBe(
      `the home directory ${join(base, 'gone')} does not exist`,
    );
    // A home elsewhere does not matter.
    expect(dirProblem(join(base, 'x'), join(base, 'gone'))).toBeUndefined();
  });

  it('a regular file on the way is ENOTDIR; history.jsonl as a directory is EISDIR', () => {
    const base = tempDir();
    writeFileSync(join(base, 'file'), '');
    expect(dirProblem(join(base, 'file', 'seedance'), undefined)).toBe(
      `${join(base, 'file')} is not a directory (ENOTDIR)`,
    );
    mkdirSync(join(base, 'history.jsonl'));
    expect(fileProblem(join(base, 'history.jsonl'), undefined)).toBe(
      `${join(base, 'history.jsonl')} is a directory (EISDIR)`,
    );
    expect(fileProblem(join(base, 'other.jsonl'), undefined)).toBeUndefined();
  });
});

describe('ensureDir', () => {
  it('exit 2 with the fix; exit 3 for the key store', () => {
    const file = join(tempDir(), 'file');
    writeFileSync(file, '');
    const attempt = (keyStore: boolean) => {
      try {
        ensureDir(file, undefined, 'the config file', keyStore);
      } catch (error) {
        return error as { exitCode: number; message: string; hint: string };
      }
    };
    expect(attempt(false)).toMatchObject({ exitCode: EXIT.USAGE, hint: expect.stringMatching(/SEEDANCE_CONFIG_DIR/) });
    expect(attempt(true)?.exitCode).toBe(EXIT.AUTH);
    expect(attempt(false)?.message).toBe(
      `cannot write the config file in ${file}: ${file} is not a directory (ENOTDIR)`,
    );
  });
});

describe('History', () => {
  it('append throws a usage error naming the journal; appendOrWarn warns instead', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'history.jsonl'));
    const warnings: string[] = [];
    const history = new History(dir, (message) => warnings.push(message));
    const record = { type: 'status', id: 'cgt-1', at: '2026-01-01T00:00:00Z', status: 'running' } as const;
    expect(() => history.append(record)).toThrow(`cannot write the history ${join(dir, 'history.jsonl')}: EISDIR`);
    history.appendOrWarn(record);
    expect(warnings).toEqual([expect.stringMatching(/^cannot write the history .*EISDIR/)]);
  });
});
