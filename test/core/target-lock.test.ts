import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockTarget } from '../../src/core/target.js';
import { tempDir } from '../helpers/run-cli.js';

const DEAD = 999_999;
/** Two "processes" in one: pids 1001 and 1002 are alive, DEAD is not. */
const alive = (pid: number) => pid !== DEAD;

describe('lockTarget', () => {
  it('a lock whose holder is dead is taken over, and holds the new pid', () => {
    const path = join(tempDir(), 'v.mp4');
    writeFileSync(`${path}.lock`, String(DEAD));
    const unlock = lockTarget(path, { pid: 1001, alive });
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe('1001');
    unlock();
    expect(readdirSync(join(path, '..'))).toEqual([]);
  });

  it('two processes taking over the same dead lock: one holds it, the other is refused (never both)', () => {
    const path = join(tempDir(), 'v.mp4');
    writeFileSync(`${path}.lock`, String(DEAD));
    let second: (() => void) | undefined;
    // 1001 has seen the dead lock; before it takes it over, 1002 sees it too and takes it over first.
    const first = () =>
      lockTarget(path, {
        pid: 1001,
        alive,
        onStale: () => {
          second ??= lockTarget(path, { pid: 1002, alive });
        },
      });
    expect(first).toThrow(/another seedance process \(pid 1002\)/);
    expect(second).toBeDefined();
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe('1002');
    // Nothing left aside: only the lock of the one holder.
    expect(readdirSync(join(path, '..'))).toEqual(['v.mp4.lock']);
  });

  it('an empty lock (an older seedance between creating it and writing its pid) is not deleted', () => {
    const path = join(tempDir(), 'v.mp4');
    writeFileSync(`${path}.lock`, '');
    expect(() => lockTarget(path, { pid: 1001, alive })).toThrow(/another seedance process/);
    expect(readdirSync(join(path, '..'))).toEqual(['v.mp4.lock']);
    // Still empty long after: its writer died between the two steps.
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path}.lock`, old, old);
    lockTarget(path, { pid: 1001, alive })();
  });

  it('a lock taken never reads empty: the pid is in it from the moment it exists', () => {
    const path = join(tempDir(), 'v.mp4');
    const seen: string[] = [];
    // The moment 1002 finds a lock in place, it reads what a racing process would read.
    writeFileSync(`${path}.lock`, String(DEAD));
    lockTarget(path, {
      pid: 1001,
      alive,
      onStale: () => seen.push(readFileSync(`${path}.lock`, 'utf8')),
    });
    expect(() => lockTarget(path, { pid: 1002, alive, onStale: () => seen.push('stale') })).toThrow(/pid 1001/);
    expect(seen).toEqual([String(DEAD)]);
  });

  it('release leaves a lock that is no longer ours alone', () => {
    const path = join(tempDir(), 'v.mp4');
    const unlock = lockTarget(path, { pid: 1001, alive });
    // Taken over as if 1001 had died (a lock of pid DEAD would be, too).
    writeFileSync(`${path}.lock`, '1002');
    unlock();
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe('1002');
  });
});
