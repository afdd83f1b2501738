import { createInterface } from 'node:readline';
import { InterruptedError } from '../errors.js';
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

/** Reads a line from the terminal without echoing it (the API key at `auth login`). Ctrl-C cancels: exit 130. */
export function promptHidden(out: Output, stdin: InStream, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    out.writeErr(question);
    stdin.setRawMode?.(true);
    stdin.resume();
    let value = '';
    const finish = (error?: Error) => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      out.writeErr('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new InterruptedError('SIGINT', 'cancelled; no key was saved'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    stdin.on('data', onData);
  });
}
