const MAX_MESSAGE = 500;

const ANSI_SEQUENCE = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b[ -/]*[0-~]?/g;
const CONTROL = /[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const WHITESPACE_CONTROL = /[\t\n\v\f\r]/g;

/**
 * Makes untrusted server text safe for a terminal: drops ANSI escape sequences, C0/C1 control characters
 * and bidi overrides; tab, CR and LF become a space (so a message stays on one line).
 */
export function stripControl(text: string): string {
  return text.replace(ANSI_SEQUENCE, '').replace(WHITESPACE_CONTROL, ' ').replace(CONTROL, '');
}

/** One line of printable text: control characters stripped, runs of whitespace collapsed, capped. */
export function oneLine(text: string, max = MAX_MESSAGE): string {
  const line = stripControl(text).replace(/\s+/g, ' ').trim();
  const chars = Array.from(line.slice(0, max * 2));
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : line;
}

/** `sk-abcdef…wxyz` → `sk-…wxyz`: enough to tell keys apart, never enough to use one. */
export function redactKey(key: string | undefined | null): string {
  if (!key) return '(none)';
  const prefix = key.startsWith('sk-') ? 'sk-' : '';
  return key.length <= 8 ? `${prefix}…` : `${prefix}…${key.slice(-4)}`;
}

/** A word as a POSIX shell reads it back: bare when it is plain, single-quoted otherwise. */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** `text` with every secret replaced: what the CLI prints and what the MCP server answers never hold the key. */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[REDACTED]');
  return out;
}
