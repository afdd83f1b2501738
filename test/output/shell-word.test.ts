import { expect, it } from 'vitest';
import { shellWord } from '../../src/output/sanitize.js';

it('hints quote a word only when a shell would split or expand it', () => {
  expect(shellWord('videos/fox.mp4')).toBe('videos/fox.mp4');
  expect(shellWord('http://127.0.0.1:8765/api/v3')).toBe('http://127.0.0.1:8765/api/v3');
  expect(shellWord('my fox.mp4')).toBe("'my fox.mp4'");
  expect(shellWord("it's $HOME")).toBe("'it'\\''s $HOME'");
});
