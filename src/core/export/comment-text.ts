/**
 * Text from a contract placed in a line comment (`-- …`, `# …`, `%% …`): a line break would
 * end the comment and let the rest of a description run as code, so every line terminator
 * (and other control characters) becomes a space.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').trim();
}

/** At most `max` characters (code points), with `…` when cut. */
export function cut(text: string, max: number): { readonly text: string; readonly cut: boolean } {
  const chars = [...text];
  return chars.length <= max
    ? { text, cut: false }
    : { text: `${chars.slice(0, max - 1).join('')}…`, cut: true };
}
