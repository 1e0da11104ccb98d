import { defineCatalogue } from '../findings/codes.ts';

/**
 * Codes of the YAML layer: what stops a file from being read at all. The hint of a syntax
 * error follows its cause (`syntaxHint`), so an unclosed quote is not reported as an
 * indentation problem.
 */
export const YAML_CATALOGUE = defineCatalogue({
  'yaml-syntax': {
    severity: 'error',
    message: (p: { detail: string }) => `YAML syntax error: ${p.detail}`,
    hint: (p: { hint: string }) => p.hint,
  },
  'yaml-warning': {
    severity: 'warning',
    message: (p: { detail: string }) => `YAML warning: ${p.detail}`,
    hint: () =>
      'Check the YAML at this position; the parser accepted it but it may not mean what you intended.',
  },
  'yaml-alias-limit': {
    severity: 'error',
    message: (p: { detail: string }) => `YAML aliases expand too far: ${p.detail}.`,
    hint: () =>
      'Write the repeated parts out, or use fewer nested aliases (at most 100 expansions).',
  },
  'yaml-too-deep': {
    severity: 'error',
    message: (p: { limit: number }) =>
      `The YAML nests deeper than ${p.limit} levels here; the file is not read further.`,
    hint: () =>
      'Flatten the structure: contracts and products never need this depth. Look for brackets that are opened but never closed.',
  },
  'yaml-merge-tag': {
    severity: 'error',
    message: () =>
      'The tag !!merge is on a value: a YAML parser drops such a key, so the file would not mean what it says.',
    hint: () =>
      'Remove the !!merge tag. To merge a mapping into another, write `<<: *anchor` as a key of the mapping.',
  },
  'yaml-more-errors': {
    severity: 'info',
    message: (p: { count: number }) =>
      `${p.count} further YAML ${p.count === 1 ? 'error' : 'errors'} in this file are not listed.`,
    hint: () =>
      'Fix the first errors above and validate again: later errors often follow from an earlier one.',
  },
});

/** A hint fitting the parser's error: its code, and for some codes what its message names. */
export function syntaxHint(code: string, message: string): string {
  if (/closing ["']?quote|Missing closing/i.test(message))
    return "Close the quote that this value opens (with the same kind of quote), or escape a quote inside it (\\\" in \"…\", '' in '…').";
  const bracket = /end with an? ([\]}])/.exec(message);
  if (bracket)
    return `Close the ${bracket[1] === ']' ? '[ … ] list' : '{ … } mapping'} that is still open here with ${bracket[1]}; if it continues on the next lines, indent them more than its key.`;
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'Remove or rename one of the two keys: a key may appear only once in a mapping.';
    case 'TAB_AS_INDENT':
      return 'Replace the tab with spaces: YAML does not allow tabs for indentation.';
    case 'BAD_INDENT':
      return 'Check the indentation: keys of one mapping start at the same column, nested keys further right, with spaces, not tabs.';
    case 'MISSING_CHAR':
      return 'A character the YAML needs here is missing (a colon after a key, a closing bracket or quote).';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'A key must fit on one line; check for a missing colon or an unclosed quote above.';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'A value cannot itself be `key: value` on the same line; put the nested mapping on its own, indented lines, or quote the value.';
    case 'BAD_SCALAR_START':
      return 'A plain value cannot start with this character (@, `, %, …); put the value in quotes.';
    case 'UNEXPECTED_TOKEN':
      return 'Check for a missing colon, a stray character or an unclosed quote or bracket near this position.';
    case 'MULTIPLE_DOCS':
      return 'Keep one document per file: remove the `---` line and what follows, or move it into a file of its own.';
    default:
      return 'Fix the YAML syntax at this position (your editor or a YAML linter shows where it breaks).';
  }
}
