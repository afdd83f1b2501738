import { EXIT } from './exit-codes.js';
import { type Io, isTty } from './output/io.js';
import { VERSION } from './version.js';

export { processIo } from './output/io.js';

/** Runs the CLI. Returns the exit code and never calls process.exit, so tests can run it in process. */
export async function main(argv: string[], io: Io): Promise<number> {
  // Scripts call `--version` to probe the tool: answer without loading the command parser.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.OK;
  }
  // And `--help` into a pipe (80 columns, as commander writes it there): the text the build captured from the same
  // program (scripts/build.mjs, dist/help.txt). A terminal, with its own width, gets commander's.
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
    const help = builtHelp(io);
    if (help !== null) {
      io.stdout.write(help);
      return EXIT.OK;
    }
  }
  // Everything else: one module, loaded after the fast paths above (they need none of it).
  return (await import('./run.js')).runProgram(argv, io);
}

/** The program's help as the build wrote it for a pipe, when stdout is one and the file is there (not from src). */
function builtHelp(io: Io): string | null {
  if (isTty(io.stdout)) return null;
  try {
    return process.getBuiltinModule('node:fs').readFileSync(new URL('./help.txt', import.meta.url), 'utf8');
  } catch {
    return null;
  }
}
