import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import { stringify } from 'yaml';
import { runContractTests } from '../../../src/app/testing/index.ts';
import type { TestRun } from '../../../src/core/quality/index.ts';
import { createMysqlDatabase, startTestMysql } from '../../support/mysql.ts';
import type { TestMysql } from '../../support/mysql.ts';
import {
  CUSTOMER_IDS,
  ITEM_COLUMNS,
  ITEM_ROWS,
  expectedFailures,
  plantedContract,
} from './planted-contract.ts';

/** MySQL/MariaDB as a source: the planted table (without the array column) and its exact counts. */

const TYPES = [
  'INT',
  'VARCHAR(20)',
  'VARCHAR(50)',
  'INT',
  'DOUBLE',
  'VARCHAR(10)',
  'VARCHAR(10)',
  'VARCHAR(20)',
  'INT',
];

describe('contract checks on MySQL/MariaDB', () => {
  let server: TestMysql;
  let dir: string;
  let run: TestRun;

  before(async () => {
    server = await startTestMysql();
    const database = await createMysqlDatabase(server.url);
    const connection = await mysql.createConnection(database.url);
    const columns = ITEM_COLUMNS.slice(0, TYPES.length);
    await connection.query(
      `CREATE TABLE items (${columns.map((c, i) => `${c} ${TYPES[i]}`).join(', ')})`,
    );
    await connection.query(`INSERT INTO items VALUES ?`, [
      ITEM_ROWS.map((row) => row.slice(0, TYPES.length)),
    ]);
    await connection.query('CREATE TABLE customers (id INT)');
    await connection.query('INSERT INTO customers VALUES ?', [CUSTOMER_IDS.map((id) => [id])]);
    await connection.end();
    dir = await mkdtemp(join(tmpdir(), 'meshwork-mysql-'));
    const entry = {
      server: 'shop-db',
      type: 'mysql',
      host: '127.0.0.1',
      port: 3306,
      database: database.name,
    };
    await writeFile(join(dir, 'planted.odcs.yaml'), stringify(plantedContract(entry, false)));
    run = await runContractTests({
      meshRoot: dir,
      contractFile: 'planted.odcs.yaml',
      env: { MESHWORK_SHOP_DB_URL: database.url },
      history: null,
    });
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await server.stop();
  });

  it('reports exactly the planted violations, with exact counts', () => {
    const expected = expectedFailures(false);
    const actual = new Map(
      run.checks
        .filter((c) => c.status !== 'passed')
        .map((c) => [c.id, [c.status, c.value] as const]),
    );
    assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
    for (const [id, [status, value]] of expected) {
      const [actualStatus, actualValue] = actual.get(id)!;
      assert.equal(actualStatus, status, id);
      if (value === -1) assert.ok(typeof actualValue === 'number' && actualValue > 86_400, id);
      else assert.equal(actualValue, value, id);
    }
  });

  it('samples offending rows by key, never the restricted email', () => {
    const required = run.checks.find((c) => c.id === 'items.email.required')!;
    assert.deepEqual(required.samples, [{ id: 4 }]);
  });
});
