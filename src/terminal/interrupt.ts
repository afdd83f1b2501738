import type { Context } from '../context.js';
import { InterruptedError } from '../errors.js';

export interface Interrupt {
  signal: AbortSignal;
  /** What the user is told on SIGINT/SIGTERM, for the current phase (waiting, downloading). */
  describe(message: () => { message: string; hint?: string }): void;
  /** SIGINTs received after the one that aborted. */
  readonly repeats: number;
  /** A SIGTERM arrived after the abort: finish now, ask nothing. */
  readonly terminated?: boolean;
  /** Calls `listener` on each further SIGINT or SIGTERM; returns the function that stops it. */
  onRepeat(listener: (signal: 'SIGINT' | 'SIGTERM') => void): () => void;
  dispose(): void;
}

/** Turns SIGINT/SIGTERM into an abort whose reason is an InterruptedError (exit 130/143) with the resume hint. */
export function onInterrupt(ctx: Context): Interrupt {
  const controller = new AbortController();
  let describe = () => ({ message: 'interrupted' }) as { message: string; hint?: string };
  let repeats = 0;
  let terminated = false;
  const repeatListeners = new Set<(signal: 'SIGINT' | 'SIGTERM') => void>();
  const handler = (name: 'SIGINT' | 'SIGTERM') => () => {
    if (controller.signal.aborted) {
      // Still listening: without a listener Node would end the process on the next Ctrl-C.
      if (name === 'SIGINT') repeats += 1;
      else terminated = true;
      for (const listener of repeatListeners) listener(name);
      return;
    }
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
    get repeats() {
      return repeats;
    },
    get terminated() {
      return terminated;
    },
    onRepeat(listener) {
      repeatListeners.add(listener);
      return () => repeatListeners.delete(listener);
    },
    dispose() {
      ctx.io.signals.off('SIGINT', onInt);
      ctx.io.signals.off('SIGTERM', onTerm);
      repeatListeners.clear();
    },
  };
}

/** An Interrupt that only carries an abort signal, for callers that handle the signals themselves (batch). */
export function passiveInterrupt(signal: AbortSignal): Interrupt {
  return { signal, repeats: 0, terminated: false, describe() {}, onRepeat: () => () => {}, dispose() {} };
}
