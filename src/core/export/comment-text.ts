/**
 * Text from a contract placed in a line comment (`-- …`, `# …`, `%% …`): a line break would
 * end the comment and let the rest of a description run as code, so every line terminator
 * (and other control characters) becomes a space.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').trim();
}

/**
 * Text placed in SQL line comments, kept as written (a commented-out statement stays one
 * that can be uncommented): it is split at every line terminator and each line gets the
 * prefix, so a quoted name holding a line break cannot end the comment and run as SQL. The
 * other control characters become a space (a NUL would cut the script in some clients).
 */
export function commentLines(text: string, prefix = '-- '): string[] {
  // eslint-disable-next-line no-control-regex
  const lines = text.split(/\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/);
  return lines.map((line) => `${prefix}${line.replace(CONTROL, ' ')}`);
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f]/g;

/** At most `max` characters (code points), with `…` when cut. */
export function cut(text: string, max: number): { readonly text: string; readonly cut: boolean } {
  const chars = [...text];
  return chars.length <= max
    ? { text, cut: false }
    : { text: `${chars.slice(0, max - 1).join('')}…`, cut: true };
}
