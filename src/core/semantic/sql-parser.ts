/**
 * Parsing SQL needs a real SQL engine, which is I/O, so core declares what it needs and
 * an engine implements it (`engines/duckdb/` does).
 */
export interface SqlParser {
  /** Quotes a name as an identifier of the parser's dialect. */
  quoteIdentifier(name: string): string;
  /** Parses one statement without running it. */
  parse(sql: string): Promise<SqlParseResult>;
}

export type SqlParseResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /**
       * `syntax-error`: the text is not SQL of the dialect; `not-select`: it parses but is
       * not a query (DDL, DML, PRAGMA, …); `multiple-statements`: more than one statement;
       * `empty`: no statement at all.
       */
      readonly reason: 'syntax-error' | 'not-select' | 'multiple-statements' | 'empty';
      /** The parser's own words, for `syntax-error`. */
      readonly message: string;
      /** Number of statements, for `multiple-statements`. */
      readonly statements?: number;
    };
