import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import { createMysqlDatabase, startTestMysql } from '../support/mysql.ts';
import type { TestMysql } from '../support/mysql.ts';
import { cli } from '../support/cli.ts';

interface JsonReport {
  tables: number;
  foreignKeys: number;
  coAccess: { available: boolean; reason?: string };
  domains: { name: string; tables: { table: string; reason: string }[] }[];
  isolated: { table: string }[];
  notes: string[];
}

describe('meshwork discover domains on a real MySQL/MariaDB', { timeout: 120_000 }, () => {
  let server: TestMysql;
  let url: string;
  let name: string;
  before(async () => {
    server = await startTestMysql();
    ({ url, name } = await createMysqlDatabase(server.url));
    const connection = await mysql.createConnection({ uri: url, multipleStatements: true });
    try {
      // Every primary key of a MySQL schema is called PRIMARY: the keys must still point
      // at the right tables (several tables with one, and a composite key).
      await connection.query(`
        CREATE TABLE customers (id INT PRIMARY KEY);
        CREATE TABLE orders (id INT PRIMARY KEY, cid INT, FOREIGN KEY (cid) REFERENCES customers (id));
        CREATE TABLE order_lines (oid INT, n INT, PRIMARY KEY (oid, n),
                                  FOREIGN KEY (oid) REFERENCES orders (id));
        CREATE TABLE machines (id INT PRIMARY KEY);
        CREATE TABLE parts (mid INT, n INT, PRIMARY KEY (mid, n), FOREIGN KEY (mid) REFERENCES machines (id));
        CREATE TABLE repairs (id INT PRIMARY KEY, mid INT, pn INT,
                              FOREIGN KEY (mid, pn) REFERENCES parts (mid, n),
                              FOREIGN KEY (mid) REFERENCES machines (id));
        CREATE TABLE \`odd Name\` (x INT);`);
    } finally {
      await connection.end();
    }
  });
  after(async () => {
    const connection = await mysql.createConnection(server.url);
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``).catch(() => undefined);
    await connection.end();
    await server?.stop();
  });

  it('reads the keys of the URL’s database and groups by them', async () => {
    const run = await cli(['discover', 'domains', url, '--format', 'json'], process.cwd());
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(report.tables, 7);
    assert.equal(report.foreignKeys, 5);
    assert.deepEqual(report.notes, []);
    const groups = report.domains.map((d) => d.tables.map((t) => t.table).sort());
    assert.deepEqual(groups.sort(), [
      ['customers', 'order_lines', 'orders'],
      ['machines', 'parts', 'repairs'],
    ]);
    assert.deepEqual(
      report.isolated.map((t) => t.table),
      ['odd Name'],
    );
    assert.equal(report.coAccess.available, false);
    const repairs = report.domains.flatMap((d) => d.tables).find((t) => t.table === 'repairs')!;
    assert.equal(repairs.reason, '2 foreign keys to machines, parts');
  });
});
