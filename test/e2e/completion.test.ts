import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../../src/config/keys.js';
import { RATIOS } from '../../src/core/parse.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { useSandbox } from '../helpers/sandbox.js';
import { skipNote } from '../helpers/skip.js';
import { until } from '../helpers/until.js';

const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const scripts: Record<string, string> = {};
const KEYS = Object.keys(CONFIG_KEYS);

// A journal with three creates (the first one's id made again by a second create's status line is not a create).
const s = useSandbox();
const journal = { dir: '', ids: [] as string[] };
beforeAll(async () => {
  journal.dir = tempDir('seedance-completion-journal-');
  for (const prompt of ['a fox', 'a hen', 'a cat']) {
    const run = await s.cli(['create', prompt], { env: { SEEDANCE_CONFIG_DIR: journal.dir } });
    journal.ids.unshift(run.stdout.trim());
  }
  await s.cli(['status', journal.ids[2] as string], { env: { SEEDANCE_CONFIG_DIR: journal.dir } });
});

beforeAll(async () => {
  const dir = tempDir('seedance-completion-');
  for (const shell of ['bash', 'zsh', 'fish']) {
    const run = await runCli(['completion', shell]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    scripts[shell] = join(dir, `seedance.${shell}`);
    writeFileSync(scripts[shell], run.stdout);
  }
});

/**
 * What bash does on TAB: it sets COMP_LINE/COMP_POINT and COMP_WORDS/COMP_CWORD, then calls the function `complete`
 * registered. (The function reads the line itself: COMP_WORDS splits `16:9` at the colon.)
 */
function bashComplete(line: string, env: Record<string, string> = {}): string[] {
  const program = `
    source "$1"
    spec="$(complete -p seedance)"
    [[ "$spec" == "complete -F _seedance seedance" ]] || { echo "not registered: $spec" >&2; exit 1; }
    COMP_LINE="$2"; COMP_POINT=\${#COMP_LINE}
    read -r -a COMP_WORDS <<< "$COMP_LINE"
    [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _seedance
    printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', program, 'bash', scripts.bash as string, line], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return out.split('\n').filter(Boolean);
}

describe.skipIf(!has('bash'))(`seedance completion bash${skipNote(has('bash'), 'bash is not installed')}`, () => {
  it.each([
    ['seedance cr', ['create']],
    ['seedance create --ra', ['--ratio']],
    ['seedance create --ratio ', [...RATIOS]],
    ['seedance create -r 9', ['9:16']],
    ['seedance --provider ', ['gateway', 'ark', 'byteplus']],
    ['seedance --provider ark st', ['status']],
    ['seedance --json list --status s', ['succeeded']],
    ['seedance completion ', ['bash', 'zsh', 'fish']],
    ['seedance help doc', ['doctor']],
    ['seedance create "a fox" --wai', ['--wait']],
    ['seedance create --api-key sk-x --resolution 1', ['1080p']],
    ['seedance create -m 2.0-', ['2.0-fast', '2.0-mini']],
    ['seedance create --model dreamina-seedance-2-0-f', ['dreamina-seedance-2-0-fast-260128']],
    ['seedance list -m sd', ['sd2.0']],
    ['seedance list -m 2.', []],
  ])('%j completes to %j', (line, expected) => {
    expect(bashComplete(line)).toEqual(expected);
  });

  it('lists every command, including doctor and completion', () => {
    const commands = bashComplete('seedance ');
    expect(commands).toEqual(expect.arrayContaining(['create', 'status', 'wait', 'download', 'doctor', 'completion']));
    expect(commands).not.toContain('--json');
  });

  it('completes global and command flags after a command, each once', () => {
    const flags = bashComplete('seedance create -');
    expect(flags).toEqual(expect.arrayContaining(['--ratio', '--duration', '--json', '--provider', '--help']));
    expect(flags.filter((flag) => flag === '--help')).toHaveLength(1);
  });

  it('gives only what readline replaces after a colon or an equals sign', () => {
    // Readline replaces the text after the last word-break character: "16:" + "9" → "16:9".
    expect(bashComplete('seedance create --ratio 16:')).toEqual(['9']);
    expect(bashComplete('seedance create --ratio=ad')).toEqual(['adaptive']);
  });

  it('completes file names where a path is expected, and nothing for free text', () => {
    const dir = tempDir('seedance-files-');
    writeFileSync(join(dir, 'jobs.jsonl'), '');
    expect(bashComplete(`seedance batch ${dir}/jo`)).toEqual([`${dir}/jobs.jsonl`]);
    expect(bashComplete(`seedance create -o ${dir}/j`)).toEqual([`${dir}/jobs.jsonl`]);
    expect(bashComplete(`seedance --api-key ${dir}/j`)).toEqual([]);
    expect(bashComplete('seedance create ')).toEqual([]);
  });

  it('completes config keys after get, set and unset, and nothing after list', () => {
    expect(bashComplete('seedance config get ')).toEqual(KEYS);
    expect(bashComplete('seedance config set ra')).toEqual(['ratio']);
    expect(bashComplete('seedance --json config unset base')).toEqual(['base-url']);
    expect(bashComplete('seedance config list ')).toEqual([]);
    expect(bashComplete('seedance config se')).toEqual(['set']);
  });

  it('completes @last and the recent task ids from the journal, newest first', () => {
    const env = { SEEDANCE_CONFIG_DIR: journal.dir };
    expect(journal.ids).toHaveLength(3);
    for (const command of ['status', 'wait', 'download', 'cancel', 'list']) {
      expect(bashComplete(`seedance ${command} `, env)).toEqual(['@last', ...journal.ids]);
    }
    expect(bashComplete(`seedance status ${journal.ids[1]} ${(journal.ids[0] as string).slice(0, -2)}`, env)).toEqual([
      journal.ids[0],
    ]);
    // '@' breaks words for readline (hostnames): it replaces what follows it.
    expect(bashComplete('seedance wait --interval 5s @', env)).toEqual(['last']);
    // No journal yet: @last only.
    expect(bashComplete('seedance status ', { SEEDANCE_CONFIG_DIR: tempDir() })).toEqual(['@last']);
  });
});

describe.skipIf(!has('zsh'))(`seedance completion zsh${skipNote(has('zsh'), 'zsh is not installed')}`, () => {
  it('parses, and registers _seedance with compinit', () => {
    execFileSync('zsh', ['-n', scripts.zsh as string]);
    const out = execFileSync(
      'zsh',
      [
        '-f',
        '-c',
        'autoload -U compinit && compinit -u -D && source "$1" && print -r -- "$_comps[seedance]"',
        'zsh',
        scripts.zsh as string,
      ],
      { encoding: 'utf8', env: { ...process.env, HOME: tempDir('seedance-zsh-') } },
    );
    expect(out.trim()).toBe('_seedance');
  });
});

// An interactive zsh in tmux: the keys a user types, TAB included, and the command line zsh then runs.
const typed = has('zsh') && spawnSync('tmux', ['-V']).status === 0;
describe.skipIf(!typed)(`seedance completion zsh, typed${skipNote(typed, 'zsh or tmux is not installed')}`, () => {
  it('completes commands, flags and values on TAB', async () => {
    const session = `seedance-zsh-${process.pid}`;
    const pane = () => execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
    const type = (...keys: string[]) => execFileSync('tmux', ['send-keys', '-t', session, ...keys]);
    execFileSync('tmux', [
      ...['new-session', '-d', '-s', session, '-x', '150', '-y', '40'],
      ...['-e', `HOME=${tempDir('seedance-zsh-')}`, '-e', 'PS1=%% ', '-e', `SEEDANCE_CONFIG_DIR=${journal.dir}`],
      ...['zsh', '-f', '-i'],
    ]);
    try {
      type(
        `autoload -U compinit && compinit -u -D && source ${scripts.zsh} && seedance() { print -r -- "ARGS:$*" }`,
        'Enter',
      );
      const cases: Array<[string, string]> = [
        ['seedance cr', 'ARGS:create'],
        ['seedance create --rat', 'ARGS:create --ratio'],
        ['seedance create cat --ratio 16', 'ARGS:create cat --ratio 16:9'],
        ['seedance --provider b', 'ARGS:--provider byteplus'],
        ['seedance list -s su', 'ARGS:list -s succeeded'],
        ['seedance completion z', 'ARGS:completion zsh'],
        ['seedance config get rat', 'ARGS:config get ratio'],
        ['seedance config unset base-', 'ARGS:config unset base-url'],
        [`seedance status ${(journal.ids[1] as string).slice(0, -2)}`, `ARGS:status ${journal.ids[1]}`],
        ['seedance wait @l', 'ARGS:wait @last'],
        ['seedance create -m 2.0-m', 'ARGS:create -m 2.0-mini'],
      ];
      for (const [typed, ran] of cases) {
        type('-l', typed);
        type('Tab');
        type('Enter');
        await until(
          () =>
            pane()
              .split('\n')
              .some((line) => line.trimEnd() === ran),
          `zsh to run: ${ran}`,
        );
      }
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
  });
});

describe.skipIf(!has('fish'))(`seedance completion fish${skipNote(has('fish'), 'fish is not installed')}`, () => {
  const fishComplete = (line: string) =>
    execFileSync('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', scripts.fish as string, line], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean)
      .map((entry) => entry.split('\t')[0]);

  it.each([
    ['seedance cr', ['create']],
    ['seedance create --ra', ['--ratio']],
    ['seedance --provider ', ['ark', 'byteplus', 'gateway']],
    ['seedance --provider ark st', ['status']],
    ['seedance completion ', ['bash', 'fish', 'zsh']],
    ['seedance create -m 2.0-', ['2.0-fast', '2.0-mini']],
    ['seedance list --model doubao-seedance-1-5', ['doubao-seedance-1-5-pro-251215']],
  ])('%j completes to %j', (line, expected) => {
    expect(fishComplete(line).sort()).toEqual([...expected].sort());
  });

  it('offers the 7 ratios', () => {
    expect(fishComplete('seedance create --ratio ').sort()).toEqual([...RATIOS].sort());
  });

  it('completes config keys after get/set/unset, and the actions only in first place', () => {
    expect(fishComplete('seedance config get ').sort()).toEqual([...KEYS].sort());
    expect(fishComplete('seedance config unset ra')).toEqual(['ratio']);
    expect(fishComplete('seedance config ').sort()).toEqual(['get', 'list', 'path', 'set', 'unset']);
    expect(fishComplete('seedance config list ')).toEqual([]);
  });

  it('completes @last and the recent task ids from the journal, newest first', () => {
    const env = { ...process.env, SEEDANCE_CONFIG_DIR: journal.dir };
    const complete = (line: string) =>
      execFileSync(
        'fish',
        ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', scripts.fish as string, line],
        {
          encoding: 'utf8',
          env,
        },
      )
        .split('\n')
        .filter(Boolean)
        .map((entry) => entry.split('\t')[0]);
    expect(complete('seedance status ')).toEqual(['@last', ...journal.ids]);
    expect(complete('seedance download ')).toEqual(['@last', ...journal.ids]);
  });
});
