/**
 * What the gateway's own views say of a failure: Ark's error (`full`), nothing (`hidden`: `#fail-no-error`, a
 * FAILURE set before the error is attached), or older builds' generic "task failed" (`vague`: `#fail-vague`). The
 * wrapped view's `data.data.error` holds Ark's error in every case (gateway-api.md §5a, §5b).
 */
export type GatewayError = 'full' | 'hidden' | 'vague';

/** How a task ends, chosen by `#…` directives in its prompt so spawned CLI runs can ask for an outcome. */
export type Outcome =
  | { kind: 'succeed' }
  | { kind: 'fail'; code: string; message: string; gatewayError: GatewayError }
  | { kind: 'stuck' }
  | { kind: 'expire' }
  | { kind: 'cancel' };

const FAILURE_MESSAGES: Record<string, string> = {
  OutputVideoSensitiveContentDetected: 'The request failed because the output video may contain sensitive information.',
  OutputAudioSensitiveContentDetected: 'The request failed because the output audio may contain sensitive information.',
  InputTextSensitiveContentDetected: 'The request failed because the input text may contain sensitive information.',
  InputImageSensitiveContentDetected: 'The request failed because the input image may contain sensitive information.',
  InternalServiceError: 'The service encountered an unexpected internal error.',
};

export const DEFAULT_FAILURE_CODE = 'OutputVideoSensitiveContentDetected';

/**
 * `#fail-evil`: a failure whose message tries to take over the terminal (clear screen, OSC title and hyperlink,
 * an 8-bit CSI, a bidi override), for proving that clients strip control characters from server text.
 */
export const EVIL_FAILURE_MESSAGE =
  'The task failed.\u001b[2J\u001b[H\u001b]0;pwned\u0007\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\' +
  '\u009b31m red \u202eoverride\u202c\r\nfake prompt $ ';

export function failure(code: string, gatewayError: GatewayError = 'full'): Outcome {
  const message = FAILURE_MESSAGES[code] ?? `The task failed with error code ${code}.`;
  return { kind: 'fail', code, message, gatewayError };
}

/**
 * `#fail`, `#fail=<ArkCode>`, `#fail-no-error`, `#fail-vague`, `#fail-evil`, `#stuck`, `#expire`, `#cancel`; the first one found
 * wins.
 */
export function parseDirectives(prompt: string): Outcome {
  const match = /#(fail-no-error|fail-vague|fail-evil|fail=([A-Za-z0-9_.]+)|fail|stuck|expire|cancel)(?![\w-])/.exec(
    prompt,
  );
  if (!match) return { kind: 'succeed' };
  const [, word, code] = match;
  if (code) return failure(code);
  switch (word) {
    case 'fail':
      return failure(DEFAULT_FAILURE_CODE);
    case 'fail-no-error':
      return failure(DEFAULT_FAILURE_CODE, 'hidden');
    case 'fail-vague':
      return failure(DEFAULT_FAILURE_CODE, 'vague');
    case 'fail-evil':
      return { kind: 'fail', code: 'InternalServiceError', message: EVIL_FAILURE_MESSAGE, gatewayError: 'full' };
    case 'stuck':
      return { kind: 'stuck' };
    case 'expire':
      return { kind: 'expire' };
    default:
      return { kind: 'cancel' };
  }
}

/**
 * Ids a hostile or broken API could answer, for proving that clients refuse them rather than use them in paths,
 * file names or stdout: `#id-traversal`, `#id-ansi`, `#id-newline`, `#id-long`. The task is stored under that id.
 */
export const EVIL_TASK_IDS: Record<string, string> = {
  'id-traversal': '../../escape',
  'id-ansi': 'cgt-\u001b[31mred',
  'id-newline': 'cgt-1\ncgt-2',
  'id-long': `cgt-${'x'.repeat(296)}`,
};

export function evilTaskId(prompt: string): string | undefined {
  const match = /#(id-traversal|id-ansi|id-newline|id-long)(?![\w-])/.exec(prompt);
  return match ? EVIL_TASK_IDS[match[1] as string] : undefined;
}
