import type { CatalogForeignKey, CatalogGap, CatalogTable } from '../catalog.ts';
import { DdlTableIndex } from './ddl-table-index.ts';
import type { LogicalTypeReading } from './sql-logical-type.ts';
import { logicalTypeOfSql } from './sql-logical-type.ts';
import type { SqlStatement, SqlToken } from './sql-statements.ts';
import { splitSqlStatements } from './sql-statements.ts';

/**
 * A SQL DDL script (pg_dump `--schema-only`, mysqldump `--no-data`, `SHOW CREATE TABLE`
 * output, a hand-written schema) read into the catalog model. What it reads: CREATE TABLE
 * with column and table constraints, ALTER TABLE … ADD [CONSTRAINT] / ADD COLUMN / ALTER
 * COLUMN … SET NOT NULL / DROP COLUMN, CREATE UNIQUE INDEX over plain columns, COMMENT ON
 * TABLE/COLUMN (PostgreSQL) and COMMENT '…' (MySQL), DROP TABLE. Statements that say
 * nothing about tables (SET, GRANT, CREATE SEQUENCE/TYPE/FUNCTION, OWNER TO …) are passed
 * over; anything else is a gap at file:line, never a guess and never a crash. A view's
 * columns come from its query, which a script does not type: it is a gap too.
 *
 * Why not a general SQL parser from npm: node-sql-parser 5.4 (tried on real pg_dump output)
 * rejects a column of a user-defined type (`shop.mood`), a whole table lost for one enum,
 * and gives types back re-spelt; a DDL importer needs the shape of a few statements and the
 * type text exactly as written, which this reader keeps.
 */

export type DdlDialect = 'postgres' | 'mysql';

export interface DdlReadOptions {
  /** Shown in gaps: `schema.sql:12`. */
  readonly file: string;
  /** Undefined: told from the text (backticks, ENGINE=, AUTO_INCREMENT mean MySQL). */
  readonly dialect?: DdlDialect;
  /** Only tables of this schema (when the script names schemas). */
  readonly schema?: string;
  /**
   * How a type reads as an ODCS logical type; default `logicalTypeOfSql`. The app passes
   * the engines' own mapping, so a DDL file and the database it came from import alike.
   */
  readonly logicalTypeOf?: (physicalType: string, dialect: DdlDialect) => LogicalTypeReading;
}

export interface DdlReading {
  readonly dialect: DdlDialect;
  readonly tables: readonly CatalogTable[];
  readonly gaps: readonly CatalogGap[];
  /** The schemas the script's tables are in (empty when it names none). */
  readonly schemas: readonly string[];
}

interface DraftColumn {
  name: string;
  physicalType: string | undefined;
  required: boolean;
  unique: boolean;
  description?: string | undefined;
  readonly validValues?: readonly string[];
}

interface DraftForeignKey {
  readonly name?: string;
  readonly columns: readonly string[];
  readonly schema: string | undefined;
  readonly table: string;
  readonly referencedColumns: readonly string[] | undefined;
  readonly line: number;
}

interface DraftTable {
  readonly schema: string | undefined;
  readonly name: string;
  readonly line: number;
  description?: string | undefined;
  columns: DraftColumn[];
  primaryKey: readonly string[] | undefined;
  uniqueKeys: (readonly string[])[];
  foreignKeys: DraftForeignKey[];
}

interface QualifiedName {
  readonly schema: string | undefined;
  readonly name: string;
}

