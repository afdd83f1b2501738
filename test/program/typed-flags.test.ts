import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Issue 13 §1: create's options (and every command's) are rows typed from their flags, checked against the options
// the command's code reads. Renaming a flag, or the field its command reads, without the other fails the type check.
const root = fileURLToPath(new URL('../../', import.meta.url));
const options = { ...ts.convertCompilerOptionsFromJson(readConfig(), root).options, noEmit: true };
const parsed = new Map<string, ts.SourceFile | undefined>();
const CHECKED = ['src/program/create.ts', 'src/program/status.ts'];

function readConfig() {
  const { config } = ts.readConfigFile(`${root}tsconfig.json`, ts.sys.readFile);
  return config.compilerOptions;
}

/** tsc's errors in src/program/create.ts and status.ts, with some source texts edited (`from` → `to`). */
function typeErrors(edits: Array<{ path: string; from: string; to: string }>): string {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (path, language) => {
    const mine = edits.filter((edit) => path.endsWith(edit.path));
    if (mine.length === 0) {
      // Unedited files are parsed once for every check here.
      if (!parsed.has(path)) parsed.set(path, getSourceFile(path, language));
      return parsed.get(path);
    }
    let text = ts.sys.readFile(path) as string;
    for (const edit of mine) {
      expect(text).toContain(edit.from);
      text = text.replace(edit.from, edit.to);
    }
    return ts.createSourceFile(path, text, language);
  };
  const program = ts.createProgram(
    CHECKED.map((file) => `${root}${file}`),
    options,
    host,
  );
  return CHECKED.flatMap((file) => {
    const source = program.getSourceFile(`${root}${file}`) as ts.SourceFile;
    return program
      .getSemanticDiagnostics(source)
      .map((d) => `${file}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  }).join('\n');
}

describe('typed options: a renamed flag fails the type check', () => {
  it('as they are, the commands type-check', () => {
    expect(typeErrors([])).toBe('');
  });

  it('renaming a flag without the field its command reads: create --wait, --timeout, -o, --max-cost; status --raw', () => {
    const create = 'src/program/create.ts';
    const errors = typeErrors([
      { path: create, from: "flag('--wait',", to: "flag('--wait-for'," },
      { path: create, from: "flag('--timeout <duration>',", to: "flag('--time-limit <duration>'," },
      { path: create, from: "flag('-o, --output <path>',", to: "flag('-o, --out <path>'," },
      { path: create, from: "'--max-cost <amount>',", to: "'--cost-limit <amount>'," },
      { path: 'src/program/status.ts', from: "flag('--raw',", to: "flag('--plain'," },
    ]);
    for (const field of ['waitFor', 'timeLimit', 'out', 'costLimit']) {
      expect(errors).toMatch(new RegExp(`^src/program/create\\.ts: .*reads no option named ${field}\\b`, 'ms'));
    }
    expect(errors).toMatch(/^src\/program\/status\.ts: .*reads no option named plain\b/ms);
  });

  it('renaming the field a command reads without its flag, or changing what a flag gives', () => {
    const errors = typeErrors([
      { path: 'src/commands/create.ts', from: '  wait?: boolean;', to: '  waitFor?: boolean;' },
      { path: 'src/commands/status.ts', from: '  showUsage?: boolean;', to: '  showUsage?: string;' },
    ]);
    expect(errors).toMatch(/^src\/program\/create\.ts: .*reads no option named wait\b/ms);
    expect(errors).toMatch(
      /^src\/program\/status\.ts: .*a flag gives a value of another type than the command reads/ms,
    );
  });
});
