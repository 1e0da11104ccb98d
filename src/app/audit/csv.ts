/**
 * One CSV cell (RFC 4180: quoted when it holds a quote, comma or line break; quotes
 * doubled), safe to open in a spreadsheet: a cell starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return gets a leading apostrophe. Spreadsheets run such a cell as a
 * formula (CSV injection, OWASP): an actor or target is text from outside — a username
 * typed at the sign-in form is audited as it was typed — and `=HYPERLINK(…)` or a DDE
 * call in it would run on the auditor's machine. The apostrophe is what spreadsheets
 * themselves use to mark text; the JSON-lines export keeps every value exactly.
 */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