export function detectDdlDialect(text: string): DdlDialect {
  return /`|\bENGINE\s*=|\bAUTO_INCREMENT\b/i.test(text) ? 'mysql' : 'postgres';
}

/** Words that end a column's type and start its constraints. */
const TYPE_END = new Set([
  'NOT',
  'NULL',
  'DEFAULT',
  'PRIMARY',
  'UNIQUE',
  'REFERENCES',
  'CHECK',
  'CONSTRAINT',
  'COLLATE',
  'GENERATED',
  'AUTO_INCREMENT',
  'COMMENT',
  'ON',
  'AS',
  'VIRTUAL',
  'STORED',
  'PERSISTENT',
  'INVISIBLE',
  'VISIBLE',
  'COLUMN_FORMAT',
  'STORAGE',
  'KEY',
  'IDENTITY',
  'COMPRESSION',
  'CHARSET',
  'SRID',
]);

const TABLE_ELEMENT = new Set([
  'CONSTRAINT',
  'PRIMARY',
  'UNIQUE',
  'FOREIGN',
  'CHECK',
  'EXCLUDE',
  'KEY',
  'INDEX',
  'FULLTEXT',
  'SPATIAL',
  'LIKE',
  'PERIOD',
]);

/** First words of statements that say nothing about a table's columns or keys. */
const PASSED_OVER = new Set([
  'SET',
  'RESET',
  'SELECT',
  'GRANT',
  'REVOKE',
  'USE',
  'LOCK',
  'UNLOCK',
  'BEGIN',
  'START',
  'COMMIT',
  'END',
  'ROLLBACK',
  'SAVEPOINT',
  'INSERT',
  'COPY',
  'ANALYZE',
  'VACUUM',
  'REFRESH',
  'SECURITY',
  'REINDEX',
  'CLUSTER',
  'DO',
  'DELIMITER',
  'FLUSH',
]);

/** Objects a CREATE/ALTER may name that hold no table columns. */
const OTHER_OBJECTS = new Set([
  'SCHEMA',
  'DATABASE',
  'SEQUENCE',
  'TYPE',
  'DOMAIN',
  'EXTENSION',
  'FUNCTION',
  'PROCEDURE',
  'TRIGGER',
  'EVENT',
  'AGGREGATE',
  'OPERATOR',
  'COLLATION',
  'CONVERSION',
  'PUBLICATION',
  'SUBSCRIPTION',
  'ROLE',
  'USER',
  'GROUP',
  'POLICY',
  'RULE',
  'SERVER',
  'STATISTICS',
  'TEXT',
  'CAST',
  'LANGUAGE',
  'TABLESPACE',
  'DEFAULT',
  'INDEX',
  'VIEW',
  'MATERIALIZED',
  'FOREIGN',
  'ACCESS',
  'TRANSFORM',
]);

/** ALTER TABLE actions that change no column, type, nullability or key. */
const HARMLESS_ALTER = new Set([
  'OWNER',
  'ENABLE',
  'DISABLE',
  'CLUSTER',
  'REPLICA',
  'ATTACH',
  'DETACH',
  'INHERIT',
  'NO',
  'FORCE',
  'VALIDATE',
  'RESET',
  'AUTO_INCREMENT',
  'ENGINE',
  'OF',
  'NOT',
  'SET',
]);

export function readDdl(text: string, options: DdlReadOptions): DdlReading {
  const dialect = options.dialect ?? detectDdlDialect(text);
  const script = splitSqlStatements(text, { mysql: dialect === 'mysql' });
  const reader = new DdlReader(options.file, dialect, options.logicalTypeOf ?? logicalTypeOfSql);
  for (const statement of script.statements) reader.statement(statement);
  if (script.broken) {
    reader.gap(
      null,
      script.broken.line,
      `${script.broken.reason}; the rest of the file is not read`,
    );
  }
  return reader.result(options.schema);
}

class DdlReader {
  private readonly tables: DdlTableIndex<DraftTable>;
  private readonly gaps: CatalogGap[] = [];

  constructor(
    private readonly file: string,
    private readonly dialect: DdlDialect,
    private readonly logicalTypeOf: (
      physicalType: string,
      dialect: DdlDialect,
    ) => LogicalTypeReading,
  ) {
    this.tables = new DdlTableIndex<DraftTable>(dialect === 'mysql');
  }

  gap(table: string | null, line: number, reason: string): void {
    this.gaps.push({ table, reason: `${this.file}:${line}: ${reason}` });
  }

  statement(statement: SqlStatement): void {
    if (statement.meta !== undefined) return;
    const tokens = statement.tokens;
    const first = word(tokens[0]);
    try {
      if (first === 'CREATE') this.create(tokens, statement.line);
      else if (first === 'ALTER') this.alter(tokens, statement.line);
      else if (first === 'COMMENT') this.comment(tokens);
      else if (first === 'DROP') this.drop(tokens);
      else if (first === undefined || !PASSED_OVER.has(first)) {
        this.gap(
          null,
          statement.line,
          `a statement this reader does not know (${preview(tokens)})`,
        );
      }
    } catch (error) {
      if (!(error instanceof UnreadableStatement)) throw error;
      this.gap(error.table, statement.line, `${error.message} (${preview(tokens)})`);
    }
  }

  private create(tokens: readonly SqlToken[], line: number): void {
    const cursor = new Cursor(tokens, 1, this.dialect);
    cursor.skipWords('OR', 'REPLACE', 'GLOBAL', 'LOCAL', 'TEMPORARY', 'TEMP', 'UNLOGGED');
    const unique = cursor.skipWords('UNIQUE') > 0;
    const what = cursor.word();
    cursor.pos++;
    if (what === 'TABLE') return this.createTable(cursor, line);
    if (what === 'INDEX') return this.createIndex(cursor, unique);
    if (what === 'VIEW' || (what === 'MATERIALIZED' && cursor.word() === 'VIEW')) {
      cursor.skipWords('MATERIALIZED', 'VIEW', 'IF', 'NOT', 'EXISTS');
      const name = cursor.qualifiedName();
      throw new UnreadableStatement(
        name?.name ?? null,
        'a view: its columns come from its query, which a DDL file does not type — import it from the database',
      );
    }
    // CREATE ALGORITHM=… DEFINER=… SQL SECURITY … VIEW (mysqldump)
    if (tokens.some((t) => word(t) === 'VIEW') && !tokens.some((t) => word(t) === 'TABLE')) {
      throw new UnreadableStatement(
        null,
        'a view: its columns come from its query, which a DDL file does not type',
      );
    }
    if (what !== undefined && OTHER_OBJECTS.has(what)) return;
    throw new UnreadableStatement(null, 'a CREATE statement this reader does not know');
  }

  private createTable(cursor: Cursor, line: number): void {
    cursor.skipWords('IF', 'NOT', 'EXISTS');
    const name = cursor.qualifiedName();
    if (name === undefined)
      throw new UnreadableStatement(null, 'CREATE TABLE without a table name');
    if (cursor.punct() !== '(') {
      const how =
        cursor.word() === 'PARTITION' ? 'a partition of another table' : 'not a column list';
      throw new UnreadableStatement(
        name.name,
        `CREATE TABLE ${name.name}: ${how}; its columns are not in this statement`,
      );
    }
    const { elements, end } = splitParenthesised(cursor.tokens, cursor.pos);
    if (end > cursor.tokens.length) {
      throw new UnreadableStatement(name.name, `the column list of ${name.name} is not closed`);
    }
    const table: DraftTable = {
      schema: name.schema,
      name: name.name,
      line,
      columns: [],
      primaryKey: undefined,
      uniqueKeys: [],
      foreignKeys: [],
    };
    for (const element of elements) {
      if (element.length === 0) continue;
      const head = word(element[0]);
      if (head !== undefined && TABLE_ELEMENT.has(head)) {
        if (head === 'LIKE') {
          throw new UnreadableStatement(
            name.name,
            `CREATE TABLE ${name.name} (LIKE …): its columns are another table's`,
          );
        }
        this.tableConstraint(table, element, line);
      } else {
        this.column(table, element, line);
      }
    }
    const after = new Cursor(cursor.tokens, end, this.dialect);
    for (; !after.atEnd(); after.pos++) {
      const at = word(after.peek());
      if (at === 'INHERITS') {
        this.gap(
          name.name,
          line,
          `${name.name} inherits columns that this statement does not list`,
        );
      }
      if (at === 'COMMENT') {
        after.pos++;
        if (after.punct() === '=') after.pos++;
        const text = after.peek();
        if (text?.kind === 'string') table.description = text.text;
      }
    }
    const existing = this.find(table.schema, table.name);
    if (existing !== undefined) {
      this.gap(table.name, line, `${table.name} is created again; the later statement is read`);
      this.tables.remove(existing);
    }
    this.tables.add(table);
  }

  private column(table: DraftTable, element: readonly SqlToken[], line: number): void {
    const name = identifier(element[0], this.dialect);
    if (name === undefined)
      throw new UnreadableStatement(table.name, `a column of ${table.name} without a name`);
    let i = 1;
    let depth = 0;
    for (; i < element.length; i++) {
      const token = element[i]!;
      if (token.kind === 'punct' && token.text === '(') depth++;
      if (token.kind === 'punct' && token.text === ')') depth--;
      const w = word(token);
      if (depth === 0 && w !== undefined && TYPE_END.has(w)) break;
      if (depth === 0 && w === 'CHARACTER' && word(element[i + 1]) === 'SET') break;
    }
    const physicalType = i > 1 ? typeText(element.slice(1, i)) : undefined;
    const enumValues =
      this.dialect === 'mysql' && word(element[1]) === 'ENUM'
        ? element
            .slice(2, i)
            .filter((t) => t.kind === 'string')
            .map((t) => t.text)
        : undefined;
    const column: DraftColumn = {
      name,
      physicalType,
      // A serial column is NOT NULL by definition (PostgreSQL, "Serial Types").
      required:
        this.dialect === 'postgres' && /^(small|big)?serial[248]?$/.test(physicalType ?? ''),
      unique: false,
      ...(enumValues === undefined || enumValues.length === 0 ? {} : { validValues: enumValues }),
    };
    for (; i < element.length; i++) {
      const token = element[i]!;
      if (token.kind === 'punct' && token.text === '(') {
        i = closingParen(element, i);
        continue;
      }
      const w = word(token);
      if (w === 'NOT' && word(element[i + 1]) === 'NULL') {
        column.required = true;
        i++;
      } else if (w === 'PRIMARY' && word(element[i + 1]) === 'KEY') {
        table.primaryKey = [name];
        i++;
      } else if (w === 'UNIQUE') {
        column.unique = true;
      } else if (w === 'COMMENT' && element[i + 1]?.kind === 'string') {
        column.description = element[i + 1]!.text;
        i++;
      } else if (w === 'REFERENCES') {
        const cursor = new Cursor(element, i + 1, this.dialect);
        const target = cursor.qualifiedName();
        if (target === undefined)
          throw new UnreadableStatement(table.name, 'REFERENCES without a table');
        const referenced =
          cursor.punct() === '(' ? columnList(element, cursor.pos, this.dialect) : undefined;
        table.foreignKeys.push({
          columns: [name],
          schema: target.schema,
          table: target.name,
          referencedColumns: referenced?.columns,
          line,
        });
        i = (referenced?.end ?? cursor.pos) - 1;
      }
    }
    table.columns.push(column);
  }

  private tableConstraint(table: DraftTable, element: readonly SqlToken[], line: number): void {
    const cursor = new Cursor(element, 0, this.dialect);
    let constraintName: string | undefined;
    if (cursor.word() === 'CONSTRAINT') {
      cursor.pos++;
      if (
        cursor.word() !== 'PRIMARY' &&
        cursor.word() !== 'UNIQUE' &&
        cursor.word() !== 'FOREIGN'
      ) {
        constraintName = identifier(cursor.peek(), this.dialect);
        cursor.pos++;
      }
    }
    const kind = cursor.word();
    if (kind !== 'PRIMARY' && kind !== 'UNIQUE' && kind !== 'FOREIGN') return;
    const open = element.findIndex(
      (t, index) => index >= cursor.pos && t.kind === 'punct' && t.text === '(',
    );
    const list = open < 0 ? undefined : columnList(element, open, this.dialect);
    if (list === undefined) {
      // `… USING INDEX name` (PostgreSQL) or a key over expressions: no plain column list.
      throw new UnreadableStatement(
        table.name,
        `a ${kind} KEY of ${table.name} over something other than plain columns`,
      );
    }
    this.applyConstraint(table, kind, list.columns, constraintName, element, list.end, line);
  }

  private applyConstraint(
    table: DraftTable,
    kind: 'PRIMARY' | 'UNIQUE' | 'FOREIGN',
    columns: readonly string[],
    constraintName: string | undefined,
    tokens: readonly SqlToken[],
    after: number,
    line: number,
  ): void {
    for (const column of columns) {
      if (!table.columns.some((c) => c.name === column)) {
        throw new UnreadableStatement(
          table.name,
          `${table.name} has no column ${column} for its ${kind} KEY`,
        );
      }
    }
    if (kind === 'PRIMARY') {
      table.primaryKey = columns;
      return;
    }
    if (kind === 'UNIQUE') {
      if (columns.length === 1) table.columns.find((c) => c.name === columns[0])!.unique = true;
      else if (!table.uniqueKeys.some((key) => sameList(key, columns)))
        table.uniqueKeys.push(columns);
      return;
    }
    const cursor = new Cursor(tokens, after, this.dialect);
    while (!cursor.atEnd() && cursor.word() !== 'REFERENCES') cursor.pos++;
    cursor.pos++;
    const target = cursor.qualifiedName();
    if (target === undefined)
      throw new UnreadableStatement(table.name, 'FOREIGN KEY without REFERENCES');
    const referenced =
      cursor.punct() === '(' ? columnList(tokens, cursor.pos, this.dialect) : undefined;
    table.foreignKeys.push({
      ...(constraintName === undefined ? {} : { name: constraintName }),
      columns,
      schema: target.schema,
      table: target.name,
      referencedColumns: referenced?.columns,
      line,
    });
  }

  private createIndex(cursor: Cursor, unique: boolean): void {
    if (!unique) return;
    const on = cursor.tokens.findIndex((t, index) => index >= cursor.pos && word(t) === 'ON');
    if (on < 0) throw new UnreadableStatement(null, 'CREATE UNIQUE INDEX without ON');
    const at = new Cursor(cursor.tokens, on + 1, this.dialect);
    at.skipWords('ONLY');
    const name = at.qualifiedName();
    const table = name && this.find(name.schema, name.name);
    if (table === undefined) {
      throw new UnreadableStatement(
        name?.name ?? null,
        'a unique index on a table this file does not create',
      );
    }
    const open = cursor.tokens.findIndex(
      (t, index) => index >= at.pos && t.kind === 'punct' && t.text === '(',
    );
    const list = open < 0 ? undefined : columnList(cursor.tokens, open, this.dialect);
    // A partial index (WHERE …) or one over expressions is not a key of the whole table.
    const partial = cursor.tokens.some((t) => word(t) === 'WHERE');
    if (list === undefined || partial) return;
    this.applyConstraint(table, 'UNIQUE', list.columns, undefined, [], 0, table.line);
  }

  private alter(tokens: readonly SqlToken[], line: number): void {
    const cursor = new Cursor(tokens, 1, this.dialect);
    if (cursor.word() !== 'TABLE') return;
    cursor.pos++;
    cursor.skipWords('IF', 'EXISTS', 'ONLY');
    const name = cursor.qualifiedName();
    if (name === undefined) throw new UnreadableStatement(null, 'ALTER TABLE without a table name');
    const actions = splitTopLevel(tokens, cursor.pos);
    const table = this.find(name.schema, name.name);
    for (const action of actions) {
      const head = word(action[0]);
      if (head === undefined || HARMLESS_ALTER.has(head)) continue;
      if (head === 'ALTER' && isHarmlessAlterColumn(action)) continue;
      if (table === undefined) {
        // pg_dump writes OWNER TO for sequences and views through ALTER TABLE too.
        throw new UnreadableStatement(
          name.name,
          `ALTER TABLE of ${name.name}, which this file does not create`,
        );
      }
      this.alterAction(table, action, line);
    }
  }

  private alterAction(table: DraftTable, action: readonly SqlToken[], line: number): void {
    const head = word(action[0]);
    const second = word(action[1]);
    if (head === 'ADD') {
      const rest = action.slice(second === 'COLUMN' ? 2 : 1);
      const kind = word(rest[0]);
      if (kind !== undefined && TABLE_ELEMENT.has(kind))
        return this.tableConstraint(table, rest, line);
      const columns = second === 'COLUMN' && word(rest[0]) === 'IF' ? rest.slice(3) : rest;
      return this.column(table, columns, line);
    }
    if (head === 'ALTER') {
      const at = second === 'COLUMN' ? 2 : 1;
      const column = identifier(action[at], this.dialect);
      const found = table.columns.find((c) => c.name === column);
      if (found === undefined)
        throw new UnreadableStatement(table.name, `${table.name} has no column ${column}`);
      const verb = action
        .slice(at + 1)
        .map((t) => t.text.toUpperCase())
        .join(' ');
      if (verb === 'SET NOT NULL') found.required = true;
      else if (verb === 'DROP NOT NULL') found.required = false;
      else if (verb.startsWith('TYPE ') || verb.startsWith('SET DATA TYPE ')) {
        const from = at + 1 + (verb.startsWith('TYPE ') ? 1 : 3);
        const end = action.findIndex(
          (t, index) => index >= from && ['USING', 'COLLATE'].includes(word(t) ?? ''),
        );
        found.physicalType = typeText(action.slice(from, end < 0 ? undefined : end));
      } else
        throw new UnreadableStatement(
          table.name,
          `ALTER COLUMN … ${verb.slice(0, 40)} is not read`,
        );
      return;
    }
    if (
      head === 'DROP' &&
      (second === 'COLUMN' || (second !== 'CONSTRAINT' && second !== undefined))
    ) {
      const at = second === 'COLUMN' ? 2 : 1;
      const skip = word(action[at]) === 'IF' ? 2 : 0;
      const column = identifier(action[at + skip], this.dialect);
      const before = table.columns.length;
      table.columns = table.columns.filter((c) => c.name !== column);
      if (table.columns.length !== before) return;
    }
    throw new UnreadableStatement(
      table.name,
      `ALTER TABLE ${table.name} ${head ?? ''} ${second ?? ''} is not read`,
    );
  }

  private comment(tokens: readonly SqlToken[]): void {
    const cursor = new Cursor(tokens, 1, this.dialect);
    cursor.skipWords('ON');
    const what = cursor.word();
    if (what !== 'TABLE' && what !== 'COLUMN') return;
    cursor.pos++;
    const parts = cursor.nameParts();
    if (cursor.word() !== 'IS') throw new UnreadableStatement(null, 'COMMENT ON without IS');
    cursor.pos++;
    const value = cursor.peek();
    const text = value?.kind === 'string' ? value.text : undefined;
    const tableParts = what === 'TABLE' ? parts : parts.slice(0, -1);
    const tableName = tableParts.at(-1);
    const table = tableName === undefined ? undefined : this.find(tableParts.at(-2), tableName);
    if (table === undefined) {
      throw new UnreadableStatement(
        tableName ?? null,
        'a comment on a table this file does not create',
      );
    }
    if (what === 'TABLE') {
      table.description = text;
      return;
    }
    const column = table.columns.find((c) => c.name === parts.at(-1));
    if (column === undefined) {
      throw new UnreadableStatement(
        table.name,
        `a comment on a column ${table.name} does not have`,
      );
    }
    column.description = text;
  }

  private drop(tokens: readonly SqlToken[]): void {
    const cursor = new Cursor(tokens, 1, this.dialect);
    if (cursor.word() !== 'TABLE') return;
    cursor.pos++;
    cursor.skipWords('IF', 'EXISTS');
    for (const element of splitTopLevel(tokens, cursor.pos)) {
      const name = new Cursor(element, 0, this.dialect).qualifiedName();
      const table = name && this.find(name.schema, name.name);
      if (table !== undefined) this.tables.remove(table);
    }
  }

  /** The table by name; an unqualified name matches a qualified one and the other way round. */
  private find(schema: string | undefined, name: string): DraftTable | undefined {
    return this.tables.find(schema, name);
  }

  result(schema: string | undefined): DdlReading {
    const all = this.tables.values();
    const schemas = [...new Set(all.map((t) => t.schema).filter((s) => s !== undefined))];
    const chosen = all.filter(
      (t) => schema === undefined || t.schema === undefined || t.schema === schema,
    );
    const gaps = [...this.gaps];
    const byName = new Map<string, DraftTable>();
    for (const table of chosen) {
      const other = byName.get(table.name);
      if (other !== undefined) {
        gaps.push({
          table: table.name,
          reason: `${this.file}:${table.line}: a table ${table.name} is in schemas ${other.schema ?? '(none)'} and ${table.schema ?? '(none)'}; pick one with --schema`,
        });
        continue;
      }
      byName.set(table.name, table);
    }
    const tables = [...byName.values()].map((table) => this.catalogTable(table, gaps));
    return { dialect: this.dialect, tables, gaps, schemas };
  }

  private catalogTable(table: DraftTable, gaps: CatalogGap[]): CatalogTable {
    const primaryKey = table.primaryKey ?? [];
    const foreignKeys: CatalogForeignKey[] = [];
    for (const fk of table.foreignKeys) {
      const target = this.find(fk.schema ?? table.schema, fk.table);
      const referenced = fk.referencedColumns ?? target?.primaryKey;
      if (referenced === undefined || referenced.length !== fk.columns.length) {
        gaps.push({
          table: table.name,
          reason: `${this.file}:${fk.line}: the foreign key (${fk.columns.join(', ')}) of ${table.name} names no columns of ${fk.table} that this file shows; it is left out`,
        });
        continue;
      }
      const schema = fk.schema ?? target?.schema;
      foreignKeys.push({
        ...(fk.name === undefined ? {} : { name: fk.name }),
        columns: fk.columns,
        table: fk.table,
        ...(schema !== undefined && schema !== table.schema ? { schema } : {}),
        referencedColumns: referenced,
      });
    }
    return {
      name: table.name,
      kind: 'table',
      ...(table.description === undefined ? {} : { description: table.description }),
      columns: table.columns.map((column) => {
        const position = primaryKey.indexOf(column.name);
        const reading = this.logicalTypeOf(column.physicalType ?? '', this.dialect);
        return {
          name: column.name,
          ...(column.physicalType === undefined ? {} : { physicalType: column.physicalType }),
          logicalType: reading.logicalType,
          ...(reading.logicalTypeOptions === undefined
            ? {}
            : { logicalTypeOptions: reading.logicalTypeOptions }),
          required: column.required || position >= 0,
          ...(position >= 0 ? { primaryKeyPosition: position + 1 } : {}),
          unique: column.unique,
          ...(column.description === undefined ? {} : { description: column.description }),
          ...(column.validValues === undefined ? {} : { validValues: column.validValues }),
        };
      }),
      uniqueKeys: table.uniqueKeys,
      foreignKeys,
    };
  }
}

