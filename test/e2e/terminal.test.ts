import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { auditScreen } from '../helpers/audit.js';
import { tempDir } from '../helpers/run-cli.js';
import { KEY, startTestSandbox } from '../helpers/sandbox.js';
import { skipNote } from '../helpers/skip.js';
import { BIN } from '../helpers/spawn-cli.js';
import { until } from '../helpers/until.js';

// A real terminal: tmux runs the CLI in a pty; capture-pane shows what the user sees.
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ renderMs: 1500, videoBytes: 8 * 1024 * 1024 });
  sandbox.faults.throttleBytesPerSec = 16 * 1024 * 1024;
});
afterAll(() => sandbox.close());

it.skipIf(!hasTmux)(
  `create -o on a terminal: a spinner, then a bar, both ending cleanly${skipNote(hasTmux, 'tmux is not installed')}`,
  async () => {
    const session = `seedance-test-${process.pid}`;
    const cwd = tempDir();
    const env = [`SEEDANCE_BASE_URL=${sandbox.url}`, `SEEDANCE_API_KEY=${KEY}`, `SEEDANCE_CONFIG_DIR=${tempDir()}`];
    const command = `cd ${cwd} && ${process.execPath} ${BIN} create 'a fox' --duration 5 -o fox.mp4 --interval 1s; echo "EXIT=$?"; sleep 60`;
    execFileSync('tmux', [
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '120',
      '-y',
      '20',
      ...env.flatMap((e) => ['-e', e]),
      'env',
      '-u',
      'CI',
      'bash',
      '-c',
      command,
    ]);
    const pane = () => execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
    let sawSpinner = false;
    try {
      await until(
        () => {
          const text = pane();
          if (/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] cgt-/.test(text)) sawSpinner = true;
          return text.includes('EXIT=');
        },
        'the command to finish',
        20_000,
      );
      const screen = pane();
      auditScreen(screen);
      expect(screen).toContain('EXIT=0');
      expect(screen).toMatch(/✔ cgt-\S+ succeeded · \d+:\d\d/);
      expect(screen).toMatch(/✔ saved fox\.mp4 \(8\.0 MiB in/);
      expect(screen).toMatch(/^fox\.mp4$/m);
      // Nothing half-drawn is left: no spinner frame and no bar on the final screen.
      expect(screen).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
      expect(screen).not.toMatch(/[█░]/);
      expect(sawSpinner).toBe(true);
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
  },
);
