import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../../src/core/batch/jobs.js';
import { changedSinceState, planJob } from '../../../src/core/batch/plan.js';
import { parseState, reduceState, StateFile, type StateRecord } from '../../../src/core/batch/state.js';

const at = '2026-11-25T12:00:00.000Z';
const err = { code: 'x', message: 'm', exit_code: 6 };
const intent = (job: string, hash = 'h'): StateRecord => ({ type: 'intent', job, line: 1, hash, at });
const created = (job: string, id: string): StateRecord => ({
  type: 'created',
  job,
  id,
  at,
  status: 'queued',
  base_url: 'http://s',
});

describe('reduceState', () => {
  it('follows each job through intent, created, ended and saved', () => {
    const jobs = reduceState([
      intent('a'),
      created('a', 't1'),
      { type: 'ended', job: 'a', id: 't1', at, status: 'succeeded', error: null },
      { type: 'saved', job: 'a', id: 't1', at, path: '/o/a.mp4', bytes: 3, sha256: 'ff' },
      intent('b'),
      intent('c'),
      { type: 'unknown', job: 'c', at, error: err },
      intent('d'),
      { type: 'rejected', job: 'd', at, error: err },
    ]);
    expect(jobs.get('a')).toMatchObject({
      phase: 'created',
      id: 't1',
      createdStatus: 'queued',
      createdAt: Date.parse(at),
      ended: { status: 'succeeded', error: null },
      file: { path: '/o/a.mp4', bytes: 3, sha256: 'ff' },
    });
    expect(jobs.get('b')).toMatchObject({ phase: 'intent', id: null });
    expect(jobs.get('c')).toMatchObject({ phase: 'unknown', error: err });
    expect(jobs.get('d')).toMatchObject({ phase: 'rejected' });
  });

  it('a new intent after a refusal starts over', () => {
    const jobs = reduceState([intent('a', 'h1'), { type: 'rejected', job: 'a', at, error: err }, intent('a', 'h2')]);
    expect(jobs.get('a')).toMatchObject({ phase: 'intent', hash: 'h2', error: null });
  });

  it('skips an unreadable line (a crash mid-write) with a warning', () => {
    const warnings: string[] = [];
    const records = parseState(`${JSON.stringify(intent('a'))}\n{"type":"crea`, (m) => warnings.push(m), 's.jsonl');
    expect(records).toHaveLength(1);
    expect(warnings).toEqual(['skipping unreadable line 2 of s.jsonl']);
  });
});

describe('StateFile', () => {
  it('appends lines, reads them back, and locks the file for the run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-'));
    const path = join(dir, 'jobs.state.jsonl');
    const { file } = StateFile.open(path, () => {});
    file.append(intent('a'));
    file.append(created('a', 't1'));
    expect(existsSync(`${path}.lock`)).toBe(true);
    expect(() => StateFile.open(path, () => {})).toThrow(/already being downloaded|another seedance batch/);
    file.close();
    const again = StateFile.open(path, () => {});
    expect(again.jobs.get('a')?.id).toBe('t1');
    again.file.close();
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('a lock left by a dead process is taken over', () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-'));
    const path = join(dir, 's.jsonl');
    writeFileSync(`${path}.lock`, '999999999');
    const { file } = StateFile.open(path, () => {});
    file.close();
  });
});

describe('planJob', () => {
  const mode = { wait: true, download: true, recreateUnknown: false };
  const state = (records: StateRecord[]) => reduceState(records).get('a');
  const exists = () => true;

  it.each([
    ['nothing on record', [], mode, 'create'],
    ['refused before', [intent('a'), { type: 'rejected', job: 'a', at, error: err }], mode, 'create'],
    ['sent, no answer on record', [intent('a')], mode, 'unknown'],
    ['outcome unknown', [intent('a'), { type: 'unknown', job: 'a', at, error: err }], mode, 'unknown'],
    ['outcome unknown, --recreate-unknown', [intent('a')], { ...mode, recreateUnknown: true }, 'create'],
    ['created, waiting', [intent('a'), created('a', 't')], mode, 'wait'],
    ['created, no --wait', [intent('a'), created('a', 't')], { ...mode, wait: false, download: false }, 'report'],
    [
      'failed',
      [intent('a'), created('a', 't'), { type: 'ended', job: 'a', id: 't', at, status: 'failed', error: err }],
      mode,
      'report',
    ],
    [
      'succeeded, not saved',
      [intent('a'), created('a', 't'), { type: 'ended', job: 'a', id: 't', at, status: 'succeeded', error: null }],
      mode,
      'wait',
    ],
  ] as const)('%s → %s', (_name, records, m, step) => {
    expect(planJob(state([...records]), m, exists)).toBe(step);
  });

  it('a saved video is done unless its file went missing', () => {
    const records: StateRecord[] = [
      intent('a'),
      created('a', 't'),
      { type: 'ended', job: 'a', id: 't', at, status: 'succeeded', error: null },
      { type: 'saved', job: 'a', id: 't', at, path: '/o/a.mp4', bytes: 1, sha256: 'f' },
    ];
    expect(planJob(state(records), mode, () => true)).toBe('report');
    expect(planJob(state(records), mode, () => false)).toBe('wait');
  });

  it('refuses a job whose content changed under its task', () => {
    const job = { key: 'a', id: 'a', hash: 'new' } as Job;
    expect(changedSinceState(job, state([intent('a', 'old'), created('a', 't')]))).toMatch(
      /job "a" changed since task t was created/,
    );
    expect(changedSinceState(job, state([intent('a', 'new'), created('a', 't')]))).toBeNull();
    expect(
      changedSinceState(job, state([intent('a', 'old'), { type: 'rejected', job: 'a', at, error: err }])),
    ).toBeNull();
  });
});
