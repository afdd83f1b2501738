import { expect, it } from 'vitest';
import { displayWidth } from '../../src/output/display-width.js';
import { tempDir } from '../helpers/run-cli.js';
import { useSandbox } from '../helpers/sandbox.js';

const s = useSandbox();

it('list cuts a CJK prompt by terminal columns: its rows are as wide as an ASCII prompt’s, never wider', async () => {
  const env = { SEEDANCE_CONFIG_DIR: tempDir() };
  const prompts = [
    '一只在天空中飞翔的圣诞兔子，雪花飘落，镜头缓慢推进，电影感，暖色调，细节丰富，背景是夜晚的城市',
    'A Christmas bunny flying in the sky over a snowy city at night, slow push-in, cinematic, warm tones',
  ];
  // Newest first: the ASCII prompt's row, then the CJK one's.
  for (const prompt of prompts) expect((await s.cli(['create', prompt], { env })).code).toBe(0);
  const run = await s.cli(['list'], { env });
  expect(run.code).toBe(0);
  const [, ascii, cjk] = run.stdout.trimEnd().split('\n');
  expect(cjk).toMatch(/…$/);
  expect(ascii).toMatch(/…$/);
  // Not a TTY: the prompt column is 60 columns wide; the CJK one may end a column short (no half character).
  expect(displayWidth(ascii as string) - displayWidth(cjk as string)).toBeLessThanOrEqual(1);
  expect(displayWidth(cjk as string)).toBeLessThanOrEqual(displayWidth(ascii as string));
});
