import type { ExportInput, ExportNote } from './export-model.ts';
import { commentLines, cut, oneLine } from './comment-text.ts';
import type { DdlDialect } from './sql-types.ts';
import { columnType, flavourOfServerType } from './sql-types.ts';
import type { ExportForeignKey, ExportTable } from './tables.ts';
import { exportTables } from './tables.ts';

/** MySQL's limits for comments (characters): COMMENT on a column, and on a table. */
const MYSQL_COLUMN_COMMENT = 1024;
const MYSQL_TABLE_COMMENT = 2048;
/** PostgreSQL cuts longer identifiers silently (NAMEDATALEN − 1 bytes); MySQL refuses them. */
const IDENTIFIER_LIMIT: Readonly<Record<DdlDialect['flavour'], number>> = {
  postgres: 63,
  mysql: 64,
  duckdb: Number.MAX_SAFE_INTEGER,
};

/**
 * CREATE TABLE statements for the contracts' schema objects: columns with types, NOT NULL,
 * PRIMARY KEY (in `primaryKeyPosition` order), UNIQUE (single and composite), FOREIGN KEY
 * from relationships, and descriptions as comments. A foreign key that cannot be created
 * here — its table is not in this export, its columns are not a key there, it could not be
 * resolved — is written as a commented-out statement with the reason, and reported.
 *
 * PostgreSQL and MySQL get the foreign keys as ALTER TABLE after all tables, so the order of
 * the tables and cycles between them do not matter. DuckDB has no ALTER TABLE … ADD FOREIGN
 * KEY: there they are part of CREATE TABLE, and the tables are ordered so a referenced table
 * comes first; a key in a cycle is commented out.
 */
export function renderDdl(
  input: ExportInput,
  dialect: DdlDialect,
): { text: string; notes: ExportNote[] } {
  const { tables, notes: found } = exportTables(input);
  const notes = [...found];
  const q = (name: string): string => dialect.quoteIdentifier(name);
  const lines: string[] = [header(input, dialect)];
  const ordered = dialect.flavour === 'duckdb' ? dependencyOrder(tables) : tables;
  const created = new Set<ExportTable>();
  const later: string[] = [];
  for (const table of ordered) {
    checkIdentifiers(table, dialect, notes);
    const body: string[] = [];
    const keyColumns = new Set([
      ...table.primaryKey,
      ...table.uniqueKeys.flat(),
      ...table.foreignKeys.flatMap((f) => f.columns),
    ]);
    for (const column of table.columns) {
      const type = columnType(
        column.property,
        dialect,
        keyColumns.has(column.name),
        flavourOfServerType(serverTypeOf(table)),
      );
      if (type.mapped !== undefined) {
        notes.push({
          code: 'not-expressible',
          message: `${table.name}.${column.name}: ${type.mapped}; written as ${type.sql}.`,
        });
      }
      if ((column.property.properties?.length ?? 0) > 0 || column.property.items !== undefined) {
        notes.push({
          code: 'nested-property',
          message: `${table.name}.${column.name} has nested properties; the column holds them as ${type.sql}.`,
        });
      }
      let text = `  ${q(column.name)} ${type.sql}${column.required ? ' NOT NULL' : ''}`;
      if (dialect.flavour === 'mysql' && column.property.description !== undefined) {
        text += ` COMMENT ${dialect.literal(limited(column.property.description, MYSQL_COLUMN_COMMENT, `${table.name}.${column.name}`, notes))}`;
      }
      body.push(text);
    }
    if (table.primaryKey.length > 0)
      body.push(`  PRIMARY KEY (${table.primaryKey.map(q).join(', ')})`);
    for (const key of table.uniqueKeys) body.push(`  UNIQUE (${key.map(q).join(', ')})`);
    const deferred: string[] = [];
    for (const key of table.foreignKeys) {
      const verdict = foreignKeyVerdict(table, key, notes);
      const clause =
        key.target &&
        `FOREIGN KEY (${key.columns.map(q).join(', ')}) REFERENCES ${q(key.target.table)} (${key.target.columns.map(q).join(', ')})`;
      if (dialect.flavour === 'duckdb') {
        const cycle =
          key.target !== undefined &&
          verdict === undefined &&
          ![...created].some((t) => t.object === key.target!.object);
        if (clause && verdict === undefined && !cycle) body.push(`  ${clause}`);
        else
          deferred.push(
            `-- ${oneLine(verdict ?? 'DuckDB cannot add a foreign key later and its table is created after this one (a cycle)')}:`,
            ...commentLines(clause ?? `(${key.columns.join(', ')}) → ${key.reference}`, '--   '),
          );
        if (cycle && verdict === undefined)
          notes.push({
            code: 'not-expressible',
            message: `${table.name}: the foreign key to ${key.target.table} closes a cycle, which DuckDB cannot create; left out.`,
          });
      } else if (clause && verdict === undefined) {
        later.push(`ALTER TABLE ${q(table.name)} ADD ${clause};`);
      } else {
        later.push(
          `-- ${oneLine(verdict ?? 'not resolved')}:`,
          ...commentLines(
            clause
              ? `ALTER TABLE ${q(table.name)} ADD ${clause};`
              : `(${key.columns.join(', ')}) → ${key.reference}`,
          ),
        );
      }
    }
    if (table.object.physicalType !== undefined && table.object.physicalType !== 'table') {
      lines.push(
        `-- ${oneLine(table.name)}: a ${oneLine(table.object.physicalType)} in the contract, written as a table.`,
      );
    }
    lines.push(...deferred);
    const tableComment =
      dialect.flavour === 'mysql' && table.object.description !== undefined
        ? ` COMMENT=${dialect.literal(limited(table.object.description, MYSQL_TABLE_COMMENT, table.name, notes))}`
        : '';
    lines.push(`CREATE TABLE ${q(table.name)} (\n${body.join(',\n')}\n)${tableComment};`);
    if (dialect.flavour !== 'mysql') lines.push(...commentsOn(table, dialect));
    lines.push('');
    created.add(table);
  }
  if (later.length > 0) {
    lines.push(
      '-- Foreign keys, after all tables so that their order does not matter.',
      ...later,
      '',
    );
  }
  return { text: `${lines.join('\n').trimEnd()}\n`, notes };
}

