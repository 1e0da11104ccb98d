import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import { exportFiles } from '../../src/app/export/export-files.ts';
import type { ExportFormat } from '../../src/core/export/index.ts';
import { describeSource } from '../../src/app/import/describe-source.ts';
import { importDbtManifest } from '../../src/app/import/import-dbt.ts';
import { importDcs } from '../../src/app/import/import-dcs.ts';
import { importDdl } from '../../src/app/import/import-ddl.ts';
import type { ImportedSystem } from '../../src/app/import/import-model.ts';
import { importSourceOf } from '../../src/app/import/import-source.ts';
import type { CatalogTable } from '../../src/core/import/catalog.ts';
import { mysqlTypeName, postgresTypeName } from '../../src/engines/sql/physical-types.ts';
import { createMysqlDatabase, startTestMysql } from '../support/mysql.ts';
import type { TestMysql } from '../support/mysql.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';
import type { TestPostgres } from '../support/postgres.ts';
import { parse } from 'yaml';
import { jaffleManifest } from './dbt-manifest.ts';
import { MYSQL_SHOP, PG_SHOP } from './shop-schema.ts';
import { schemaShape, writeSourceContracts } from './roundtrip-support.ts';

const FIXTURES = new URL('../fixtures/import/', import.meta.url).pathname;

/** A fresh temporary folder, added to `dirs` (the suite removes them after). */
async function tempDir(prefix: string, dirs: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/**
 * Writes the system's contracts into a fresh mesh folder (added to `dirs`) and exports them
 * all in `format`.
 */
async function exportSystem(
  system: ImportedSystem,
  kind: Parameters<typeof writeSourceContracts>[1],
  format: ExportFormat,
  dirs: string[],
): Promise<{ dir: string; text: string }> {
  const dir = await tempDir('meshwork-roundtrip-', dirs);
  const files = await writeSourceContracts(system, kind, dir);
  const output = await exportFiles(files, format, { cwd: dir, mesh: dir });
  return { dir, text: output.text };
}

/**
 * Physical types per column in the dialect's canonical spelling, as `meshwork test`
 * compares them (`timestamp with time zone` is `timestamp(6) with time zone`).
 */
function physicalTypes(system: ImportedSystem, dialect: 'postgres' | 'mysql'): unknown {
  const canonical = dialect === 'postgres' ? postgresTypeName : mysqlTypeName;
  return Object.fromEntries(
    system.tables.map((t) => [
      t.name,
      // A type the dialect does not know (a user-defined enum) is exported as text.
      t.columns.map((c) =>
        c.physicalType === undefined ? null : (canonical(c.physicalType) ?? 'text'),
      ),
    ]),
  );
}

/** Each column's allowed values (an `invalidValues` rule in the contract), per table. */
function allowedValues(system: ImportedSystem): Record<string, unknown> {
  return Object.fromEntries(
    system.tables.map((t) => [t.name, t.columns.map((c) => c.validValues ?? null)]),
  );
}

/**
 * What a round trip is known to lose today, taken out of both sides (so a fix does not
 * break the test) and named, so that any other difference fails:
 * - the writer (source-contract.ts) cannot write a composite foreign key of a table whose
 *   name is not a plain ODCS reference name (`Order Lines`) and reports it as a note;
 * - a key into another schema is not the export's to create;
 * - a PostgreSQL user-defined type (an enum) is exported as `text` (see `physicalTypes`).
 */
function withoutKnownLosses(tables: readonly CatalogTable[]): CatalogTable[] {
  return tables.map((t) => ({
    ...t,
    foreignKeys: t.foreignKeys.filter(
      (fk) =>
        fk.schema === undefined &&
        (fk.columns.length === 1 || /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.name)),
    ),
  }));
}

/**
 * What `dbt parse` makes of a sources.yml (dbt itself is not installed here): a source node
 * per table with its columns, and a generic test node per data test, attached to the table
 * and with its arguments as `test_metadata.kwargs` — the manifest v12 shape.
 */
function manifestFromSourcesYml(text: string, adapter: string): Record<string, unknown> {
  const yml = parse(text) as {
    sources: {
      name: string;
      database?: string;
      schema?: string;
      tables: Record<string, unknown>[];
    }[];
  };
  const sources: Record<string, unknown> = {};
  const nodes: Record<string, unknown> = {};
  let n = 0;
  const addTest = (attached: string, call: string, entry: unknown, column: string | null): void => {
    const [fullName, args] =
      typeof entry === 'string'
        ? [entry, {}]
        : Object.entries(entry as Record<string, Record<string, unknown>>)[0]!;
    const [namespace, name] = fullName.includes('.') ? fullName.split('.') : [null, fullName];
    nodes[`test.p.t${n++}`] = {
      resource_type: 'test',
      attached_node: attached,
      column_name: column,
      config: { severity: 'ERROR', where: null },
      depends_on: { nodes: [attached] },
      test_metadata: {
        name,
        namespace,
        kwargs: {
          ...(column === null ? {} : { column_name: column }),
          model: `{{ get_where_subquery(${call}) }}`,
          ...args,
        },
      },
    };
  };
  for (const source of yml.sources) {
    for (const table of source.tables) {
      const name = table.name as string;
      const id = `source.p.${source.name}.${name}`;
      const call = `source('${source.name}', '${name}')`;
      const columns = (table.columns as Record<string, unknown>[]) ?? [];
      sources[id] = {
        resource_type: 'source',
        source_name: source.name,
        name,
        identifier: (table.identifier as string | undefined) ?? name,
        database: source.database ?? 'warehouse',
        schema: source.schema ?? source.name,
        description: table.description ?? '',
        columns: Object.fromEntries<unknown>(
          columns.map((c): [string, unknown] => [
            String(c.name),
            { name: c.name, description: c.description ?? '', data_type: c.data_type ?? null },
          ]),
        ),
      };
      for (const test of (table.data_tests as unknown[]) ?? []) addTest(id, call, test, null);
      for (const c of columns)
        for (const test of (c.data_tests as unknown[]) ?? [])
          addTest(id, call, test, c.name as string);
    }
  }
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      project_name: 'p',
      adapter_type: adapter,
    },
    nodes,
    sources,
  };
}

