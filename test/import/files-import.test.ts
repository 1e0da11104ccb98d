import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { isMeshworkError } from '../../src/app/errors.ts';
import { globTableName, importFiles } from '../../src/app/import/import-files.ts';
import type { ImportedSystem } from '../../src/app/import/import-model.ts';
import { duck, tempMesh, validateAndTest, writeContracts } from './files-support.ts';

const columnsOf = (system: ImportedSystem, table: string) =>
  system.tables
    .find((t) => t.name === table)
    ?.columns.map((c) => [c.name, c.physicalType, c.logicalType, c.required]);

/** Writes the contracts, then `validate` and `test` must pass on the same files. */
async function assertRoundTrip(mesh: string, system: ImportedSystem): Promise<void> {
  const files = await writeContracts(mesh, system);
  assert.ok(files.size > 0, 'no contract written');
  for (const file of files.values()) {
    const { validate, test } = await validateAndTest(mesh, file);
    assert.equal(validate.code, 0, `${file}: ${validate.stdout}${validate.stderr}`);
    assert.equal(test.code, 0, `${file}: ${test.stdout.slice(0, 3000)}${test.stderr}`);
    const run = JSON.parse(test.stdout) as {
      status: string;
      checks: { kind: string; status: string }[];
    };
    assert.equal(run.status, 'passed');
    // The typed checks ran (not only presence): a test that checks nothing passes anything.
    assert.ok(run.checks.some((c) => c.kind === 'type' && c.status === 'passed'));
  }
}

async function importFrom(mesh: string, path: string, extra: Record<string, unknown> = {}) {
  return importFiles({ kind: 'files', path: join(mesh, path) }, { cwd: mesh, env: {}, ...extra });
}

