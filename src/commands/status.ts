import type { Context } from '../context.js';
import { fetchTask } from '../core/wait-task.js';
import { type ExitCode, worstExitCode } from '../exit-codes.js';
import { asCliError } from '../output/output.js';
import { formatTask } from '../output/task-text.js';
import { resolveTaskIds } from '../terminal/task-ids.js';

export interface StatusOptions {
  raw?: boolean;
  showRaw?: boolean;
  showUsage?: boolean;
}

/** One task: a readable block or one JSON document. Several (or `-`): one block / one JSON line each. */
export async function status(idArgs: string[], options: StatusOptions, ctx: Context): Promise<number> {
  const ids = await resolveTaskIds(idArgs, ctx);
  if (ids.length === 1) {
    await showOne(ids[0] as string, options, ctx, true);
    return 0;
  }
  const codes: ExitCode[] = [];
  for (const id of ids) {
    try {
      await showOne(id, options, ctx, false);
      codes.push(0);
    } catch (error) {
      const cliError = asCliError(error);
      ctx.out.error(cliError);
      codes.push(cliError.exitCode);
    }
  }
  return worstExitCode(codes);
}

async function showOne(id: string, options: StatusOptions, ctx: Context, single: boolean): Promise<void> {
  const { task, response } = await fetchTask(ctx.api(), id, options);
  if (options.raw) {
    // The server's body untouched; several bodies become JSON Lines.
    const text = single ? response.text : JSON.stringify(response.body);
    ctx.out.writeOut(text.endsWith('\n') ? text : `${text}\n`);
  } else if (ctx.out.mode.json) {
    if (single) ctx.out.json(task);
    else ctx.out.jsonLine(task);
  } else {
    ctx.out.result(
      `${formatTask(task, ctx.out.paint, (url) => ctx.out.link(url, url, 'stdout'))}${single ? '' : '\n'}`,
    );
  }
}
