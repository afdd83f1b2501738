import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';

// Every --json output of the e2e suite is checked against the published schemas (schema/): the contract holds.
const ajv = new Ajv2020({ allErrors: true, strict: false });
const load = (name: string) =>
  ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schema', `${name}.schema.json`), 'utf8')));
const task = load('task');
const download = load('download');
const error = load('error');
const historyEntry = load('history-entry');
const models = load('models');

const COMMANDS = new Set([
  'create',
  'status',
  'wait',
  'download',
  'list',
  'cancel',
  'config',
  'auth',
  'batch',
  'doctor',
  'models',
]);

function check(validate: ReturnType<typeof load>, value: unknown, what: string): void {
  if (!validate(value)) {
    throw new Error(`${what} does not match its schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value)}`);
  }
}

/** One JSON document, or JSON Lines (several results streamed). */
function documents(stdout: string): unknown[] {
  const text = stdout.trim();
  if (text === '') return [];
  try {
    return [JSON.parse(text)];
  } catch {
    return text.split('\n').map((line) => JSON.parse(line));
  }
}

export function checkJsonOutput(argv: string[], code: number, stdout: string, stderr: string): void {
  if (!argv.includes('--json')) return;
  const command = argv.find((arg) => COMMANDS.has(arg));
  if (code !== 0) {
    const last = stderr.trim().split('\n').at(-1) ?? '';
    if (!last.startsWith('{')) throw new Error(`--json error is not JSON on stderr: ${stderr}`);
    check(error, JSON.parse(last), 'the --json error');
  }
  if (argv.includes('--dry-run') || argv.includes('--raw') || (argv.includes('-o') && argv.includes('-'))) return;
  for (const doc of documents(stdout)) {
    switch (command) {
      case 'create':
      case 'status':
      case 'wait':
        check(task, doc, `${command} --json`);
        break;
      case 'download':
        check(download, doc, 'download --json');
        break;
      case 'models':
        check(models, doc, 'models --json');
        break;
      case 'list':
        for (const item of doc as unknown[])
          check(argv.includes('--remote') ? task : historyEntry, item, 'list --json item');
        break;
    }
  }
}