/** dbt has no primary key test: a key is `not_null` + `unique`, or a unique combination. */
function asDbtSees(tables: readonly CatalogTable[]): CatalogTable[] {
  return tables.map((t) => {
    const key = t.columns
      .filter((c) => c.primaryKeyPosition !== undefined)
      .sort((a, b) => a.primaryKeyPosition! - b.primaryKeyPosition!)
      .map((c) => c.name);
    return {
      ...t,
      columns: t.columns.map(({ primaryKeyPosition: _position, ...c }) => ({
        ...c,
        unique: c.unique || (key.length === 1 && key[0] === c.name),
      })),
      uniqueKeys:
        key.length > 1
          ? [key, ...t.uniqueKeys.filter((k) => k.join() !== key.join())]
          : t.uniqueKeys,
    };
  });
}

/**
 * import → export → import keeps the schema: tables, columns, logical (and, within one
 * dialect, physical) types, required, primary keys with positions, unique keys and foreign
 * keys. For DDL the first import is real pg_dump output and real MariaDB SHOW CREATE TABLE
 * output; the export is `meshwork export --format sql-…` of the written contracts.
 */
describe('round trips through the file formats', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('PostgreSQL DDL: pg_dump → import → export sql-postgres → import', async () => {
    // --schema shop: the cross-schema key to crm is not the export's to carry.
    const first = await importDdl(
      { kind: 'ddl', path: 'pg-dump-shop.sql' },
      { cwd: FIXTURES, env: {}, schema: 'shop', system: 'shop' },
    );
    const { dir, text } = await exportSystem(first, 'ddl', 'sql-postgres', dirs);
    await writeFile(join(dir, 'export.sql'), text);
    const second = await importDdl(
      { kind: 'ddl', path: 'export.sql' },
      { cwd: dir, env: {}, system: 'shop' },
    );
    assert.deepEqual(second.gaps, []);
    assert.deepEqual(
      schemaShape(withoutKnownLosses(second.tables)),
      schemaShape(withoutKnownLosses(first.tables)),
    );
    assert.deepEqual(physicalTypes(second, 'postgres'), physicalTypes(first, 'postgres'));
    assert.deepEqual(allowedValues(second), allowedValues(first));
  });

  it('dbt: manifest → import → export dbt sources.yml → (dbt parse) → import', async () => {
    const dir = await tempDir('meshwork-roundtrip-dbt-', dirs);
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify(jaffleManifest({ adapter: 'postgres' })),
    );
    const first = await importDbtManifest(
      { kind: 'dbt-manifest', path: 'manifest.json' },
      { cwd: dir, env: {}, schema: 'analytics' },
    );
    const { dir: out, text } = await exportSystem(first, 'dbt-manifest', 'dbt', dirs);
    await writeFile(
      join(out, 'manifest.json'),
      JSON.stringify(manifestFromSourcesYml(text, 'postgres')),
    );
    const second = await importDbtManifest(
      { kind: 'dbt-manifest', path: 'manifest.json' },
      { cwd: out, env: {}, system: first.system },
    );
    assert.deepEqual(schemaShape(second.tables), schemaShape(asDbtSees(first.tables)));
    assert.deepEqual(physicalTypes(second, 'postgres'), physicalTypes(first, 'postgres'));
    assert.deepEqual(allowedValues(second), allowedValues(first));
  });

  it('Data Contract Specification: import → export dcs → import', async () => {
    const dir = await tempDir('meshwork-roundtrip-dcs-', dirs);
    await writeFile(
      join(dir, 'datacontract.yaml'),
      `dataContractSpecification: 1.1.0
id: orders
info: { title: Orders, version: 1.0.0 }
servers:
  production: { type: postgres, host: db.example.com, port: 5432, database: shop, schema: public }
models:
  customers:
    type: table
    fields:
      id: { type: integer, primaryKey: true }
      email: { type: string, required: true, unique: true, maxLength: 200 }
  orders:
    description: One row per order.
    type: table
    fields:
      order_id: { type: long, primaryKey: true, config: { postgresType: bigint } }
      customer_id: { type: integer, required: true, references: customers.id }
      status: { type: string, enum: [open, paid] }
      total: { type: decimal, description: Gross total. }
      placed_at: { type: timestamp }
      due: { type: date }
`,
    );
    const first = await importDcs(
      { kind: 'dcs', path: 'datacontract.yaml' },
      { cwd: dir, env: {} },
    );
    const { dir: out, text } = await exportSystem(first, 'dcs', 'dcs', dirs);
    await writeFile(join(out, 'again.yaml'), text);
    const second = await importDcs(
      { kind: 'dcs', path: 'again.yaml' },
      { cwd: out, env: {}, system: first.system },
    );
    assert.deepEqual(schemaShape(second.tables), schemaShape(first.tables));
    assert.deepEqual(second.server, first.server);
    assert.deepEqual(allowedValues(second), allowedValues(first));
    assert.deepEqual(allowedValues(second).orders, [
      null,
      null,
      ['open', 'paid'],
      null,
      null,
      null,
    ]);
  });
});

