import type { Check, CheckStatus } from '../core/doctor-checks.js';
import type { Paint } from './output.js';

const MARKS: Record<CheckStatus, (paint: Paint) => string> = {
  ok: (paint) => paint.green('✔'),
  warning: (paint) => paint.yellow('!'),
  failed: (paint) => paint.red('✖'),
  skipped: (paint) => paint.dim('-'),
};

/** One line per check: `✔ node    v20.19.0 (needs >= 20.19)`; the marks are plain characters without colour. */
export function formatChecks(checks: readonly Check[], paint: Paint): string {
  const width = Math.max(...checks.map((check) => check.name.length));
  return checks
    .map((check) => `${MARKS[check.status](paint)} ${paint.bold(check.name.padEnd(width))}  ${check.detail}`)
    .join('\n');
}
