import type { Context } from '../context.js';
import { formatTask } from '../output/task-text.js';
import { resolveTaskId } from './task-id.js';

export interface StatusOptions {
  raw?: boolean;
  showRaw?: boolean;
  showUsage?: boolean;
}

export async function status(idArg: string, options: StatusOptions, ctx: Context): Promise<number> {
  const id = resolveTaskId(idArg, ctx);
  const { task, response } = await ctx.api().get(id, options);
  if (options.raw) {
    ctx.out.writeOut(response.text.endsWith('\n') ? response.text : `${response.text}\n`);
  } else if (ctx.out.mode.json) {
    ctx.out.json(task);
  } else {
    ctx.out.result(formatTask(task, ctx.out.paint));
  }
  return 0;
}