function header(input: ExportInput, dialect: DdlDialect): string {
  const names = input.contracts.map((c) => `${c.contract.id} ${c.contract.version}`);
  return `-- ${dialect.flavour} DDL written by meshwork export from ${oneLine(names.join(', '))}.\n`;
}

function commentsOn(table: ExportTable, dialect: DdlDialect): string[] {
  const q = (name: string): string => dialect.quoteIdentifier(name);
  const out: string[] = [];
  if (table.object.description !== undefined) {
    out.push(`COMMENT ON TABLE ${q(table.name)} IS ${dialect.literal(table.object.description)};`);
  }
  for (const column of table.columns) {
    const description = column.property.description;
    if (description === undefined) continue;
    out.push(
      `COMMENT ON COLUMN ${q(table.name)}.${q(column.name)} IS ${dialect.literal(description)};`,
    );
  }
  return out;
}

/** Why the foreign key cannot be created here; undefined when it can. */
function foreignKeyVerdict(
  table: ExportTable,
  key: ExportForeignKey,
  notes: ExportNote[],
): string | undefined {
  const target = key.target;
  if (target === undefined)
    return `the foreign key (${key.columns.join(', ')}) → ${key.reference} could not be resolved`;
  if (!target.isKey) {
    const reason = `${target.table} (${target.columns.join(', ')}) is not a primary or unique key there, so the database cannot enforce this foreign key`;
    notes.push({
      code: 'reference-not-a-key',
      message: `${table.name}: ${reason}; written as a comment.`,
    });
    return reason;
  }
  if (!target.inExport) {
    const reason = `${target.table} is in ${target.entry.path}, which this export does not create; export the contracts together, or create it first and run`;
    notes.push({
      code: 'reference-outside-export',
      message: `${table.name}: the foreign key to ${target.table} points outside this export (${target.entry.path}); written as a comment.`,
    });
    return reason;
  }
  return undefined;
}

function limited(text: string, max: number, where: string, notes: ExportNote[]): string {
  const result = cut(text, max);
  if (result.cut)
    notes.push({
      code: 'truncated',
      message: `${where}: the description is longer than MySQL's ${max} characters; cut.`,
    });
  return result.text;
}

function checkIdentifiers(table: ExportTable, dialect: DdlDialect, notes: ExportNote[]): void {
  const limit = IDENTIFIER_LIMIT[dialect.flavour];
  for (const name of [table.name, ...table.columns.map((c) => c.name)]) {
    if (new TextEncoder().encode(name).length > limit) {
      notes.push({
        code: 'name-changed',
        message: `${name} is longer than ${dialect.flavour}'s ${limit}-byte names: the database cuts or refuses it.`,
      });
    }
  }
}

/** Referenced tables first (DuckDB); a cycle keeps the contract's order for its members. */
function dependencyOrder(tables: readonly ExportTable[]): ExportTable[] {
  const ordered: ExportTable[] = [];
  const state = new Map<ExportTable, 'visiting' | 'done'>();
  const visit = (table: ExportTable): void => {
    if (state.has(table)) return;
    state.set(table, 'visiting');
    for (const key of table.foreignKeys) {
      const target = tables.find((t) => t.object === key.target?.object);
      if (target && target !== table) visit(target);
    }
    state.set(table, 'done');
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered;
}

function serverTypeOf(table: ExportTable): string | undefined {
  const server = table.entry.contract.servers?.[0] as { readonly type?: unknown } | undefined;
  return typeof server?.type === 'string' ? server.type : undefined;
}
