import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'yaml';
import { createTrinoClient } from '../../src/engines/trino/client.ts';
import type { TrinoClient } from '../../src/engines/trino/client.ts';
import { cli } from '../support/cli.ts';
import { organisation } from '../support/mesh-fixture.ts';
import { NO_TRINO, trinoForTests } from '../support/trino.ts';

/**
 * `meshwork trino register` against the real Trino: a source contract's Parquet folder and a
 * product's served snapshot become Hive tables that answer with exact counts; a second run
 * changes nothing, a new snapshot repoints the table, and what cannot be registered (a file
 * sharing its folder, a managed table of the same name) is reported and left alone.
 */

const trino = trinoForTests();
const SCHEMA = `register_${randomBytes(4).toString('hex')}`;

interface Result {
  tables: { table: string; status: string; columns: number }[];
  skipped: { from: string; reason: string }[];
}

async function writeParquet(file: string, rows: number): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(
      `COPY (SELECT i::INTEGER AS id, 'name ' || i AS name, (i * 1.5)::DOUBLE AS amount, CAST(i AS DECIMAL(10,2)) AS price, DATE '2026-01-01' + i::INTEGER AS day, ` +
        `TIMESTAMP '2026-01-01 00:00:00.123456' AS at, i % 7 AS "we""ird" FROM range(1, ${rows + 1}) t(i)) ` +
        `TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function contract(id: string, path: string): string {
  return stringify({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id,
    version: '1.0.0',
    status: 'active',
    servers: [{ server: 'files', type: 'local', format: 'parquet', path }],
    schema: [{ name: id, properties: [{ name: 'id', logicalType: 'integer' }] }],
  });
}

describe('meshwork trino register', { skip: trino ? false : NO_TRINO }, () => {
  let mesh: string;
  let client: TrinoClient;
  const portDir = (): string => join(mesh, '.meshwork', 'warehouse', 'sales', 'daily', 'daily');

  async function publish(id: string, rows: number): Promise<void> {
    await mkdir(join(portDir(), id), { recursive: true });
    await writeParquet(join(portDir(), id, 'daily.parquet'), rows);
    await symlink(id, join(portDir(), '.current-new'));
    await rename(join(portDir(), '.current-new'), join(portDir(), 'current'));
  }

  async function register(): Promise<{ code: number; result: Result }> {
    const run = await cli(
      [
        'trino',
        'register',
        mesh,
        '--server',
        trino!.url,
        '--root',
        trino!.hiveDir,
        '--schema',
        SCHEMA,
        '--format',
        'json',
      ],
      mesh,
    );
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    return { code: run.code, result: JSON.parse(run.stdout) as Result };
  }

  async function scalar(sql: string): Promise<unknown[]> {
    return [...(await client.run(sql)).rows[0]!];
  }

  before(async () => {
    client = createTrinoClient({ server: trino!.url, user: trino!.user });
    // Inside the catalog's local folder: Trino reads local:///<path below it>.
    mesh = await mkdtemp(join(trino!.hiveDir, 'register-mesh-'));
    await writeFile(join(mesh, 'meshwork.yaml'), stringify(organisation));
    await mkdir(join(mesh, 'sources', 'webshop'), { recursive: true });
    for (const dir of ['orders', 'mixed', 'refunds'])
      await mkdir(join(mesh, 'data', dir), { recursive: true });
    await writeParquet(join(mesh, 'data', 'orders', 'part-1.parquet'), 600);
    await writeParquet(join(mesh, 'data', 'orders', 'part-2.parquet'), 400);
    await writeParquet(join(mesh, 'data', 'mixed', 'customers.parquet'), 10);
    await writeParquet(join(mesh, 'data', 'mixed', 'other.parquet'), 10);
    await writeParquet(join(mesh, 'data', 'refunds', 'refunds.parquet'), 10);
    const sources = join(mesh, 'sources', 'webshop');
    await writeFile(join(sources, 'orders.odcs.yaml'), contract('orders', '../../data/orders/'));
    await writeFile(
      join(sources, 'customers.odcs.yaml'),
      contract('customers', '../../data/mixed/customers.parquet'),
    );
    await writeFile(
      join(sources, 'refunds.odcs.yaml'),
      contract('refunds', '../../data/refunds/*.parquet'),
    );
    await publish('20261205T100000000Z-aaaaaa', 300);
    // A managed table where register would put webshop__refunds: it must survive.
    await client.run(`CREATE SCHEMA hive."${SCHEMA}"`);
    await client.run(`CREATE TABLE hive."${SCHEMA}".webshop__refunds AS SELECT 1 AS keep`);
  });

  after(async () => {
    for (const table of ['webshop__orders', 'webshop__refunds', 'sales__daily__daily'])
      await client.run(`DROP TABLE IF EXISTS hive."${SCHEMA}"."${table}"`).catch(() => undefined);
    await client.run(`DROP SCHEMA IF EXISTS hive."${SCHEMA}"`).catch(() => undefined);
    await rm(mesh, { recursive: true, force: true });
  });

  it('registers the folder and the snapshot; Trino reads them with exact counts', async () => {
    const { code, result } = await register();
    assert.equal(code, 1, 'two could not be registered');
    assert.deepEqual(
      result.tables.map((t) => [t.table, t.status, t.columns]),
      [
        [`"hive"."${SCHEMA}"."webshop__orders"`, 'created', 7],
        [`"hive"."${SCHEMA}"."sales__daily__daily"`, 'created', 7],
      ],
    );
    assert.deepEqual(
      await scalar(
        `SELECT count(*), sum(id), count_if("we""ird" = 0), min(day), CAST(max(at) AS varchar), sum(amount), CAST(sum(price) AS varchar) ` +
          `FROM hive."${SCHEMA}".webshop__orders`,
      ),
      // part-1 holds 1..600, part-2 1..400.
      [
        1000,
        180300 + 80200,
        85 + 57,
        '2026-01-02',
        '2026-01-01 00:00:00.123456',
        270450 + 120300,
        '260500.00',
      ],
    );
    assert.deepEqual(
      await scalar(`SELECT count(*) FROM hive."${SCHEMA}".sales__daily__daily`),
      [300],
    );
  });

  it('reports what it cannot register and leaves a managed table of the same name alone', async () => {
    const { result } = await register();
    const reasons = new Map(result.skipped.map((s) => [s.from.split(' ')[0], s.reason]));
    assert.match(
      reasons.get('sources/webshop/customers.odcs.yaml') ?? '',
      /also holds 1 other file\(s\) \(other\.parquet\)/,
    );
    assert.match(
      reasons.get('sources/webshop/refunds.odcs.yaml') ?? '',
      /exists and is not an external table; not replaced/,
    );
    assert.deepEqual(
      await scalar(`SELECT count(*), sum(keep) FROM hive."${SCHEMA}".webshop__refunds`),
      [1, 1],
    );
  });

  it('changes nothing when run again, and repoints the table at a new snapshot', async () => {
    const again = await register();
    assert.deepEqual(
      again.result.tables.map((t) => t.status),
      ['unchanged', 'unchanged'],
    );
    await publish('20261205T110000000Z-bbbbbb', 120);
    const next = await register();
    assert.deepEqual(
      next.result.tables.map((t) => t.status),
      ['unchanged', 'replaced'],
    );
    assert.deepEqual(
      await scalar(`SELECT count(*) FROM hive."${SCHEMA}".sales__daily__daily`),
      [120],
    );
    assert.deepEqual(await scalar(`SELECT count(*) FROM hive."${SCHEMA}".webshop__orders`), [1000]);
  });
});

describe('meshwork trino register with nothing to register', () => {
  it('says what it looked for and why nothing qualified (no Trino is asked: port 1)', async (t) => {
    const mesh = await mkdtemp(join(tmpdir(), 'register-empty-'));
    t.after(() => rm(mesh, { recursive: true, force: true }));
    await writeFile(join(mesh, 'meshwork.yaml'), stringify(organisation));
    const args = ['trino', 'register', mesh, '--server', 'http://127.0.0.1:1', '--root', mesh];
    const empty = await cli(args, mesh);
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(empty.stdout, /^0 table\(s\) registered\n/);
    assert.match(
      empty.stdout,
      /Nothing to register: looked for the Parquet files of source contracts' `local` servers \(the mesh has no source contracts\)/,
    );
    assert.match(
      empty.stdout,
      /served snapshots in \.meshwork\/warehouse \(no product port was built yet \(run `meshwork build`\)\)/,
    );

    // A port folder whose build never finished: found, but nothing served.
    await mkdir(join(mesh, '.meshwork/warehouse/sales/daily/orders/20260101T000000Z'), {
      recursive: true,
    });
    const unbuilt = await cli(args, mesh);
    assert.match(unbuilt.stdout, /1 port folder, none with a served snapshot/);
    const json = await cli([...args, '--format', 'json'], mesh);
    const result = JSON.parse(json.stdout) as { searched: Record<string, number> };
    assert.deepEqual(result.searched, {
      sourceContracts: 0,
      localServers: 0,
      localParquetServers: 0,
      portFolders: 1,
      builtPorts: 0,
    });
  });
});
