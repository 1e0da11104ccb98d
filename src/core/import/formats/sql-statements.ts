/**
 * A SQL script cut into statements of tokens, for the DDL importer. Only what a schema
 * script needs: words, quoted identifiers, strings (standard, PostgreSQL `E'…'` and
 * dollar quotes, MySQL backslash escapes), numbers and punctuation; comments are dropped.
 * psql meta-commands (`\connect`, pg_dump's `\restrict`) are statements of their own line,
 * and the data lines after `COPY … FROM stdin;` are passed over up to `\.`. Linear in the
 * input and without recursion, so a hostile file costs its length, never a stack.
 */

export type SqlTokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct';

export interface SqlToken {
  readonly kind: SqlTokenKind;
  /** The word as written, the identifier or string unescaped, the punctuation itself. */
  readonly text: string;
  readonly line: number;
}

export interface SqlStatement {
  readonly tokens: readonly SqlToken[];
  /** The line of the statement's first token. */
  readonly line: number;
  /** A psql meta-command (`\restrict …`): read by no one, named for what it is. */
  readonly meta?: string;
}

export interface SqlScript {
  readonly statements: readonly SqlStatement[];
  /** Where the script stopped being readable (an unterminated string or comment). */
  readonly broken?: { readonly line: number; readonly reason: string };
}

export interface SqlLexOptions {
  /** MySQL: backticks quote identifiers, backslashes escape in strings. */
  readonly mysql: boolean;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;

export function splitSqlStatements(text: string, options: SqlLexOptions): SqlScript {
  const statements: SqlStatement[] = [];
  let tokens: SqlToken[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  let atLineStart = true;
  // MySQL runs the text of a `/*!50001 … */` version comment: mysqldump writes its views
  // and SET statements so. It is read as SQL; only its markers are dropped.
  let inVersionComment = false;

  const finish = (): void => {
    if (tokens.length > 0) statements.push({ tokens, line: tokens[0]!.line });
    tokens = [];
  };
  const broken = (reason: string, at: number): SqlScript => ({
    statements,
    broken: { line: at, reason },
  });
  const advanceTo = (end: number): void => {
    for (let k = i; k < end; k++) if (text.charCodeAt(k) === 10) line++;
    i = end;
  };

  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
      atLineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    const lineStart = atLineStart;
    atLineStart = false;
    if (c === '\\' && lineStart && tokens.length === 0) {
      const end = lineEnd(text, i);
      statements.push({ tokens: [], line, meta: text.slice(i, end).trim().slice(0, 80) });
      i = end;
      continue;
    }
    if (c === '-' && text[i + 1] === '-') {
      i = lineEnd(text, i);
      continue;
    }
    if (c === '#' && options.mysql) {
      i = lineEnd(text, i);
      continue;
    }
    if (options.mysql && c === '/' && text[i + 1] === '*' && text[i + 2] === '!') {
      i += 3;
      while (i < n && DIGIT.test(text[i]!)) i++;
      inVersionComment = true;
      continue;
    }
    if (inVersionComment && c === '*' && text[i + 1] === '/') {
      inVersionComment = false;
      i += 2;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const start = line;
      const end = blockCommentEnd(text, i, !options.mysql);
      if (end < 0) return broken('a /* comment is not closed', start);
      advanceTo(end);
      continue;
    }
    if (c === ';') {
      const copyFromStdin = isCopyFromStdin(tokens);
      finish();
      i++;
      if (copyFromStdin) {
        const end = copyDataEnd(text, i);
        if (end < 0) return broken('the data of COPY … FROM stdin has no closing \\.', line);
        advanceTo(end);
      }
      continue;
    }
    const tokenLine = line;
    if (c === "'" || ((c === 'E' || c === 'e') && text[i + 1] === "'" && !options.mysql)) {
      const escapes = options.mysql || c !== "'";
      const open = c === "'" ? i : i + 1;
      const read = readQuoted(text, open, "'", escapes);
      if (read === undefined) return broken('a string is not closed', tokenLine);
      tokens.push({ kind: 'string', text: read.value, line: tokenLine });
      advanceTo(read.end);
      continue;
    }
    if (c === '"' || (c === '`' && options.mysql)) {
      const read = readQuoted(text, i, c, false);
      if (read === undefined) return broken('a quoted identifier is not closed', tokenLine);
      tokens.push({ kind: 'quoted', text: read.value, line: tokenLine });
      advanceTo(read.end);
      continue;
    }
    if (c === '$' && !options.mysql) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 66));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        if (close < 0) return broken('a $-quoted string is not closed', tokenLine);
        tokens.push({
          kind: 'string',
          text: text.slice(i + tag[0].length, close),
          line: tokenLine,
        });
        advanceTo(close + tag[0].length);
        continue;
      }
    }
    if (WORD_START.test(c)) {
      let end = i + 1;
      while (end < n && WORD_PART.test(text[end]!)) end++;
      tokens.push({ kind: 'word', text: text.slice(i, end), line: tokenLine });
      i = end;
      continue;
    }
    if (DIGIT.test(c)) {
      let end = i + 1;
      while (end < n && /[0-9.eE]/.test(text[end]!)) end++;
      tokens.push({ kind: 'number', text: text.slice(i, end), line: tokenLine });
      i = end;
      continue;
    }
    // `::`, `<=`, `=>` and friends stay apart; only the statement's shape is read.
    tokens.push({ kind: 'punct', text: c, line: tokenLine });
    i++;
  }
  finish();
  return { statements };
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** PostgreSQL nests block comments; MySQL does not. */
function blockCommentEnd(text: string, from: number, nested: boolean): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth = nested || depth === 0 ? depth + 1 : depth;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return -1;
}

function readQuoted(
  text: string,
  open: number,
  quote: string,
  backslashEscapes: boolean,
): { value: string; end: number } | undefined {
  let value = '';
  let i = open + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (backslashEscapes && c === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
      i += 2;
      continue;
    }
    if (c === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += c;
    i++;
  }
  return undefined;
}

function isCopyFromStdin(tokens: readonly SqlToken[]): boolean {
  if (tokens[0]?.kind !== 'word' || tokens[0].text.toUpperCase() !== 'COPY') return false;
  const last = tokens.slice(-4).map((t) => t.text.toUpperCase());
  return last.includes('FROM') && last.includes('STDIN');
}

/** The data of `COPY … FROM stdin` ends at a line `\.`. */
function copyDataEnd(text: string, from: number): number {
  const match = /(^|\n)\\\.[ \t\r]*(\n|$)/.exec(text.slice(from));
  return match === null ? -1 : from + match.index + match[0].length;
}
