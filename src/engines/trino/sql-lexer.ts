import { StatementRefusedError } from '../build-engine.ts';

/**
 * Untrusted SQL (a contract's rule, a product's transform) split the way Trino's own lexer
 * splits it (SqlBase.g4 of Trino 476), so a check reads the statement Trino will run:
 *
 * - SIMPLE_COMMENT `'--' ~[\r\n]* '\r'? '\n'?` ends at `\r` OR `\n` — a scan that waits for
 *   `\n` alone lets `--\r TABLE(…)` hide a table function that Trino then runs;
 * - BRACKETED_COMMENT `'/*' .*? '*\/'` does not nest;
 * - WS is `[ \r\n\t]` only; STRING `'…'` and QUOTED_IDENTIFIER `"…"` double their quote to
 *   escape it; a backquoted name is read as one token, as Trino does before refusing it.
 *
 * What Trino would read differently is refused rather than guessed: an unterminated string,
 * quoted name or `/*` comment (Trino reads an unclosed `/*` as `/` and `*` and lexes on), and
 * a character JavaScript counts as whitespace but Trino does not (form feed, vertical tab,
 * no-break space … — Trino's UNRECOGNIZED token).
 */

export type SqlPieceKind = 'space' | 'comment' | 'string' | 'quoted' | 'word' | 'symbol';

export interface SqlPiece {
  readonly kind: SqlPieceKind;
  /** Upper-cased for a word; the character for a symbol; the raw text otherwise. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const TRINO_SPACE = /[ \t\r\n]/;
const WORD_START = /[A-Za-z0-9_]/;
const WORD_PART = /[A-Za-z0-9_]/;

/** Every character of `sql` in exactly one piece, in order. Throws StatementRefusedError. */
export function trinoPieces(sql: string): SqlPiece[] {
  const out: SqlPiece[] = [];
  const push = (kind: SqlPieceKind, start: number, end: number): void => {
    const raw = sql.slice(start, end);
    out.push({ kind, text: kind === 'word' ? raw.toUpperCase() : raw, start, end });
  };
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (TRINO_SPACE.test(c)) {
      let j = i + 1;
      while (j < sql.length && TRINO_SPACE.test(sql[j]!)) j++;
      push('space', i, j);
      i = j;
    } else if (/\s/.test(c)) {
      throw new StatementRefusedError(
        `a character Trino does not read as whitespace (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`,
      );
    } else if (c === '-' && sql[i + 1] === '-') {
      let j = i + 2;
      while (j < sql.length && sql[j] !== '\r' && sql[j] !== '\n') j++;
      push('comment', i, j);
      i = j;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new StatementRefusedError('an unterminated /* comment');
      push('comment', i, end + 2);
      i = end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      for (;;) {
        const end = sql.indexOf(c, j);
        if (end < 0) throw new StatementRefusedError(`an unterminated ${c} quote`);
        if (sql[end + 1] === c) {
          j = end + 2;
          continue;
        }
        j = end + 1;
        break;
      }
      push(c === "'" ? 'string' : 'quoted', i, j);
      i = j;
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < sql.length && WORD_PART.test(sql[j]!)) j++;
      push('word', i, j);
      i = j;
    } else {
      push('symbol', i, i + 1);
      i++;
    }
  }
  return out;
}

/** The pieces a parser sees: no whitespace, no comments. */
export function trinoTokens(sql: string): SqlPiece[] {
  return trinoPieces(sql).filter((p) => p.kind !== 'space' && p.kind !== 'comment');
}

/** Index of the first `TABLE (` — a table function call — or -1. */
export function tableFunctionCall(tokens: readonly SqlPiece[]): number {
  return tokens.findIndex(
    (t, k) =>
      t.kind === 'word' &&
      t.text === 'TABLE' &&
      tokens[k + 1]?.kind === 'symbol' &&
      tokens[k + 1]?.text === '(',
  );
}
