import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { tempDir } from '../helpers/run-cli.js';
import { useSandbox } from '../helpers/sandbox.js';

const s = useSandbox({ renderMs: 1000 });
const OSC8 = '\x1b]8;;';
const terminal = { stderrTty: true, env: { CI: undefined, NO_COLOR: undefined, SEEDANCE_HYPERLINKS: undefined } };

it('on a terminal the saved video and the sidecar are file:// links; in a pipe, CI, --json or with SEEDANCE_HYPERLINKS=0 never', async () => {
  const cwd = tempDir();
  const config = { SEEDANCE_CONFIG_DIR: join(cwd, '.config') };
  const run = await s.cli(['create', 'a fox', '-o', 'fox.mp4', '--sidecar', '--gallery'], {
    cwd,
    stderrTty: true,
    env: { ...terminal.env, ...config },
  });
  expect(run.code).toBe(0);
  for (const name of ['fox.mp4', 'fox.json', 'gallery.html']) {
    expect(run.stderr).toContain(`${OSC8}${pathToFileURL(join(cwd, name)).href}\x1b\\${name}${OSC8}\x1b\\`);
  }
  expect(run.stdout).not.toContain('\x1b');

  const again = (argv: string[], env: Record<string, string | undefined>, stderrTty = true) =>
    s.cli(argv, { cwd, stderrTty, env: { ...terminal.env, ...config, ...env } });
  for (const plain of [
    await again(['download', '@last', '-o', 'a.mp4'], { SEEDANCE_HYPERLINKS: '0' }),
    await again(['download', '@last', '-o', 'b.mp4'], { CI: 'true' }),
    await again(['download', '@last', '-o', 'c.mp4'], { NO_COLOR: '1' }),
    await again(['download', '@last', '-o', 'd.mp4'], {}, false),
    await again(['download', '@last', '-o', 'e.mp4', '--json'], {}),
  ]) {
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toContain(OSC8);
  }
});
