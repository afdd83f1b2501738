// A command line as a POSIX shell reads it back (the rule of shellWord in src/output/sanitize.ts; this file is
// plain JavaScript run by node, before or without a build).
export function shellLine(words) {
  return words.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`)).join(' ');
}
