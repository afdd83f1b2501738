import type { Context } from '../context.js';
import { NotFoundError, UsageError } from '../errors.js';
import { readStdin } from './stdin.js';

/** `@last` is the most recently created task in the local history; anything else is an opaque id. */
export function resolveTaskId(id: string, ctx: Context): string {
  const trimmed = id.trim();
  if (trimmed === '@last') {
    const last = ctx.history().last();
    if (!last?.id)
      throw new NotFoundError('no task in the local history yet (@last)', {
        hint: 'create one with `seedance create`',
      });
    return last.id;
  }
  if (trimmed.startsWith('@'))
    throw new UsageError(`unknown reference "${trimmed}"`, { hint: 'use @last, or a task id' });
  if (trimmed === '' || /[\s/?#]/.test(trimmed)) throw new UsageError(`"${id}" is not a task id`);
  return trimmed;
}

/** Expands `-` (ids from stdin, one per line) and `@last`; at least one id is required. */
export async function resolveTaskIds(args: string[], ctx: Context): Promise<string[]> {
  const ids: string[] = [];
  for (const arg of args) {
    if (arg === '-') {
      const lines = (await readStdin(ctx.io.stdin)).split('\n').map((line) => line.trim());
      ids.push(...lines.filter((line) => line !== '' && line !== 'null'));
    } else {
      ids.push(arg);
    }
  }
  if (ids.length === 0) throw new UsageError('no task id given (stdin was empty)');
  return [...new Set(ids.map((id) => resolveTaskId(id, ctx)))];
}
