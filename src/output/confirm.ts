import { createInterface } from 'node:readline';
import type { InStream } from './io.js';
import type { Output } from './output.js';

/**
 * A y/N question on stderr, answered with a line on stdin. Only y/yes is a yes: Enter, end of input and an abort
 * (another Ctrl-C) all mean no, so nothing irreversible happens by accident.
 */
export async function confirm(out: Output, stdin: InStream, question: string, signal?: AbortSignal): Promise<boolean> {
  out.writeErr(`${question} [y/N] `);
  if (signal?.aborted) {
    out.writeErr('\n');
    return false;
  }
  const lines = createInterface({ input: stdin, terminal: false });
  try {
    const answer = await new Promise<string | null>((resolve) => {
      lines.once('line', resolve);
      lines.once('close', () => resolve(null));
      signal?.addEventListener('abort', () => resolve(null), { once: true });
    });
    if (answer === null) out.writeErr('\n');
    return answer !== null && /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    lines.close();
  }
}
