import { Command } from 'commander';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  BATCH_ONLY_KEYS,
  type FieldsWithoutJobKey,
  JOB_KEYS,
  normalizeJobKey,
} from '../../../src/core/batch/job-keys.js';
import { canonical, parseJobLine, parseJobs } from '../../../src/core/batch/jobs.js';
import { defineCreate } from '../../../src/program/create.js';

describe('parseJobLine', () => {
  it('maps flag names in any case style to CreateInput fields, arrays kept', () => {
    expect(
      parseJobLine(
        JSON.stringify({
          id: 'fox',
          prompt: '  a fox  ',
          ratio: '16:9',
          duration: 5,
          camera_fixed: true,
          'return-last-frame': true,
          firstFrame: 'a.png',
          ref_image: ['b.png', 'c.png'],
          ref_video: 'https://x/v.mp4',
          tool: 'web-search',
          expires_after: '24h',
          set: { 'metadata.k': 1, note: 'x' },
          audio: false,
        }),
      ),
    ).toEqual({
      id: 'fox',
      input: {
        prompt: 'a fox',
        ratio: '16:9',
        duration: 5,
        cameraFixed: true,
        returnLastFrame: true,
        firstFrame: 'a.png',
        refImage: ['b.png', 'c.png'],
        refVideo: ['https://x/v.mp4'],
        tool: ['web-search'],
        expiresAfter: 86400,
        set: ['metadata.k=1', 'note=x'],
        audio: false,
      },
    });
  });

  it('a numeric string is read as a number; a body object is the base request, a string names its file', () => {
    expect(parseJobLine('{"prompt":"p","seed":"7","body":{"model":"m"}}')).toEqual({
      id: null,
      input: { prompt: 'p', seed: 7, base: { model: 'm' } },
    });
    expect(parseJobLine('{"prompt":"p","body":"base.json"}')).toEqual({
      id: null,
      input: { prompt: 'p' },
      bodyFile: 'base.json',
    });
  });

  it.each([
    ['{"prompt":', /^not valid JSON/],
    ['[1,2]', /a job is a JSON object/],
    ['{"duration":5}', /needs a "prompt"/],
    ['{"prompt":"  "}', /needs a "prompt"/],
    ['{"prompt":"p","colour":"red"}', /unknown key "colour"/],
    ['{"prompt":"p","wait":true}', /"wait" is a command-line option, not a job key/],
    ['{"prompt":"p","constructor":1}', /unknown key "constructor"/],
    ['{"prompt":"p","duration":"five"}', /duration must be a number/],
    ['{"prompt":"p","audio":"yes"}', /audio must be true or false/],
    ['{"prompt":"p","ref_image":[1]}', /ref_image must be a string or an array of strings/],
    ['{"prompt":"p","set":["nokey"]}', /set must be/],
    ['{"prompt":"p","expires_after":"2m"}', /expires-after must be between 1h and 72h/],
    ['{"prompt":"p","id":"../etc"}', /id must be a file-name-safe string/],
  ])('%s → %s', (line, message) => {
    const parsed = parseJobLine(line);
    expect('error' in parsed && parsed.error).toMatch(message);
  });
});

describe('parseJobs', () => {
  it('numbers lines from 1, skips blank and # lines, reports each bad line', () => {
    const { jobs, errors } = parseJobs('\uFEFF# header\r\n{"prompt":"a"}\n\n{"prompt":\n{"id":"x","prompt":"b"}\n');
    expect(jobs.map((job) => [job.line, job.id])).toEqual([
      [2, null],
      [5, 'x'],
    ]);
    expect(errors).toEqual([{ line: 4, message: expect.stringMatching(/^not valid JSON/) }]);
  });

  it('an id is the key; otherwise the content is, repeats numbered, key order irrelevant', () => {
    const { jobs, errors } = parseJobs(
      [
        '{"id":"a","prompt":"p"}',
        '{"prompt":"p","ratio":"1:1"}',
        '{"ratio":"1:1","prompt":"p"}',
        '{"id":"a","prompt":"q"}',
      ].join('\n'),
    );
    expect(errors).toEqual([{ line: 4, message: 'id "a" is already used on line 1' }]);
    const [a, first, second] = jobs;
    expect(a?.key).toBe('a');
    expect(first?.key).toMatch(/^#[0-9a-f]{16}$/);
    expect(second?.key).toBe(`${first?.key}.2`);
    expect(second?.hash).toBe(first?.hash);
  });

  it('canonical JSON sorts keys at every depth', () => {
    expect(canonical({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 3 } })).toBe('{"a":{"c":3,"d":[2,{"y":2,"z":1}]},"b":1}');
  });
});

describe('job keys', () => {
  it('every CreateInput field has a job key (checked by tsc)', () => {
    expectTypeOf<FieldsWithoutJobKey>().toEqualTypeOf<never>();
  });

  it('every create option is a job key or a batch-wide option', () => {
    const program = new Command();
    defineCreate(program.command('create'), () => {});
    const create = program.commands.find((command) => command.name() === 'create') as Command;
    const keys = create.options.map((option) => normalizeJobKey((option.long as string).replace(/^--(no-)?/, '')));
    const missing = keys.filter((key) => !(key in JOB_KEYS) && !BATCH_ONLY_KEYS.has(key));
    expect(missing).toEqual([]);
  });

  it.each([
    ['ref_image', 'ref-image'],
    ['refImage', 'ref-image'],
    ['camera-fixed', 'camera-fixed'],
    ['returnLastFrame', 'return-last-frame'],
  ])('%s → %s', (key, normalized) => {
    expect(normalizeJobKey(key)).toBe(normalized);
  });
});
