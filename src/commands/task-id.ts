import type { Context } from '../context.js';
import { NotFoundError, UsageError } from '../errors.js';

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
  if (trimmed === '' || /[\s/?#]/.test(trimmed)) throw new UsageError(`"${id}" is not a task id`);
  return trimmed;
}
