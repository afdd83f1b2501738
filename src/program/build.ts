import { Command, Option, type OutputConfiguration } from 'commander';
import { PROVIDERS, parseDuration, parseHttpUrl } from '../core/parse.js';
import { EXIT_TABLE } from '../exit-codes.js';
import { VERSION } from '../version.js';
import { addAuth } from './auth.js';
import { addBatch } from './batch.js';
import { addCancel } from './cancel.js';
import { addCompletion } from './completion.js';
import { addConfig } from './config.js';
import { addCreate } from './create.js';
import { addDoctor } from './doctor.js';
import { addDownload } from './download.js';
import { addGallery } from './gallery.js';
import { addList } from './list.js';
import { addMcp } from './mcp.js';
import { addModels } from './models.js';
import { addSandbox } from './sandbox.js';
import { parser, type Run } from './shared.js';
import { addStatus } from './status.js';
import { addWait } from './wait.js';

/** The commander program: loaded by main() only when a command is parsed (`--version` does without it). */
export function buildProgram(run: Run, output: OutputConfiguration): Command {
  const program = new Command('seedance')
    .configureOutput(output)
    .description('Generate videos with ByteDance Seedance 2.0 from the terminal, scripts and CI.')
    .version(VERSION, '-V, --version')
    // Inherited by subcommands only when set before .command() (STYLE.md).
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true })
    .option('--api-key <key>', 'API key (prefer SEEDANCE_API_KEY or `seedance auth login`)')
    .option(
      '--base-url <url>',
      'API base URL (env SEEDANCE_BASE_URL)',
      parser((v) => parseHttpUrl(v, '--base-url')),
    )
    .addOption(new Option('--provider <name>', 'API provider (env SEEDANCE_PROVIDER)').choices(PROVIDERS))
    .option('--json', 'print results as JSON on stdout, errors as JSON on stderr')
    .option('-q, --quiet', 'print only results and errors')
    .option('-v, --verbose', 'trace HTTP requests on stderr (key redacted)')
    .option('--no-color', 'disable colour (also NO_COLOR)')
    .option('--events', 'NDJSON lifecycle events on stderr (created, running, succeeded, downloaded, …) for CI logs')
    .option('--request-timeout <duration>', 'per-request timeout (default 30s)', parser(parseDuration))
    .addHelpText('after', exitCodeHelp());

  addCreate(program, run);
  addStatus(program, run);
  addWait(program, run);
  addDownload(program, run);
  addList(program, run);
  addCancel(program, run);
  addBatch(program, run);
  addGallery(program, run);
  addConfig(program, run);
  addAuth(program, run);
  addSandbox(program, run);
  addDoctor(program, run);
  addModels(program, run);
  addCompletion(program, run);
  addMcp(program, run);

  return program;
}

function exitCodeHelp(): string {
  const rows = EXIT_TABLE.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`);
  return `\nExit codes:\n${rows.join('\n')}\n\nEnvironment: SEEDANCE_API_KEY, SEEDANCE_BASE_URL, SEEDANCE_PROVIDER, SEEDANCE_CONFIG_DIR, ARK_API_KEY,\n  HTTPS_PROXY, HTTP_PROXY, NO_PROXY, NO_COLOR, FORCE_COLOR, CI`;
}