class UnreadableStatement extends Error {
  constructor(
    readonly table: string | null,
    message: string,
  ) {
    super(message);
  }
}

class Cursor {
  constructor(
    readonly tokens: readonly SqlToken[],
    public pos: number,
    private readonly dialect: DdlDialect,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }
  peek(ahead = 0): SqlToken | undefined {
    return this.tokens[this.pos + ahead];
  }
  word(ahead = 0): string | undefined {
    return word(this.peek(ahead));
  }
  punct(): string | undefined {
    const token = this.peek();
    return token?.kind === 'punct' ? token.text : undefined;
  }
  /** Skips any of the words, in any order; returns how many. */
  skipWords(...words: string[]): number {
    let skipped = 0;
    while (words.includes(this.word() ?? '')) {
      this.pos++;
      skipped++;
    }
    return skipped;
  }
  /** `a`, `s.a`, `"S"."a b"`: the parts, each as the engine names it. */
  nameParts(): string[] {
    const parts: string[] = [];
    for (;;) {
      const part = identifier(this.peek(), this.dialect);
      if (part === undefined) return parts;
      parts.push(part);
      this.pos++;
      if (this.punct() !== '.') return parts;
      this.pos++;
    }
  }
  qualifiedName(): QualifiedName | undefined {
    const parts = this.nameParts();
    const name = parts.at(-1);
    return name === undefined ? undefined : { schema: parts.at(-2), name };
  }
}

