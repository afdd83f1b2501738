import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { configValue } from '../config/keys.js';
import type { Context } from '../context.js';
import { createTask } from '../core/create-task.js';
import { describeEstimate, estimateTokens, formatPrice, groupDigits, type TokenEstimate } from '../core/estimate.js';
import { planFollow } from '../core/follow.js';
import { type Body, type CreateInput, prepareCreateBody, summarizeBody } from '../core/request.js';
import { CliError, fsReason, InterruptedError, UsageError, WaitTimeoutError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { writeGithubOutputs } from '../output/github.js';
import { redactKey } from '../output/sanitize.js';
import { onInterrupt } from '../terminal/interrupt.js';
import { readStdin } from '../terminal/stdin.js';

export interface CreateOptions extends Omit<CreateInput, 'prompt' | 'base'> {
  promptFile?: string;
  body?: string;
  dryRun?: boolean;
  wait?: boolean;
  download?: boolean;
  output?: string;
  force?: boolean;
  saveLastFrame?: boolean;
  sidecar?: boolean;
  gallery?: boolean;
  onTimeout?: 'leave' | 'cancel';
  timeout?: number;
  interval?: number;
  maxCost?: number;
}

export async function create(promptArg: string | undefined, options: CreateOptions, ctx: Context): Promise<number> {
  const {
    promptFile,
    body: bodyFile,
    dryRun,
    wait,
    download,
    output,
    force,
    saveLastFrame,
    sidecar,
    gallery,
    onTimeout,
    timeout,
    interval,
    maxCost,
    ...fields
  } = options;
  const prompt = await resolvePrompt(promptArg, promptFile, ctx);
  const base = bodyFile === undefined ? undefined : await readBaseBody(resolve(ctx.io.cwd, bodyFile));
  const input: CreateInput = { ...fields, prompt, base };
  const settings = ctx.settings();
  const body = await prepareCreateBody(input, settings.config, settings.model, {
    cwd: ctx.io.cwd,
    warn: (message) => ctx.out.warn(message),
    provider: settings.provider.name,
  });

  const estimate = estimateTokens(body, settings.provider.name);
  checkMaxCost(estimate, maxCost ?? (configValue(settings.config, 'max-cost') as number | undefined));
  if (dryRun) {
    const url = `${settings.baseUrl}/${settings.provider.createPath}`;
    const headers = { authorization: `Bearer ${redactKey(settings.apiKey)}`, 'content-type': 'application/json' };
    if (ctx.out.mode.json) ctx.out.json({ method: 'POST', url, headers, body, estimate });
    else {
      ctx.out.result(`POST ${url}\n${JSON.stringify(summarizeBody(body), null, 2)}`);
      ctx.out.info(describeEstimate(estimate));
    }
    return 0;
  }

  // On a terminal the cost is the first thing said: a person can still press Ctrl-C.
  if (ctx.out.mode.interactive) ctx.out.info(describeEstimate(estimate));
  // Decided once: wait or not, save where. --last-frame is an input image here; saving the returned one is
  // --save-last-frame.
  const lastFrame = saveLastFrame;
  const plan = planFollow({ wait, download, output, force, lastFrame, sidecar, gallery, timeout, interval, onTimeout });
  if (plan?.save) (await import('../core/save-video.js')).checkSaveTarget(null, plan.save, ctx);
  const api = ctx.api();
  // A signal while the POST is in flight must not lose the task it may create: let the answer arrive (bounded by
  // --request-timeout), journal the id, print it, then stop.
  const interrupt = onInterrupt(ctx);
  try {
    const task = await createTask(api, ctx.history(), body, ctx.io.now);
    interrupt.describe(() => ({
      message: `stopped; task ${task.id} keeps rendering`,
      hint: `resume with: ${ctx.command('wait', task.id)}`,
    }));
    ctx.out.info(`created ${task.id}`);
    ctx.out.event('created', task.id, { model: task.model });

    const reason = interrupt.signal.reason;
    if (reason instanceof InterruptedError) {
      if (ctx.out.mode.json) ctx.out.json(task);
      else ctx.out.result(task.id);
      throw new InterruptedError(reason.exitCode === 130 ? 'SIGINT' : 'SIGTERM', `task ${task.id} was created`, {
        hint: `it keeps rendering; follow it with: ${ctx.command('wait', task.id)}`,
      });
    }
    if (plan) {
      try {
        const { watchOne } = await import('../terminal/watch.js');
        const code = await watchOne(task.id, plan, { onTimeout }, ctx, interrupt);
        // A Ctrl-C that ended at the cancel offer (Ark) is already reported: the id is still the result.
        if (code === EXIT.SIGINT && !ctx.out.mode.json) ctx.out.result(task.id);
        return code;
      } catch (error) {
        // The task lives on: its id is the result a script needs to follow it (`id=$(seedance create … --wait)`).
        // So does one we could not reach until the timeout (exit 6).
        const unreachable = error instanceof CliError && error.exitCode === EXIT.API;
        const alive = error instanceof WaitTimeoutError || error instanceof InterruptedError || unreachable;
        if (alive && !ctx.out.mode.json) ctx.out.result(task.id);
        throw error;
      }
    }
    writeGithubOutputs(ctx.io.env, task);
    if (ctx.out.mode.json) ctx.out.json(task);
    else ctx.out.result(task.id);
    return 0;
  } finally {
    interrupt.dispose();
  }
}

/** A script cannot overspend by mistake: above --max-cost, or with no known price, nothing is sent. */
function checkMaxCost(estimate: TokenEstimate, maxCost: number | undefined): void {
  if (maxCost === undefined) return;
  if (estimate.price === null || estimate.currency === null) {
    throw new UsageError('--max-cost: the price of this model is not known, so the cost cannot be bounded', {
      code: 'cost_unknown',
      hint: 'see `seedance models` for the models with a list price, or drop --max-cost',
    });
  }
  if (estimate.price > maxCost) {
    throw new UsageError(
      `the estimate ${formatPrice(estimate.price, estimate.currency)} (~${groupDigits(estimate.tokens)} tokens) is above --max-cost ${maxCost}`,
      { code: 'max_cost', hint: `basis: ${estimate.basis}; raise --max-cost or lower --resolution/--duration` },
    );
  }
}

async function readBaseBody(path: string): Promise<Body> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --body ${path}: ${fsReason(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--body ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`--body ${path} must hold a JSON object (a request body)`);
  }
  return value as Body;
}

async function resolvePrompt(arg: string | undefined, file: string | undefined, ctx: Context): Promise<string> {
  if (arg !== undefined && file !== undefined)
    throw new UsageError('give the prompt as an argument or --prompt-file, not both');
  // `-` means stdin, as for --prompt-file and everywhere else (a prompt that is just "-" would be a paid mistake).
  if (file === '-' || (file === undefined && arg === '-')) return (await readStdin(ctx.io.stdin)).trim();
  if (file === undefined) return (arg ?? '').trim();
  try {
    return (await readFile(resolve(ctx.io.cwd, file), 'utf8')).trim();
  } catch (error) {
    throw new UsageError(`cannot read the prompt file ${file}: ${fsReason(error)}`);
  }
}
