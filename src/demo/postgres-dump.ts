import type { DemoColumn, DemoTable } from './demo-tables.ts';
import { sqlIdentifier } from './sql-text.ts';

/**
 * Text of a plain PostgreSQL dump like `pg_dump` writes it: tables first, then one
 * `COPY ... FROM stdin` block per table, then keys and indexes (faster to load, and the
 * load order does not matter), all in one transaction. psql loads it as it is; so does any
 * client that speaks the COPY sub-protocol.
 */

export function postgresDumpPrologue(
  tables: readonly DemoTable[],
  comment: readonly string[],
): string {
  const lines = [
    ...comment.map((line) => `-- ${line}`),
    '',
    "SET client_encoding = 'UTF8';",
    'SET standard_conforming_strings = on;',
    'SET check_function_bodies = false;',
    'SET client_min_messages = warning;',
    '',
    'BEGIN;',
    '',
    ...[...tables]
      .reverse()
      .map((t) => `DROP TABLE IF EXISTS public.${sqlIdentifier(t.name)} CASCADE;`),
    '',
  ];
  for (const table of tables) {
    const columns = table.columns.map(
      (c) => `    ${sqlIdentifier(c.name)} ${c.pgType}${c.nullable ? '' : ' NOT NULL'}`,
    );
    lines.push(`CREATE TABLE public.${sqlIdentifier(table.name)} (`, columns.join(',\n'), ');', '');
  }
  return lines.join('\n') + '\n';
}

export function postgresCopyHeader(table: DemoTable): string {
  const columns = table.columns.map((c) => sqlIdentifier(c.name)).join(', ');
  return `COPY public.${sqlIdentifier(table.name)} (${columns}) FROM stdin;\n`;
}

export const POSTGRES_COPY_TERMINATOR = '\\.\n';

export function postgresDumpEpilogue(tables: readonly DemoTable[]): string {
  const lines: string[] = [];
  for (const table of tables) {
    const name = sqlIdentifier(table.name);
    const keyColumns = table.primaryKey.map(sqlIdentifier).join(', ');
    lines.push(
      `ALTER TABLE ONLY public.${name} ADD CONSTRAINT ${sqlIdentifier(`${table.name}_pkey`)} PRIMARY KEY (${keyColumns});`,
    );
    for (const column of table.unique ?? []) {
      const constraint = sqlIdentifier(`${table.name}_${column}_key`);
      lines.push(
        `ALTER TABLE ONLY public.${name} ADD CONSTRAINT ${constraint} UNIQUE (${sqlIdentifier(column)});`,
      );
    }
  }
  for (const table of tables) {
    for (const fk of table.foreignKeys ?? []) {
      const constraint = sqlIdentifier(`${table.name}_${fk.column}_fkey`);
      lines.push(
        `ALTER TABLE ONLY public.${sqlIdentifier(table.name)} ADD CONSTRAINT ${constraint} FOREIGN KEY (${sqlIdentifier(fk.column)}) REFERENCES public.${sqlIdentifier(fk.table)} (${sqlIdentifier(fk.references)});`,
      );
      lines.push(
        `CREATE INDEX ${sqlIdentifier(`${table.name}_${fk.column}_idx`)} ON public.${sqlIdentifier(table.name)} (${sqlIdentifier(fk.column)});`,
      );
    }
  }
  return ['', ...lines, '', 'COMMIT;', '', 'ANALYZE;', ''].join('\n');
}

/**
 * A DuckDB query returning one column `line`: each row of `table` in COPY text format
 * (tab-separated, `\N` for NULL, backslash escapes), ordered by the primary key.
 */
export function postgresCopyLinesQuery(table: DemoTable): string {
  const fields = table.columns.map(copyTextExpression).join(', chr(9), ');
  const order = table.primaryKey.map(sqlIdentifier).join(', ');
  return `SELECT concat(${fields}) AS line FROM ${sqlIdentifier(table.name)} ORDER BY ${order}`;
}

function copyTextExpression(column: DemoColumn): string {
  const ref = sqlIdentifier(column.name);
  let text: string;
  if (column.type === 'BOOLEAN') text = `CASE WHEN ${ref} THEN 't' WHEN NOT ${ref} THEN 'f' END`;
  else if (column.type === 'VARCHAR') {
    // COPY text format: backslash, tab, newline and carriage return are escaped.
    text = `replace(replace(replace(replace(${ref}, '\\', '\\\\'), chr(9), '\\t'), chr(10), '\\n'), chr(13), '\\r')`;
  } else text = `CAST(${ref} AS VARCHAR)`;
  return column.nullable ? `coalesce(${text}, '\\N')` : text;
}