function word(token: SqlToken | undefined): string | undefined {
  return token?.kind === 'word' ? token.text.toUpperCase() : undefined;
}

/** PostgreSQL folds unquoted names to lower case; MySQL keeps them as written. */
function identifier(token: SqlToken | undefined, dialect: DdlDialect): string | undefined {
  if (token?.kind === 'quoted') return token.text;
  if (token?.kind === 'word') return dialect === 'postgres' ? token.text.toLowerCase() : token.text;
  return undefined;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function closingParen(tokens: readonly SqlToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    if (t.text === ')' && --depth === 0) return i;
  }
  return tokens.length;
}

/** The comma-separated elements inside the parentheses that open at `open`. */
function splitParenthesised(
  tokens: readonly SqlToken[],
  open: number,
): { elements: SqlToken[][]; end: number } {
  const close = closingParen(tokens, open);
  return { elements: splitTopLevel(tokens.slice(open + 1, close), 0), end: close + 1 };
}

function splitTopLevel(tokens: readonly SqlToken[], from: number): SqlToken[][] {
  const elements: SqlToken[][] = [[]];
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && t.text === '(') depth++;
    if (t.kind === 'punct' && t.text === ')') depth--;
    if (depth === 0 && t.kind === 'punct' && t.text === ',') elements.push([]);
    else elements.at(-1)!.push(t);
  }
  return elements.filter((e) => e.length > 0);
}

