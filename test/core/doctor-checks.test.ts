import { describe, expect, it } from 'vitest';
import type { ConfigFacts } from '../../src/config/inspect.js';
import {
  checkClock,
  checkConfig,
  checkHistory,
  checkKey,
  checkNode,
  doctorExitCode,
} from '../../src/core/doctor-checks.js';

describe('checkNode', () => {
  it.each([
    ['20.19.0', 'ok'],
    ['20.20.2', 'ok'],
    ['22.1.0', 'ok'],
    ['v24.0.0', 'ok'],
    ['20.18.3', 'failed'],
    ['18.20.0', 'failed'],
  ])('%s → %s', (version, status) => {
    expect(checkNode(version).status).toBe(status);
  });
});

describe('checkConfig', () => {
  const facts = (over: Partial<ConfigFacts>): ConfigFacts => ({
    path: '/home/u/.config/seedance/config.json',
    exists: true,
    keys: 1,
    invalid: [],
    unknown: [],
    fileMode: 0o600,
    dirMode: 0o700,
    ...over,
  });

  it('passes a private file, and no file at all', () => {
    expect(checkConfig(facts({}), 'linux').status).toBe('ok');
    expect(checkConfig(facts({ exists: false, fileMode: undefined, dirMode: undefined }), 'linux').status).toBe('ok');
  });

  it('fails a file or directory others can read, except on Windows (no such modes)', () => {
    expect(checkConfig(facts({ fileMode: 0o640 }), 'linux')).toMatchObject({ status: 'failed', exitCode: 2 });
    expect(checkConfig(facts({ dirMode: 0o755 }), 'darwin').status).toBe('failed');
    expect(checkConfig(facts({ fileMode: 0o666, dirMode: 0o777 }), 'win32').status).toBe('ok');
  });

  it('warns about unknown keys, fails invalid values', () => {
    expect(checkConfig(facts({ unknown: ['colour'] }), 'linux').status).toBe('warning');
    expect(checkConfig(facts({ invalid: ['ratio: bad'] }), 'linux').status).toBe('failed');
  });
});

describe('checkKey', () => {
  it('shows the key redacted and where it came from; no key is exit 3', () => {
    expect(checkKey('sk-abcdefghijklmnop', 'config file', 'X').detail).toBe('sk-…mnop from config file');
    expect(checkKey(undefined, undefined, 'SEEDANCE_API_KEY')).toMatchObject({ status: 'failed', exitCode: 3 });
  });
});

describe('checkClock', () => {
  const server = 'Wed, 25 Nov 2026 12:00:00 GMT';
  const at = Date.parse(server);
  it.each([
    [at + 500, 'ok'],
    [at + 60_000, 'ok'],
    [at + 61_000, 'warning'],
    [at - 61_000, 'warning'],
  ])('local %i → %s', (local, status) => {
    expect(checkClock(server, local).status).toBe(status);
  });

  it('is skipped without a readable Date header', () => {
    expect(checkClock(undefined, at).status).toBe('skipped');
    expect(checkClock('yesterday-ish', at).status).toBe('skipped');
  });
});

describe('doctorExitCode', () => {
  const check = (status: 'ok' | 'failed' | 'warning', exitCode?: 2 | 3 | 6) => ({
    name: 'x',
    status,
    detail: '',
    exitCode,
  });
  it('is 0 when nothing failed (warnings allowed)', () => {
    expect(doctorExitCode([check('ok'), check('warning')])).toBe(0);
  });
  it('prefers the first specific code over 2', () => {
    expect(doctorExitCode([check('failed', 2), check('failed', 6), check('failed', 3)])).toBe(6);
    expect(doctorExitCode([check('failed', 2), check('ok')])).toBe(2);
  });
});

describe('checkConfig and checkHistory: a place seedance cannot write fails, with the fix', () => {
  const facts: ConfigFacts = {
    path: '/gone/.config/seedance/config.json',
    exists: false,
    keys: 0,
    invalid: [],
    unknown: [],
  };

  it('config', () => {
    expect(checkConfig(facts, 'linux', 'the home directory /gone does not exist')).toMatchObject({
      status: 'failed',
      exitCode: 2,
      detail: expect.stringMatching(
        /^cannot write \/gone\/.*config\.json: the home directory \/gone does not exist; set SEEDANCE_CONFIG_DIR/,
      ),
    });
    expect(checkConfig(facts, 'linux').status).toBe('ok');
  });

  it('history', () => {
    expect(checkHistory('/h/history.jsonl', undefined)).toEqual({
      name: 'history',
      status: 'ok',
      detail: '/h/history.jsonl',
    });
    expect(checkHistory('/h/history.jsonl', 'EACCES (permission denied)')).toMatchObject({
      status: 'failed',
      exitCode: 2,
      detail: expect.stringMatching(/EACCES \(permission denied\); creates are refused .*SEEDANCE_CONFIG_DIR/),
    });
  });
});
