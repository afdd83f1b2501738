import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import type { ConfigValues } from '../../src/config/store.js';
import type { Param } from '../../src/core/params/table.js';

/** Parses a create command line with the real flags and returns the options commander hands to the command. */
async function options(argv: string[]): Promise<Record<string, unknown>> {
  const { defineCreate } = await import('../../src/program/create.js');
  const program = new Command().exitOverride();
  defineCreate(program.command('create').argument('[prompt]'), () => {});
  await program.parseAsync(['create', 'a fox', ...argv], { from: 'user' });
  const create = program.commands.find((command) => command.name() === 'create') as Command;
  return create.opts();
}

async function body(argv: string[], defaults: ConfigValues = {}) {
  const { buildCreateBody } = await import('../../src/core/request.js');
  const { prompt: _, ...input } = { prompt: 'a fox', ...(await options(argv)) };
  return buildCreateBody({ prompt: 'a fox', ...input }, defaults, 'sd2.0');
}

describe('argv → options → body, for every row of the parameter table', () => {
  it.each<[string[], Record<string, unknown>]>([
    [['-r', '9:16'], { ratio: '9:16' }],
    [['--duration', '30'], { duration: 30 }],
    [['-d', '-1'], { duration: -1 }],
    [['--frames', '49'], { frames: 49 }],
    [['--resolution', '1080P'], { resolution: '1080p' }],
    [['--audio'], { generate_audio: true }],
    [['--no-audio'], { generate_audio: false }],
    [['--watermark'], { watermark: true }],
    [['--no-watermark'], { watermark: false }],
    [['--seed', '42'], { seed: 42 }],
    [['--camera-fixed'], { camera_fixed: true }],
    [['--return-last-frame'], { return_last_frame: true }],
    [['--callback-url', 'https://h.example/cb/'], { callback_url: 'https://h.example/cb/' }],
    [['--service-tier', 'flex'], { service_tier: 'flex' }],
    [['--expires-after', '2h'], { execution_expires_after: 7200 }],
    [['--draft'], { draft: true }],
    [['--priority', '5'], { priority: 5 }],
    [['--output-format', 'MOV'], { output_format: 'mov' }],
    [['--tool', 'web-search', '--tool', 'web-search'], { tools: [{ type: 'web_search' }] }],
    [['--safety-id', 'u-1'], { safety_identifier: 'u-1' }],
  ])('%j', async (argv, expected) => {
    const { model: _m, content: _c, ...fields } = await body(argv);
    expect(fields).toEqual(expected);
  });

  it('values are typed where they enter: commander hands numbers and lists, not strings', async () => {
    expect(await options(['-d', '5', '--seed', '7', '--tool', 'web-search', '--expires-after', '1h'])).toMatchObject({
      duration: 5,
      seed: 7,
      tool: ['web-search'],
      expiresAfter: 3600,
    });
  });

  it('config defaults by the same keys; flags win; a default the model rejects is left out', async () => {
    const defaults = { ratio: '1:1', 'expires-after': '24h', tool: 'web-search', 'camera-fixed': 'true' };
    const { model: _m, content: _c, ...fields } = await body(['-r', '16:9', '-m', '1.5-pro'], defaults);
    expect(fields).toEqual({
      ratio: '16:9',
      execution_expires_after: 86400,
      tools: [{ type: 'web_search' }],
      camera_fixed: true,
    });
    expect((await body([], defaults)).camera_fixed).toBeUndefined();
  });
});

describe('a batch line is parsed where it enters, by the same rows', () => {
  it.each<[string, Record<string, unknown> | RegExp]>([
    [
      '{"prompt":"p","resolution":"4K","output_format":"MOV","tool":"web-search"}',
      { resolution: '4k', outputFormat: 'mov', tool: ['web-search'] },
    ],
    ['{"prompt":"p","expires_after":7200,"priority":"3"}', { expiresAfter: 7200, priority: 3 }],
    ['{"prompt":"p","ratio":"5:4"}', /ratio must be one of/],
    ['{"prompt":"p","duration":40}', /duration must be between 2 and 30 or -1, got 40/],
    ['{"prompt":"p","priority":10}', /priority must be between 0 and 9/],
    ['{"prompt":"p","callback_url":"ftp://h"}', /callback-url must be an http\(s\) URL/],
  ])('%s', async (text, expected) => {
    const { parseJobLine } = await import('../../src/core/batch/jobs.js');
    const line = parseJobLine(text);
    if (expected instanceof RegExp) expect('error' in line && line.error).toMatch(expected);
    else expect('input' in line && line.input).toMatchObject(expected);
  });
});

describe('one row is one parameter everywhere', () => {
  it('a made-up row gives a flag, a config key, a batch job key and a body field with no other edit', async () => {
    vi.resetModules();
    const table = await import('../../src/core/params/table.js');
    const row: Param<number> = {
      key: 'motion-level',
      body: 'motion_level',
      arg: '<n>',
      help: 'how much things move (made up)',
      kind: 'number',
      parse: (text) => {
        const n = Number(text);
        if (!Number.isInteger(n) || n < 1 || n > 3) throw new Error(`motion-level must be 1-3, got "${text}"`);
        return n;
      },
      config: 'default --motion-level',
    };
    (table.PARAMS as unknown as Param[]).push(row as Param);
    try {
      const { CONFIG_KEYS, parseConfigValue } = await import('../../src/config/keys.js');
      const { JOB_KEYS } = await import('../../src/core/batch/job-keys.js');
      const { parseJobLine } = await import('../../src/core/batch/jobs.js');
      const { prepareCreateBody } = await import('../../src/core/request.js');

      expect((await options(['--motion-level', '2'])).motionLevel).toBe(2);
      await expect(options(['--motion-level', '9'])).rejects.toThrow(/motion-level must be 1-3/);
      expect(CONFIG_KEYS['motion-level']?.description).toBe('default --motion-level');
      expect(parseConfigValue('motion-level', '3')).toBe(3);
      expect(JOB_KEYS).toHaveProperty('motion-level', { field: 'motionLevel', kind: 'number' });

      const line = parseJobLine('{"prompt": "a fox", "motion_level": 1}');
      if ('error' in line) throw new Error(line.error);
      expect(await prepareCreateBody(line.input, {}, 'sd2.0')).toMatchObject({ motion_level: 1 });
      expect(await prepareCreateBody({ prompt: 'x' }, { 'motion-level': 3 }, 'sd2.0')).toMatchObject({
        motion_level: 3,
      });
      const flagged = await options(['--motion-level', '2']);
      expect(await prepareCreateBody({ prompt: 'x', ...flagged }, {}, 'sd2.0')).toMatchObject({ motion_level: 2 });
      await expect(prepareCreateBody({ prompt: 'x', set: ['motion_level=7'] }, {}, 'sd2.0')).rejects.toThrow(
        /--set motion_level=7: motion_level must be 1-3/,
      );
    } finally {
      (table.PARAMS as unknown as Param[]).pop();
      vi.resetModules();
    }
  });
});
