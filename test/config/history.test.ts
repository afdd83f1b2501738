import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { History } from '../../src/config/history.js';
import { tempDir } from '../helpers/run-cli.js';

const at = '2026-11-25T12:00:00.000Z';

it('merges the journal lines of a task and skips a corrupt line with a warning', () => {
  const dir = tempDir();
  const warnings: string[] = [];
  const history = new History(dir, (m) => warnings.push(m));
  const intent = {
    type: 'intent',
    local_id: 'l1',
    at,
    provider: 'gateway',
    base_url: 'u',
    model: 'm',
    prompt: 'p',
    request_hash: 'h',
  } as const;
  history.append(intent);
  history.append({ type: 'created', local_id: 'l1', id: 'cgt-1', at, status: 'queued' });
  appendFileSync(join(dir, 'history.jsonl'), '{not json\n');
  history.append({ ...intent, local_id: 'l2' });
  history.append({ type: 'unknown', local_id: 'l2', at, message: 'reset' });
  history.append({ type: 'status', id: 'cgt-1', at, status: 'succeeded', video_url: 'https://v' });
  history.append({ type: 'file', id: 'cgt-1', at, path: '/x.mp4', bytes: 3, sha256: 'abc' });

  const entries = history.entries();
  expect(entries).toHaveLength(2);
  expect(entries[0]).toMatchObject({
    id: 'cgt-1',
    outcome: 'created',
    status: 'succeeded',
    video_url: 'https://v',
    files: [{ path: '/x.mp4' }],
  });
  expect(entries[1]).toMatchObject({ id: null, outcome: 'unknown' });
  expect(history.last()?.id).toBe('cgt-1');
  expect(warnings).toEqual([expect.stringContaining('line 3 of')]);
});

it('an absent history is empty', () => {
  expect(new History(tempDir(), () => {}).entries()).toEqual([]);
});
