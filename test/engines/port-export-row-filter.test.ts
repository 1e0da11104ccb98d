import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ExportRowFilter } from '../../src/engines/build-engine.ts';
import { exportPortData, exportSelectSql } from '../../src/engines/duckdb/port-export.ts';

/**
 * A grant's row filter in the embedded data API's export (issue 14): DuckDB writes only the
 * rows whose column holds a bound value, compared in the column's type; values that try to
 * break out of a literal match only rows holding that very text.
 */
let dir: string;
let source: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshwork-export-filter-'));
  source = join(dir, 'orders.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (
    SELECT * FROM (VALUES
      (1::BIGINT, 'EU', true, DATE '2026-01-01', 10.50::DECIMAL(10,2)),
      (2::BIGINT, 'CH', false, DATE '2026-01-02', 20.00::DECIMAL(10,2)),
      (3::BIGINT, 'US', true, DATE '2026-01-03', 30.00::DECIMAL(10,2)),
      (4::BIGINT, 'O''Brien', false, DATE '2026-01-04', 40.00::DECIMAL(10,2)),
      (5::BIGINT, NULL, true, DATE '2026-01-05', 50.00::DECIMAL(10,2))
    ) AS t(order_id, region, paid, day, amount)
  ) TO '${source}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
});
after(() => rm(dir, { recursive: true, force: true }));

async function idsFor(rowFilter: ExportRowFilter | undefined): Promise<number[]> {
  const out = await mkdtemp(join(dir, 'out-'));
  const result = await exportPortData(
    {
      source,
      target: join(out, 'x.json'),
      columns: [{ name: 'order_id', pseudonymise: false }],
      format: 'json',
      key: 'k',
      ...(rowFilter ? { rowFilter } : {}),
    },
    out,
  );
  const rows = JSON.parse(await readFile(join(out, 'x.json'), 'utf8')) as { order_id: number }[];
  assert.equal(result.rows, rows.length, 'the count is of the rows written');
  return rows.map((r) => Number(r.order_id)).sort((a, b) => a - b);
}

describe('exportPortData with a row filter', () => {
  test('every row without one; only its rows with one, in each type', async () => {
    assert.deepEqual(await idsFor(undefined), [1, 2, 3, 4, 5]);
    assert.deepEqual(await idsFor({ column: 'region', values: ['EU', 'CH'] }), [1, 2]);
    assert.deepEqual(await idsFor({ column: 'order_id', values: [3, '4'] }), [3, 4]);
    assert.deepEqual(await idsFor({ column: 'paid', values: [false] }), [2, 4]);
    assert.deepEqual(await idsFor({ column: 'day', values: ['2026-01-05'] }), [5]);
    assert.deepEqual(await idsFor({ column: 'amount', values: [10.5, '40.00'] }), [1, 4]);
    assert.deepEqual(
      await idsFor({ column: 'order_id', values: ['x', 2] }),
      [2],
      'a value not of the type matches nothing, and widens nothing',
    );
  });

  test('attack values match only their own text', async () => {
    assert.deepEqual(
      await idsFor({
        column: 'region',
        values: ["') OR 1=1 --", "' OR '1'='1", "EU' OR TRUE --", '$$ OR 1=1 $$', "\\' OR 1=1"],
      }),
      [],
    );
    assert.deepEqual(await idsFor({ column: 'region', values: ["O'Brien"] }), [4]);
    assert.deepEqual(await idsFor({ column: 'order_id', values: ['1 OR 1=1'] }), []);
  });

  test('a filter column the snapshot lacks is named, nothing written', async () => {
    const out = await mkdtemp(join(dir, 'out-'));
    const result = await exportPortData(
      {
        source,
        target: join(out, 'x.csv'),
        columns: [{ name: 'order_id', pseudonymise: false }],
        format: 'csv',
        key: 'k',
        rowFilter: { column: 'country', values: ['EU'] },
      },
      out,
    );
    assert.deepEqual(result, { rows: 0, missing: ['country'] });
  });

  test('the SQL names the values only through the bound table', () => {
    const sql = exportSelectSql(
      '/x.parquet',
      [{ name: 'order_id', pseudonymise: false, type: 'BIGINT' }],
      'json',
      { column: 're"gion', type: 'VARCHAR' },
    );
    assert.match(
      sql,
      /WHERE s\."re""gion" IN \(SELECT TRY_CAST\(f\.v AS VARCHAR\) FROM meshwork_row_filter AS f\)$/,
    );
    assert.throws(() =>
      exportSelectSql('/x.parquet', [], 'json', { column: 'a', type: 'VARCHAR); DROP' }),
    );
  });
});
