import { configValue } from '../config/keys.js';
import type { Context } from '../context.js';
import { formatPrice, groupDigits, type TokenEstimate } from '../core/estimate.js';
import { UsageError } from '../errors.js';
import { confirm } from '../output/confirm.js';

/** Above this total a person at a terminal is asked first (`--yes` skips): ¥ on Volcengine/gateway, $ on BytePlus. */
const CONFIRM_ABOVE: Record<string, number> = { CNY: 100, USD: 15 };

export interface BatchCostOptions {
  maxCost?: number;
  yes?: boolean;
}

/**
 * The total estimate of the tasks a batch is about to create, said before anything is sent. Above --max-cost (or
 * config max-cost), or with a price unknown while a maximum is set, nothing is sent (exit 2); on a terminal a total
 * above CONFIRM_ABOVE is confirmed first.
 */
export async function checkBatchCost(
  estimates: TokenEstimate[],
  options: BatchCostOptions,
  ctx: Context,
  stdinIsJobs: boolean,
): Promise<void> {
  if (estimates.length === 0) return;
  const tokens = estimates.reduce((sum, e) => sum + e.tokens, 0);
  const currencies = new Set(estimates.map((e) => e.currency));
  const known = estimates.every((e) => e.price !== null) && currencies.size === 1;
  const currency = known ? (estimates[0]?.currency as string) : null;
  const price = known ? Math.round(estimates.reduce((sum, e) => sum + (e.price as number), 0) * 1e6) / 1e6 : null;
  const cost = price !== null && currency !== null ? ` ≈ ${formatPrice(price, currency)} at list prices` : '';
  const unknown = price === null ? ' (some prices are not known)' : '';
  const count = `${estimates.length} task${estimates.length === 1 ? '' : 's'}`;
  ctx.out.info(`estimate: ${count} to create, ~${groupDigits(tokens)} tokens${cost}${unknown}`);

  const max = options.maxCost ?? (configValue(ctx.settings().config, 'max-cost') as number | undefined);
  if (max !== undefined) {
    if (price === null || currency === null) {
      throw new UsageError('--max-cost: the price of some jobs is not known, so the total cannot be bounded', {
        code: 'cost_unknown',
        hint: 'see `seedance models` for the models with a list price, or drop --max-cost',
      });
    }
    if (price > max) {
      throw new UsageError(
        `the batch estimate ${formatPrice(price, currency)} (${count}) is above --max-cost ${max}; nothing was sent`,
        { code: 'max_cost', hint: 'raise --max-cost, or split the jobs file' },
      );
    }
  }
  const threshold = currency !== null ? CONFIRM_ABOVE[currency] : undefined;
  if (options.yes || !ctx.out.mode.interactive || price === null || threshold === undefined || price <= threshold)
    return;
  if (!stdinIsJobs && ctx.out.canAsk()) {
    if (await confirm(ctx.out, ctx.io.stdin, `Create ${count} for about ${formatPrice(price, currency as string)}?`)) {
      return;
    }
    throw new UsageError('nothing was sent', { code: 'declined' });
  }
  throw new UsageError(`the batch estimate ${formatPrice(price, currency as string)} needs a confirmation`, {
    code: 'confirmation_required',
    hint: 'add --yes (or --max-cost <amount> to bound it)',
  });
}
