/** How a task ends, chosen by `#…` directives in its prompt so spawned CLI runs can ask for an outcome. */
export type Outcome =
  | { kind: 'succeed' }
  | { kind: 'fail'; code: string; message: string; hideError: boolean }
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

export function failure(code: string, hideError = false): Outcome {
  const message = FAILURE_MESSAGES[code] ?? `The task failed with error code ${code}.`;
  return { kind: 'fail', code, message, hideError };
}

/** `#fail`, `#fail=<ArkCode>`, `#fail-no-error`, `#stuck`, `#expire`, `#cancel`; the first one found wins. */
export function parseDirectives(prompt: string): Outcome {
  const match = /#(fail-no-error|fail=([A-Za-z0-9_.]+)|fail|stuck|expire|cancel)(?![\w-])/.exec(prompt);
  if (!match) return { kind: 'succeed' };
  const [, word, code] = match;
  if (code) return failure(code);
  switch (word) {
    case 'fail':
      return failure(DEFAULT_FAILURE_CODE);
    case 'fail-no-error':
      return failure(DEFAULT_FAILURE_CODE, true);
    case 'stuck':
      return { kind: 'stuck' };
    case 'expire':
      return { kind: 'expire' };
    default:
      return { kind: 'cancel' };
  }
}
