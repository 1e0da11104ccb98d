import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildMesh } from '../../src/app/build/build-mesh.ts';
import type { ContractTester } from '../../src/app/build/contract-tests.ts';
import { createDuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import type { DuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import { createDuckDbSession, quoteLiteral } from '../../src/engines/duckdb/session.ts';
import { createTestMesh } from './support.ts';

/**
 * A build reads a source glob whose files differ in their columns (schema evolution, issue
 * 9) by column name: a column missing from one file is NULL there, and no value of a later
 * file is lost or read into another column by its position.
 */
const passing: ContractTester = () =>
  Promise.resolve({ status: 'passed', checks: [{ status: 'passed', id: 'rows' }] });

let parser: DuckDbSqlParser;
before(async () => {
  parser = await createDuckDbSqlParser();
});
after(() => parser.close());

describe('a build over a source glob whose files have different columns', () => {
  it('reads every file by column name', async () => {
    const mesh = createTestMesh();
    try {
      // January has no amount column; February lists its columns in another order.
      mesh.write('data/orders-2026-01.csv', 'order_id,customer_id,order_date\n1,10,2026-01-01\n');
      mesh.write(
        'data/orders-2026-02.csv',
        'amount,order_date,customer_id,order_id\n7.75,2026-02-03,12,2\n',
      );
      const source = {
        apiVersion: 'v3.1.0',
        kind: 'DataContract',
        id: 'shop-orders',
        version: '1.0.0',
        status: 'active',
        servers: [
          { server: 'files', type: 'local', format: 'csv', path: '../../data/orders-*.csv' },
        ],
        schema: [
          {
            name: 'orders',
            physicalName: 'orders',
            properties: [
              { name: 'order_id', logicalType: 'integer' },
              { name: 'customer_id', logicalType: 'integer' },
              { name: 'amount', logicalType: 'number' },
              { name: 'order_date', logicalType: 'date' },
            ],
          },
        ],
      };
      mesh.write('sources/shop/orders.odcs.yaml', source);
      const report = await buildMesh({
        meshRoot: mesh.root,
        products: ['sales/orders'],
        parallel: 1,
        keep: 3,
        env: {},
        test: passing,
        sqlParser: parser,
      });
      assert.equal(report.status, 'passed', JSON.stringify(report, null, 2));
      const file = join(
        mesh.root,
        '.meshwork/warehouse/sales/orders/orders/current/orders.parquet',
      );
      const session = await createDuckDbSession({ threads: 1 });
      try {
        const connection = await session.connect();
        const rows = await connection.rows(
          `SELECT order_id, customer_id, CAST(amount AS VARCHAR) AS amount, CAST(order_date AS VARCHAR) AS order_date FROM read_parquet(${quoteLiteral(file)}) ORDER BY order_id`,
        );
        assert.deepEqual(
          rows.map((r) => ({
            ...r,
            order_id: Number(r.order_id),
            customer_id: Number(r.customer_id),
          })),
          [
            { order_id: 1, customer_id: 10, amount: null, order_date: '2026-01-01' },
            { order_id: 2, customer_id: 12, amount: '7.75', order_date: '2026-02-03' },
          ],
        );
      } finally {
        session.close();
      }
    } finally {
      mesh.remove();
    }
  });
});