describe('round trips through real databases', () => {
  let pg: TestPostgres;
  let maria: TestMysql;
  const dirs: string[] = [];
  before(async () => {
    pg = await startTestPostgres();
    maria = await startTestMysql();
  });
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    await pg.stop();
    await maria.stop();
  });

  it('PostgreSQL: database → import → export sql-postgres → fresh database → import: equal', async () => {
    const source = await createTestDatabase(pg.url, 'meshwork_rt');
    const target = await createTestDatabase(pg.url, 'meshwork_rt');
    try {
      await withClient(source.url, (client) => client.query(PG_SHOP));
      const first = await describeSource(importSourceOf(source.url, tmpdir()), {
        cwd: tmpdir(),
        env: {},
        system: 'shop',
      });
      // The view has no table DDL to round-trip; the key into schema ref stays outside the export.
      const tables = first.tables.filter((t) => t.kind === 'table');
      const { dir, text } = await exportSystem(
        { ...first, tables },
        'database',
        'sql-postgres',
        dirs,
      );
      await withClient(target.url, (client) => client.query(text));
      const second = await describeSource(importSourceOf(target.url, tmpdir()), {
        cwd: tmpdir(),
        env: {},
        system: 'shop',
      });
      assert.deepEqual(
        schemaShape(withoutKnownLosses(second.tables)),
        schemaShape(withoutKnownLosses(tables)),
      );
      assert.deepEqual(
        physicalTypes(second, 'postgres'),
        physicalTypes({ ...first, tables }, 'postgres'),
      );
      // The exported DDL read as a file gives the same schema as the database it built.
      await writeFile(join(dir, 'export.sql'), text);
      const fromFile = await importDdl({ kind: 'ddl', path: 'export.sql' }, { cwd: dir, env: {} });
      assert.deepEqual(schemaShape(fromFile.tables), schemaShape(second.tables));
    } finally {
      await source.drop();
      await target.drop();
    }
  });

  it('MariaDB: database → import → export sql-mysql → fresh database → import: equal; SHOW CREATE TABLE of it reads the same', async () => {
    const source = await createMysqlDatabase(maria.url);
    const target = await createMysqlDatabase(maria.url);
    const connection = await mysql.createConnection({ uri: source.url, multipleStatements: true });
    try {
      for (const statement of MYSQL_SHOP) await connection.query(statement);
    } finally {
      await connection.end();
    }
    const first = await describeSource(importSourceOf(source.url, tmpdir()), {
      cwd: tmpdir(),
      env: {},
      system: 'shop',
    });
    const tables = first.tables.filter((t) => t.kind === 'table');
    const { dir, text } = await exportSystem({ ...first, tables }, 'database', 'sql-mysql', dirs);
    const load = await mysql.createConnection({ uri: target.url, multipleStatements: true });
    const script: string[] = [];
    try {
      await load.query(text);
      for (const table of tables) {
        const [rows] = await load.query(
          `SHOW CREATE TABLE \`${table.name.replaceAll('`', '``')}\``,
        );
        script.push(`${(rows as Record<string, string>[])[0]!['Create Table']};`);
      }
    } finally {
      await load.end();
    }
    const second = await describeSource(importSourceOf(target.url, tmpdir()), {
      cwd: tmpdir(),
      env: {},
      system: 'shop',
    });
    assert.deepEqual(
      schemaShape(withoutKnownLosses(second.tables)),
      schemaShape(withoutKnownLosses(tables)),
    );
    assert.deepEqual(physicalTypes(second, 'mysql'), physicalTypes({ ...first, tables }, 'mysql'));
    await writeFile(join(dir, 'show-create.sql'), script.join('\n'));
    const fromDdl = await importDdl(
      { kind: 'ddl', path: 'show-create.sql' },
      { cwd: dir, env: {} },
    );
    assert.deepEqual(fromDdl.gaps, []);
    assert.deepEqual(schemaShape(fromDdl.tables), schemaShape(second.tables));
    assert.deepEqual(physicalTypes(fromDdl, 'mysql'), physicalTypes(second, 'mysql'));
  });
});
