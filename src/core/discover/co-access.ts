/**
 * Co-access: tables that the same statements read or write together are used together,
 * whatever their foreign keys say (issue 12: "cut domains along data flows"). The
 * statements come from a statistics view (PostgreSQL `pg_stat_statements`: normalised
 * text, constants replaced by `$n`, and a call count).
 *
 * Reading table names from SQL text without a full parser is done conservatively: only a
 * name right after FROM, JOIN, UPDATE, INTO or USING (and the comma-separated items of a
 * FROM list) counts, and only when it is a table of the described schema. A CTE's name is
 * never a table. A miss costs an edge; a wrong name would invent one, so misses are
 * preferred.
 */

/** One statement of the statistics view. */
export interface StatementStat {
  readonly query: string;
  readonly calls: number;
}

/** Two tables used together, with the calls of the statements that used both. */
export interface CoAccessPair {
  /** The two table names, in code-point order. */
  readonly tables: readonly [string, string];
  readonly calls: number;
  /** How many distinct statements named both. */
  readonly statements: number;
}

export interface CoAccess {
  readonly pairs: readonly CoAccessPair[];
  /** Statements read (within MAX_STATEMENTS). */
  readonly statements: number;
  /** Statements that named two or more tables of the schema. */
  readonly joining: number;
  /** Statements skipped because they name more than MAX_TABLES_PER_STATEMENT tables (reports, not flows). */
  readonly tooWide: number;
  /** Statements not read because they are longer than MAX_QUERY_CHARS. */
  readonly tooLong: number;
  /** More statements were given than MAX_STATEMENTS (the caller may have had more still). */
  readonly truncated: boolean;
}

/** Statements beyond this many (the caller orders by calls) are not read. */
export const MAX_STATEMENTS = 5000;
/** A statement text longer than this is not read (a generated monster query says little). */
export const MAX_QUERY_CHARS = 20_000;
/**
 * A statement that names more tables than this is a report over many domains, not a
 * flow inside one: its pairs would tie everything together.
 */
export const MAX_TABLES_PER_STATEMENT = 8;

const KEYWORDS_BEFORE_TABLE = new Set(['from', 'join', 'update', 'into', 'using']);
/** Words after a FROM item that end it (an alias is any other plain word). */
const CLAUSE_WORDS = new Set([
  'where',
  'group',
  'order',
  'having',
  'limit',
  'offset',
  'join',
  'inner',
  'left',
  'right',
  'full',
  'cross',
  'natural',
  'on',
  'using',
  'union',
  'except',
  'intersect',
  'window',
  'returning',
  'set',
  'values',
  'fetch',
  'for',
  'lateral',
  'tablesample',
  'select',
]);

type Token =
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'quoted'; readonly text: string }
  | { readonly kind: 'punct'; readonly text: string };

/**
 * The tables of `known` that one statement names as a table. Names compare as the engine
 * folds them: unquoted words lower-case, quoted ones exact; `schema.table` counts when
 * `schema` is the described schema (or none is given).
 */
export function tablesInStatement(
  query: string,
  known: ReadonlySet<string>,
  schema?: string,
): Set<string> {
  const tokens = tokenize(query);
  const cteNames = new Set<string>();
  for (let i = 0; i + 2 < tokens.length; i++) {
    const [a, b, c] = [tokens[i]!, tokens[i + 1]!, tokens[i + 2]!];
    // `WITH name AS (` and `, name AS (` define a CTE; `name (a, b) AS (` is rarer and missed.
    if (
      a.kind === 'word' &&
      (a.text === 'with' || a.text === 'recursive') &&
      b.kind !== 'punct' &&
      isWord(c, 'as')
    )
      cteNames.add(b.text);
    if (a.kind === 'punct' && a.text === ',' && b.kind !== 'punct' && isWord(c, 'as')) {
      const d = tokens[i + 3];
      if (d?.kind === 'punct' && d.text === '(') cteNames.add(b.text);
    }
  }
  const found = new Set<string>();
  const take = (at: number): number => {
    const name = qualifiedName(tokens, at);
    if (!name) return at + 1;
    if (
      (name.schema === undefined || schema === undefined || name.schema === schema) &&
      !(name.schema === undefined && cteNames.has(name.table)) &&
      known.has(name.table)
    )
      found.add(name.table);
    return name.next;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'word' || !KEYWORDS_BEFORE_TABLE.has(token.text)) continue;
    let at = i + 1;
    if (isWord(tokens[at], 'only')) at++;
    at = take(at);
    if (token.text !== 'from') continue;
    // FROM a [AS] x, b [AS] y, … : the list's further items.
    for (;;) {
      if (isWord(tokens[at], 'as')) at++;
      const alias = tokens[at];
      if (alias && alias.kind !== 'punct' && !CLAUSE_WORDS.has(alias.text)) at++;
      const comma = tokens[at];
      if (comma?.kind !== 'punct' || comma.text !== ',') break;
      at = take(at + 1);
    }
  }
  return found;
}

