import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { createTask } from '../core/create-task.js';
import { type CreateInput, prepareCreateBody, summarizeBody } from '../core/request.js';
import { UsageError } from '../errors.js';
import { redactKey } from '../output/sanitize.js';
import { readStdin } from './stdin.js';

export interface CreateOptions extends Omit<CreateInput, 'prompt'> {
  promptFile?: string;
  dryRun?: boolean;
  wait?: boolean;
  download?: boolean;
  output?: string;
  force?: boolean;
  timeout?: number;
  interval?: number;
}

export async function create(
  promptArg: string | undefined,
  options: CreateOptions,
  ctx: Context,
  _command?: Command,
): Promise<number> {
  const prompt = await resolvePrompt(promptArg, options.promptFile, ctx);
  const settings = ctx.settings();
  const body = await prepareCreateBody({ ...options, prompt }, settings.config, settings.model);
  if (!prompt) throw new UsageError('a prompt is required (argument, --prompt-file <path> or --prompt-file -)');

  if (options.dryRun) {
    const url = `${settings.baseUrl}/${settings.provider.createPath}`;
    const request = {
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${redactKey(settings.apiKey)}`, 'content-type': 'application/json' },
      body: ctx.out.mode.json ? body : summarizeBody(body),
    };
    if (ctx.out.mode.json) ctx.out.json(request);
    else ctx.out.result(`POST ${url}\n${JSON.stringify(request.body, null, 2)}`);
    return 0;
  }

  const api = ctx.api();
  const task = await createTask(api, ctx.history(), body, ctx.io.now);
  ctx.out.info(`created ${task.id}`);
  if (options.wait || options.download || options.output !== undefined) {
    const { waitAndDownload } = await import('./wait.js');
    return waitAndDownload([task.id], options, ctx, task);
  }
  if (ctx.out.mode.json) ctx.out.json(task);
  else ctx.out.result(task.id);
  return 0;
}

async function resolvePrompt(arg: string | undefined, file: string | undefined, ctx: Context): Promise<string> {
  if (arg !== undefined && file !== undefined)
    throw new UsageError('give the prompt as an argument or --prompt-file, not both');
  if (file === undefined) return (arg ?? '').trim();
  if (file === '-') return (await readStdin(ctx.io.stdin)).trim();
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    throw new UsageError(
      `cannot read the prompt file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
