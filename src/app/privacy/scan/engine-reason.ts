/**
 * An engine's error as a reason in the scan's report. Engines quote the data they choke
 * on (DuckDB's CSV errors print the line, PostgreSQL names the value that does not cast),
 * and a scan must never show a value: only the first line is kept, with every quoted part
 * replaced by `…`, and it is cut short.
 */
export function engineReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = (message.split('\n')[0] ?? '').trim();
  const unquoted = first
    .replace(/'(?:[^'\\]|\\.|'')*'?/g, '…')
    .replace(/"(?:[^"\\]|\\.|"")*"?/g, '…')
    .replace(/`[^`]*`?/g, '…');
  return unquoted.length > 240 ? `${unquoted.slice(0, 239)}…` : unquoted || 'unknown error';
}
