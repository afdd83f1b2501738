import type { Task } from '../api/task.js';
import type { Context } from '../context.js';
import { cancelTask } from '../core/cancel-task.js';
import { UsageError } from '../errors.js';
import { confirm } from '../output/confirm.js';
import { resolveTaskId } from '../terminal/task-ids.js';

export interface CancelOptions {
  yes?: boolean;
}

export async function cancel(idArg: string, options: CancelOptions, ctx: Context): Promise<number> {
  const id = resolveTaskId(idArg, ctx);
  const { action, already } = await cancelTask(id, ctx, {
    confirmDelete: (task) => confirmDelete(task, options, ctx),
  });
  // Like `rm -f`: the wanted end state holds already.
  if (already) ctx.out.info(`task ${id} is already cancelled`);
  if (ctx.out.mode.json) ctx.out.json({ id, action });
  else ctx.out.result(`${action} ${id}`);
  return 0;
}

async function confirmDelete(task: Task, options: CancelOptions, ctx: Context): Promise<void> {
  if (options.yes) return;
  if (ctx.out.canAsk()) {
    const question = `Task ${task.id} has ${task.status}: delete its record for good (its video URL too)?`;
    if (await confirm(ctx.out, ctx.io.stdin, question)) return;
    throw new UsageError(`kept task ${task.id}; nothing was deleted`, { code: 'declined' });
  }
  throw new UsageError(`task ${task.id} has ${task.status}: cancelling it deletes its record, which cannot be undone`, {
    code: 'confirmation_required',
    hint: `confirm with: ${ctx.command('cancel', task.id, '--yes')}`,
  });
}