/** Pairs of tables used together, summed over the statements. */
export function coAccessOf(
  statements: readonly StatementStat[],
  known: ReadonlySet<string>,
  schema?: string,
): CoAccess {
  const pairs = new Map<string, { tables: [string, string]; calls: number; statements: number }>();
  let joining = 0;
  let tooWide = 0;
  let tooLong = 0;
  let read = 0;
  for (const statement of statements.slice(0, MAX_STATEMENTS)) {
    if (statement.query.length > MAX_QUERY_CHARS) {
      tooLong++;
      continue;
    }
    read++;
    const calls = Number.isFinite(statement.calls) && statement.calls > 0 ? statement.calls : 0;
    const tables = [...tablesInStatement(statement.query, known, schema)].sort(byCodePoint);
    if (tables.length < 2) continue;
    if (tables.length > MAX_TABLES_PER_STATEMENT) {
      tooWide++;
      continue;
    }
    joining++;
    for (let i = 0; i < tables.length; i++) {
      for (let j = i + 1; j < tables.length; j++) {
        const pair: [string, string] = [tables[i]!, tables[j]!];
        const key = JSON.stringify(pair);
        const entry = pairs.get(key) ?? { tables: pair, calls: 0, statements: 0 };
        entry.calls += calls;
        entry.statements++;
        pairs.set(key, entry);
      }
    }
  }
  return {
    pairs: [...pairs.values()].sort(
      (a, b) => b.calls - a.calls || byCodePoint(a.tables.join('\0'), b.tables.join('\0')),
    ),
    statements: read,
    joining,
    tooWide,
    tooLong,
    truncated: statements.length > MAX_STATEMENTS,
  };
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isWord(token: Token | undefined, text: string): boolean {
  return token?.kind === 'word' && token.text === text;
}

/** `name`, `schema.name`, `db.schema.name` at `at`; the last part is the table. */
function qualifiedName(
  tokens: readonly Token[],
  at: number,
): { schema: string | undefined; table: string; next: number } | undefined {
  const parts: string[] = [];
  let i = at;
  for (;;) {
    const token = tokens[i];
    if (!token || token.kind === 'punct' || (token.kind === 'word' && token.text === 'select'))
      break;
    parts.push(token.text);
    i++;
    const dot = tokens[i];
    if (dot?.kind !== 'punct' || dot.text !== '.') break;
    i++;
  }
  if (parts.length === 0 || parts.length > 3) return undefined;
  return { schema: parts.length > 1 ? parts.at(-2) : undefined, table: parts.at(-1)!, next: i };
}

/**
 * Words (lower-cased, as PostgreSQL folds unquoted identifiers), quoted identifiers
 * (`"…"`, MySQL's backticks), and punctuation; string literals, numbers, `$n`
 * parameters and comments are dropped.
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === "'") {
      i = endOfQuoted(text, i, "'");
    } else if (c === '"' || c === '`') {
      const end = endOfQuoted(text, i, c);
      tokens.push({ kind: 'quoted', text: text.slice(i + 1, end - 1).replaceAll(c + c, c) });
      i = end;
    } else if (/[\p{L}_]/u.test(c)) {
      const match = /^[\p{L}\p{N}_$]+/u.exec(text.slice(i, i + 256))!;
      tokens.push({ kind: 'word', text: match[0].toLowerCase() });
      i += match[0].length;
    } else if (/[0-9$]/.test(c)) {
      const match = /^[$0-9.a-z_]+/i.exec(text.slice(i, i + 64))!;
      i += match[0].length;
    } else {
      tokens.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return tokens;
}

/** The index after a quoted run starting at `start`, doubled quotes inside. */
function endOfQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return text.length;
}