describe('meshwork import of files (CSV, Parquet, JSON, NDJSON, globs, folders)', () => {
  it('reads a CSV with odd headers: types from the whole file, names as DuckDB reads them', async () => {
    const mesh = await tempMesh('csv');
    await mkdir(join(mesh, 'data'));
    const rows = ['id,Customer Name,,id,amount,day,at,ok,"say ""hi""",Straße'];
    for (let i = 1; i <= 30_000; i++)
      rows.push(`${i},Anna ${i},x,${i * 2},${i}.5,2024-01-05,2024-01-05 10:00:00,true,q,ß`);
    // Past DuckDB's default sniffing sample (20,480 rows): detected from the whole file.
    rows.push('30001,Bo,,7,not a number,2024-01-06,2024-01-06 11:00:00,false,"a,b",ü');
    await writeFile(join(mesh, 'data/orders.csv'), rows.join('\n') + '\n');
    const system = await importFrom(mesh, 'data/orders.csv');
    assert.equal(system.system, 'orders');
    assert.deepEqual(system.server, {
      server: 'orders',
      type: 'local',
      format: 'csv',
      path: '../../data/orders.csv',
    });
    assert.deepEqual(columnsOf(system, 'orders'), [
      ['id', 'bigint', 'integer', false],
      ['Customer Name', 'varchar', 'string', false],
      ['column2', 'varchar', 'string', false],
      ['id_1', 'bigint', 'integer', false],
      ['amount', 'varchar', 'string', false],
      ['day', 'date', 'date', false],
      ['at', 'timestamp', 'timestamp', false],
      ['ok', 'boolean', 'boolean', false],
      ['say "hi"', 'varchar', 'string', false],
      ['Straße', 'varchar', 'string', false],
    ]);
    assert.deepEqual(system.gaps, []);
    await assertRoundTrip(mesh, system);
  });

  it('reads Parquet and a glob of Parquet files as one table named after the folder', async () => {
    const mesh = await tempMesh('parquet');
    await mkdir(join(mesh, 'lake/orders'), { recursive: true });
    await duck(`
      COPY (SELECT 1::INTEGER AS id, 'a' AS code, 2.5::DECIMAL(10,2) AS price, DATE '2024-01-01' AS day, [1, 2] AS tags, {'x': 1} AS meta)
        TO '${join(mesh, 'lake/orders/part-1.parquet')}' (FORMAT parquet);
      COPY (SELECT 2::INTEGER AS id, 'b' AS code, 3.5::DECIMAL(10,2) AS price, DATE '2024-01-02' AS day, [3] AS tags, {'x': 2} AS meta, TRUE AS late)
        TO '${join(mesh, 'lake/orders/part-2.parquet')}' (FORMAT parquet);`);
    const system = await importFrom(mesh, 'lake/orders/*.parquet');
    assert.equal(system.tables.length, 1);
    assert.equal(system.tables[0]?.name, 'orders');
    assert.equal(system.server?.path, '../../lake/orders/*.parquet');
    assert.deepEqual(columnsOf(system, 'orders'), [
      ['id', 'integer', 'integer', false],
      ['code', 'varchar', 'string', false],
      ['price', 'decimal(10,2)', 'number', false],
      ['day', 'date', 'date', false],
      ['tags', 'integer[]', 'array', false],
      ['meta', undefined, 'object', false],
      // In one file only: union by name, as `meshwork test` reads the glob.
      ['late', 'boolean', 'boolean', false],
    ]);
    await assertRoundTrip(mesh, system);
  });

  it('names a glob after its fixed part', () => {
    assert.equal(globTableName('/d/lake/orders/*.parquet'), 'orders');
    assert.equal(globTableName('/d/lake/orders-*.csv'), 'orders');
    assert.equal(globTableName('/d/lake/2024/**/*.json'), '2024');
  });

  it('reads a JSON array file and an NDJSON file with their types', async () => {
    const mesh = await tempMesh('json');
    await mkdir(join(mesh, 'data'));
    await writeFile(
      join(mesh, 'data/customers.json'),
      JSON.stringify([
        { id: 1, name: 'Anna', vip: true, since: '2024-01-05' },
        { id: 2, name: 'Bo', vip: false, since: '2024-02-01', note: 'only here' },
      ]),
    );
    await writeFile(
      join(mesh, 'data/events.ndjson'),
      '{"id": 1, "kind": "click", "score": 1.5}\n{"id": 2, "kind": "view", "score": 2}\n',
    );
    const customers = await importFrom(mesh, 'data/customers.json');
    assert.deepEqual(columnsOf(customers, 'customers'), [
      ['id', 'bigint', 'integer', false],
      ['name', 'varchar', 'string', false],
      ['vip', 'boolean', 'boolean', false],
      ['since', 'date', 'date', false],
      ['note', 'varchar', 'string', false],
    ]);
    await assertRoundTrip(mesh, customers);
    const events = await importFrom(mesh, 'data/events.ndjson');
    assert.equal(events.server?.format, 'json');
    assert.deepEqual(columnsOf(events, 'events'), [
      ['id', 'bigint', 'integer', false],
      ['kind', 'varchar', 'string', false],
      ['score', 'double', 'number', false],
    ]);
    await assertRoundTrip(mesh, events);
  });

  it('reads a folder as one table per file, and says which files it left out and why', async () => {
    const mesh = await tempMesh('folder');
    await mkdir(join(mesh, 'export'));
    await writeFile(join(mesh, 'export/customers.csv'), 'id,name\n1,Anna\n');
    await writeFile(join(mesh, 'export/order lines.csv'), 'order_id,qty\n1,2\n');
    await writeFile(join(mesh, 'export/stock.parquet'), 'PAR1 not really');
    await writeFile(join(mesh, 'export/empty.csv'), '');
    await writeFile(join(mesh, 'export/readme.txt'), 'not data');
    const system = await importFrom(mesh, 'export', { system: 'Shop Export' });
    assert.equal(system.system, 'shop-export');
    assert.equal(system.server?.path, '../../export/{model}.csv');
    assert.deepEqual(
      system.tables.map((t) => t.name),
      ['customers', 'order lines'],
    );
    assert.deepEqual(
      system.gaps.map((g) => [g.table, g.reason.replace(/\/\S+\//, '…/')]),
      [
        [
          'stock',
          "stock.parquet: the folder's server entry reads the .csv files; import the other files on their own (with another --system)",
        ],
        ['empty', 'cannot read it: …/empty.csv is empty'],
      ],
    );
    await assertRoundTrip(mesh, system);
  });

  it('reports a broken file as a gap with the reason on one line, no stack', async () => {
    const mesh = await tempMesh('broken');
    await writeFile(join(mesh, 'broken.parquet'), 'this is not parquet at all');
    const system = await importFrom(mesh, 'broken.parquet');
    assert.deepEqual(system.tables, []);
    assert.equal(system.gaps.length, 1);
    const reason = system.gaps[0]?.reason ?? '';
    assert.match(reason, /^cannot read it: .*broken\.parquet/);
    assert.doesNotMatch(reason, /\n|\s+at\s+\S+\s+\(/);
  });

  it('refuses a path that is not there and a file of unknown format, with the reason', async () => {
    const mesh = await tempMesh('missing');
    await assert.rejects(importFrom(mesh, 'nope.csv'), (error: unknown) => {
      assert.ok(isMeshworkError(error));
      assert.equal(error.code, 'not-found');
      assert.equal(error.message, 'no file or folder at nope.csv.');
      return true;
    });
    await writeFile(join(mesh, 'notes.txt'), 'a,b\n');
    await assert.rejects(importFrom(mesh, 'notes.txt'), /cannot tell the format of notes\.txt/);
    await assert.rejects(importFrom(mesh, 'nothing/*.csv'), /cannot import nothing\/\*\.csv: /);
  });

  it('--tables keeps the named tables and says which it did not find', async () => {
    const mesh = await tempMesh('tables');
    await mkdir(join(mesh, 'export'));
    await writeFile(join(mesh, 'export/a.csv'), 'x\n1\n');
    await writeFile(join(mesh, 'export/b.csv'), 'y\n2\n');
    const system = await importFrom(mesh, 'export', { tables: ['b', 'zzz'] });
    assert.deepEqual(
      system.tables.map((t) => t.name),
      ['b'],
    );
    assert.deepEqual(system.gaps, [{ table: 'zzz', reason: 'no such table in the source' }]);
  });

  it('writes the data path relative to the contract folder of --mesh, so the contract reads it in place', async () => {
    const root = await tempMesh('meshroot');
    const mesh = join(root, 'mesh');
    await mkdir(join(root, 'elsewhere'), { recursive: true });
    await mkdir(mesh);
    await writeFile(join(root, 'elsewhere/stock.csv'), 'sku,qty\nA-1,3\n');
    const system = await importFiles(
      { kind: 'files', path: join(root, 'elsewhere/stock.csv') },
      { cwd: root, meshRoot: mesh, env: {} },
    );
    assert.equal(system.server?.path, '../../../elsewhere/stock.csv');
    await assertRoundTrip(mesh, system);
  });

  it('reaches the rows for --profile through the same entry', async () => {
    const mesh = await tempMesh('data');
    await writeFile(join(mesh, 'stock.csv'), 'sku,qty\nA-1,3\nB-2,4\n');
    const system = await importFrom(mesh, 'stock.csv');
    const data = await system.data?.open();
    assert.ok(data);
    try {
      const relation = await data.relation('stock');
      const rows = await data.connection.query(`SELECT count(*) AS n FROM ${relation}`);
      assert.equal(rows[0]?.n, 2);
    } finally {
      await data.connection.close();
    }
  });

  it('a contract imported from a file fails `meshwork test` once the file no longer fits it', async () => {
    const mesh = await tempMesh('drift');
    await writeFile(join(mesh, 'stock.csv'), 'sku,qty\nA-1,3\n');
    const system = await importFrom(mesh, 'stock.csv');
    const [file] = (await writeContracts(mesh, system)).values();
    assert.ok(file);
    const contract = parse(await readFile(file, 'utf8')) as { schema: { properties: unknown[] }[] };
    assert.equal(contract.schema[0]?.properties.length, 2);
    await writeFile(join(mesh, 'stock.csv'), 'sku,qty\nA-1,three\n');
    const { test } = await validateAndTest(mesh, file);
    assert.equal(test.code, 1, test.stdout.slice(0, 2000));
  });
});
