/** Why the batch is going slower than asked: a rate limit, the server's concurrency limit, or a busy server. */
export type HoldReason = 'rate' | 'concurrency' | 'busy';

export interface HoldNotice {
  /** null: no longer held back. */
  reason: HoldReason | null;
  text: string;
  /** For the `held` event. */
  data: Record<string, unknown>;
}

/**
 * Says when the batch is held back and why, once per change: a burst of fifty refusals for the same reason is one
 * line, and one more when it is over.
 */
export class Holdback {
  private current: HoldReason | null = null;
  private readonly tell: (notice: HoldNotice) => void;

  constructor(tell: (notice: HoldNotice) => void) {
    this.tell = tell;
  }

  get reason(): HoldReason | null {
    return this.current;
  }

  hold(reason: HoldReason, text: string, data: Record<string, unknown> = {}): void {
    if (this.current === reason) return;
    this.current = reason;
    this.tell({ reason, text, data });
  }

  release(text: string): void {
    if (this.current === null) return;
    this.current = null;
    this.tell({ reason: null, text, data: {} });
  }
}
