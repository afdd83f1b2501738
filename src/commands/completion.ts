import { type Argument, type Command, Help, type Option } from 'commander';
import { CONFIG_KEYS } from '../config/keys.js';
import type { Context } from '../context.js';
import { ALIASES, MODELS } from '../core/models/catalogue.js';
import {
  type CompletionArgument,
  type CompletionCommand,
  type CompletionOption,
  type CompletionSpec,
  completionScript,
  type Shell,
} from '../output/completion-scripts.js';

export async function completion(shell: Shell, program: Command, ctx: Context): Promise<number> {
  ctx.out.writeOut(completionScript(shell, completionSpec(program)));
  return 0;
}

/** What a completion script needs from the commander program: one level of commands, their options and values. */
export function completionSpec(program: Command): CompletionSpec {
  const help = new Help();
  const commands: CompletionCommand[] = help.visibleCommands(program).map((command) => ({
    name: command.name(),
    description: command.description(),
    // visibleOptions adds -h, --help; global options are listed once, on the program.
    options: help.visibleOptions(command).map(optionSpec),
    args: command.registeredArguments.map(argumentSpec),
  }));
  // commander's implicit `help [command]` takes a command name.
  const helpCommand = commands.find((command) => command.name === 'help');
  if (helpCommand) {
    const names = commands.map((command) => command.name).filter((name) => name !== 'help');
    helpCommand.args = [{ name: 'command', value: 'choice', choices: names, variadic: false }];
  }
  // `config get|set|unset <key>`: the keys config set accepts.
  const key = commands.find((command) => command.name === 'config')?.args.find((arg) => arg.name === 'key');
  if (key) Object.assign(key, { value: 'choice', choices: Object.keys(CONFIG_KEYS), after: ['get', 'set', 'unset'] });
  // `-m`: the catalogue's ids, and the aliases where they are taken (create; list filters on the id sent).
  for (const command of commands) {
    const model = command.options.find((option) => option.flags.includes('--model'));
    if (!model) continue;
    const aliases = /alias/.test(model.description) ? ALIASES : [];
    Object.assign(model, { value: 'choice', choices: [...new Set([...aliases, ...modelIds()])] });
  }
  return { name: program.name(), global: help.visibleOptions(program).map(optionSpec), commands };
}

/** Every model id of the catalogue: Volcengine, BytePlus and gateway names, and other spellings. */
function modelIds(): string[] {
  return MODELS.flatMap((model) => [
    ...Object.values(model.ids),
    ...(model.gateway ? [model.gateway] : []),
    ...(model.also ?? []),
  ]);
}

function optionSpec(option: Option): CompletionOption {
  const flags = [option.short, option.long].filter((flag): flag is string => Boolean(flag));
  const takesValue = option.required || option.optional;
  const placeholder = /[<[]([^>\]]*)[>\]]/.exec(option.flags)?.[1] ?? '';
  return {
    flags,
    description: option.description,
    value: !takesValue ? 'none' : option.argChoices ? 'choice' : isFileName(placeholder) ? 'file' : 'text',
    choices: option.argChoices ?? [],
    placeholder: placeholder || 'value',
  };
}

function argumentSpec(argument: Argument): CompletionArgument {
  const choices = argument.argChoices ?? [];
  const name = argument.name();
  return {
    name,
    // Task ids: @last and the ids of the journal's recent creates.
    value: choices.length > 0 ? 'choice' : /task-id/.test(name) ? 'task-id' : isFileName(name) ? 'file' : 'text',
    choices,
    variadic: argument.variadic,
  };
}

/** `<path>`, `<file|url>`, `<jobs.jsonl|->`: values that are usually local paths. */
function isFileName(placeholder: string): boolean {
  return /(^|[^a-z])(path|file|dir)([^a-z]|$)|\.[a-z0-9]+\b/i.test(placeholder);
}
