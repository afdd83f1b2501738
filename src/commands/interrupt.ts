import type { Context } from '../context.js';
import { InterruptedError } from '../errors.js';

export interface Interrupt {
  signal: AbortSignal;
  /** What the user is told on SIGINT/SIGTERM, for the current phase (waiting, downloading). */
  describe(message: () => { message: string; hint?: string }): void;
  dispose(): void;
}

/** Turns SIGINT/SIGTERM into an abort whose reason is an InterruptedError (exit 130/143) with the resume hint. */
export function onInterrupt(ctx: Context): Interrupt {
  const controller = new AbortController();
  let describe = () => ({ message: 'interrupted' }) as { message: string; hint?: string };
  const handler = (name: 'SIGINT' | 'SIGTERM') => () => {
    if (controller.signal.aborted) return;
    const { message, hint } = describe();
    controller.abort(new InterruptedError(name, message, { hint }));
  };
  const onInt = handler('SIGINT');
  const onTerm = handler('SIGTERM');
  ctx.io.signals.on('SIGINT', onInt);
  ctx.io.signals.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    describe(next) {
      describe = next;
    },
    dispose() {
      ctx.io.signals.off('SIGINT', onInt);
      ctx.io.signals.off('SIGTERM', onTerm);
    },
  };
}
