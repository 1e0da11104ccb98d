import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli } from '../support/cli.ts';
import { createMysqlDatabase, startTestMysql } from '../support/mysql.ts';
import type { TestMysql } from '../support/mysql.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { generateScanDataset } from '../support/scan-dataset.ts';
import type { LabelledTable } from '../support/scan-dataset.ts';
import {
  assertNoValues,
  datasetContract,
  loadTablesMysql,
  loadTablesPostgres,
  personalValues,
  writeTablesParquet,
} from '../support/scan-files.ts';

/** `meshwork scan` on databases: a URL with --schema, a contract's server, a DuckDB file. */

interface ScanJson {
  target: string;
  server: string | null;
  columns: { object: string; property: string; category: string | null }[];
  sampled: { object: string; rows: number; method: string }[];
  notScanned: unknown[];
}

const tables: LabelledTable[] = generateScanDataset({ rows: 150 });
const secrets = personalValues(tables);

/** Every column whose name and content agree is found as what it is (the hard cases are scan-core's). */
function assertPlainColumnsFound(report: ScanJson): void {
  const verdict = new Map(report.columns.map((c) => [`${c.object}.${c.property}`, c.category]));
  const wrong = tables
    .filter((t) => t.object !== 'schwierige_faelle')
    .flatMap((t) =>
      t.columns.filter((c) => c.kind === 'plain').map((c) => ({ ...c, object: t.object })),
    )
    .filter((c) => verdict.get(`${c.object}.${c.property}`) !== c.label)
    .map((c) => `${c.object}.${c.property} → ${verdict.get(`${c.object}.${c.property}`)}`);
  assert.deepEqual(wrong, []);
}

describe('scan PostgreSQL', () => {
  let pg: TestPostgres;
  let db: TestDatabase;
  let dir: string;
  before(async () => {
    pg = await startTestPostgres();
    db = await createTestDatabase(pg.url, 'meshwork_scan');
    await loadTablesPostgres(db.url, 'crm', tables);
    await withClient(db.url, (c) =>
      c.query('CREATE VIEW crm.kunden_view AS SELECT * FROM crm.kunden'),
    );
    dir = await mkdtemp(join(tmpdir(), 'meshwork-scan-pg-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
    await pg?.stop();
  });

  it('scans every table and view of --schema by URL, and shows neither a value nor the password', async () => {
    const { code, stdout, stderr } = await cli(
      ['scan', db.url, '--schema', 'crm', '--format', 'json'],
      dir,
    );
    assert.equal(code, 0, stderr);
    const password = decodeURIComponent(new URL(db.url).password);
    assertNoValues(stdout + stderr, [...secrets, password], 'scan postgresql://');
    const report = JSON.parse(stdout) as ScanJson;
    assert.match(report.target, /^127\.0\.0\.1:\d+\/meshwork_scan_\w+ \(schema crm\)$/);
    assert.deepEqual(
      report.sampled.map((s) => s.object),
      [...tables.map((t) => t.object), 'kunden_view'].sort(),
    );
    assert.match(report.sampled.find((s) => s.object === 'kunden_view')!.method, /first 1000 rows/);
    assertPlainColumnsFound(report);
    const text = await cli(['scan', db.url, '--schema', 'crm'], dir);
    assertNoValues(text.stdout + text.stderr, [...secrets, password], 'scan postgresql:// text');
  });

  it('scans a contract from its PostgreSQL server, configured by MESHWORK_<SERVER>_URL', async () => {
    const contract = datasetContract(tables.slice(0, 3), {
      server: 'crm',
      type: 'postgresql',
      host: 'db.internal',
      port: 5432,
      database: 'crm',
      schema: 'crm',
    });
    await writeFile(join(dir, 'crm.odcs.yaml'), contract);
    const { code, stdout, stderr } = await cli(['scan', 'crm.odcs.yaml', '--format', 'json'], dir, {
      env: { MESHWORK_CRM_URL: db.url },
    });
    assert.equal(code, 0, stderr);
    assertNoValues(stdout + stderr, secrets, 'scan contract on postgresql');
    const report = JSON.parse(stdout) as ScanJson;
    assert.match(report.server!, /^"crm" \(postgresql, /);
    assert.deepEqual(
      report.sampled.map((s) => s.object),
      tables.slice(0, 3).map((t) => t.object),
    );
    const email = report.columns.find((c) => c.object === 'kunden' && c.property === 'email');
    assert.equal(email?.category, 'email');
  });

  it('says a schema without tables, and a server that does not answer, in one line (exit 2)', async () => {
    const empty = await cli(['scan', db.url, '--schema', 'nothing_here'], dir);
    assert.equal(empty.code, 2);
    assert.match(
      empty.stderr,
      /\(schema nothing_here\) has no tables \(or none this login may see\)\./,
    );
    const url = new URL(db.url);
    url.port = '1';
    const down = await cli(['scan', url.toString()], dir);
    assert.equal(down.code, 2);
    assert.match(down.stderr, /^meshwork scan: cannot connect to 127\.0\.0\.1:1\//);
    assert.ok(!down.stderr.includes(decodeURIComponent(url.password)));
  });
});

describe('scan MariaDB/MySQL', () => {
  let server: TestMysql;
  let url: string;
  before(async () => {
    server = await startTestMysql();
    url = (await createMysqlDatabase(server.url)).url;
    await loadTablesMysql(url, tables);
  });
  after(() => server?.stop());

  it("scans every table of the URL's database", async () => {
    const { code, stdout, stderr } = await cli(['scan', url, '--format', 'json'], process.cwd());
    assert.equal(code, 0, stderr);
    assertNoValues(stdout + stderr, secrets, 'scan mysql://');
    const report = JSON.parse(stdout) as ScanJson;
    assert.deepEqual(
      report.sampled.map((s) => s.object),
      tables.map((t) => t.object).sort(),
    );
    assertPlainColumnsFound(report);
  });
});

describe('scan a DuckDB database file', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-scan-duckdb-'));
    await writeTablesParquet(dir, tables);
    const instance = await DuckDBInstance.create(join(dir, 'shop.duckdb'));
    const connection = await instance.connect();
    await connection.run('CREATE SCHEMA crm');
    for (const table of tables)
      await connection.run(
        `CREATE TABLE crm."${table.object}" AS SELECT * FROM '${join(dir, `${table.object}.parquet`)}'`,
      );
    connection.closeSync();
    instance.closeSync();
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('scans every table of --schema', async () => {
    const { code, stdout, stderr } = await cli(
      ['scan', 'shop.duckdb', '--schema', 'crm', '--format', 'json'],
      dir,
    );
    assert.equal(code, 0, stderr);
    assertNoValues(stdout + stderr, secrets, 'scan .duckdb');
    const report = JSON.parse(stdout) as ScanJson;
    assert.equal(report.sampled.length, tables.length);
    assertPlainColumnsFound(report);
  });
});