/**
 * A key's column list: each element a plain column, optionally with ASC/DESC, a MySQL
 * prefix length or an operator class; undefined when an element is an expression.
 */
function columnList(
  tokens: readonly SqlToken[],
  open: number,
  dialect: DdlDialect,
): { columns: string[]; end: number } | undefined {
  const { elements, end } = splitParenthesised(tokens, open);
  const columns: string[] = [];
  for (const element of elements) {
    const name = identifier(element[0], dialect);
    const next = element[1];
    if (name === undefined || (next?.kind === 'punct' && next.text !== '(')) return undefined;
    columns.push(name);
  }
  return columns.length === 0 ? undefined : { columns, end };
}

function isHarmlessAlterColumn(action: readonly SqlToken[]): boolean {
  const at = word(action[1]) === 'COLUMN' ? 3 : 2;
  const verb = action.slice(at).map((t) => t.text.toUpperCase());
  if (verb[0] === 'SET' && verb[1] === 'DEFAULT') return true;
  if (verb[0] === 'DROP' && verb[1] === 'DEFAULT') return true;
  if (
    verb[0] === 'SET' &&
    ['STATISTICS', 'STORAGE', 'COMPRESSION', '(', 'GENERATED'].includes(verb[1] ?? '')
  )
    return true;
  if (verb[0] === 'RESET' || verb[0] === 'RESTART') return true;
  return verb[0] === 'ADD' && verb[1] === 'GENERATED';
}

/** The type as written, lower-case except inside strings: `character varying(200)`, `enum('a','b')`. */
function typeText(tokens: readonly SqlToken[]): string {
  let text = '';
  let previous: SqlToken | undefined;
  for (const token of tokens) {
    const piece =
      token.kind === 'string'
        ? `'${token.text.replaceAll("'", "''")}'`
        : token.kind === 'quoted'
          ? `"${token.text.replaceAll('"', '""')}"`
          : token.text.toLowerCase();
    const glue =
      previous !== undefined &&
      previous.kind !== 'punct' &&
      token.kind !== 'punct' &&
      !(previous.text === ')' || token.text === '(')
        ? ' '
        : previous?.kind === 'punct' && previous.text === ')' && token.kind === 'word'
          ? ' '
          : '';
    text += glue + piece;
    previous = token;
  }
  return text;
}

function preview(tokens: readonly SqlToken[]): string {
  const text = tokens
    .slice(0, 4)
    .map((t) => t.text)
    .join(' ');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
