import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { StatementRefusedError } from '../../src/engines/build-engine.ts';
import type { Engine, ServerEntry } from '../../src/engines/engine.ts';
import {
  READABLE_SERVER_TYPES,
  SNAPSHOT_SERVER_TYPE,
  buildReads,
  loadBuildEngine,
  loadEngine,
} from '../../src/engines/registry.ts';
import { postgresUrl } from '../../src/engines/postgresql/connection-url.ts';

/**
 * What app/ relies on when it asks an engine instead of switching on server.type
 * (src/engines/CONTEXT.md "How to add an engine"): a capability flag and its method come
 * together, and the DuckDB and PostgreSQL answers are the ones the build used to hard-code.
 */

async function engines(): Promise<Engine[]> {
  const loaded = await Promise.all(READABLE_SERVER_TYPES.map((type) => loadEngine(type)));
  return [...new Set(loaded.filter((e): e is Engine => e !== undefined))];
}

describe('engine capabilities come with their methods', () => {
  it('serve exactly when canServe, openGrants exactly when canGrant', async () => {
    for (const engine of await engines()) {
      const { canServe, canGrant } = engine.dialect.capabilities;
      assert.equal(engine.serve !== undefined, canServe, `${engine.name}: serve vs canServe`);
      assert.equal(engine.openGrants !== undefined, canGrant, `${engine.name}: openGrants`);
    }
  });

  it('exportSource exactly when the engine names build source types, all of its own', async () => {
    for (const engine of await engines()) {
      const types = engine.buildSourceTypes ?? [];
      assert.equal(engine.exportSource !== undefined, types.length > 0, engine.name);
      for (const type of types)
        assert.ok(engine.serverTypes.includes(type), `${engine.name}: ${type}`);
    }
  });

  it('builds read local files and PostgreSQL, not DuckDB files, MySQL or unknown types', async () => {
    const read: Record<string, boolean> = {};
    for (const type of [...READABLE_SERVER_TYPES, 's3']) read[type] = await buildReads(type);
    assert.deepEqual(read, {
      local: true,
      duckdb: false,
      postgresql: true,
      postgres: true,
      mysql: false,
      mariadb: false,
      trino: false,
      s3: false,
    });
  });

  it('only PostgreSQL serves; only local files stand for a snapshot', async () => {
    const serving = (await engines()).filter((e) => e.dialect.capabilities.canServe);
    assert.deepEqual(
      serving.map((e) => e.name),
      ['postgresql'],
    );
    const duckdb = (await loadEngine(SNAPSHOT_SERVER_TYPE))!;
    const entry = (type: string): ServerEntry => ({ server: 's', type, path: './x' });
    assert.equal(duckdb.files?.filePerObject(entry('local')), true);
    assert.equal(duckdb.files?.filePerObject(entry('duckdb')), false);
    assert.equal((await loadEngine('postgresql'))!.files, undefined);
  });
});

describe('DuckDB: local files, where they are and whether they are here', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshwork-capabilities-'));
    writeFileSync(join(dir, 'orders.csv'), 'id\n1\n');
    mkdirSync(join(dir, 'parts'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names a missing file, a missing path and a missing database file', async () => {
    const files = (await loadEngine('local'))!.files!;
    const local: ServerEntry = { server: 'f', type: 'local', path: './{model}.csv' };
    assert.equal(files.missing(local, ['orders'], dir), undefined);
    assert.equal(
      files.missing(local, ['orders', 'lines'], dir),
      `no file at ${join(dir, 'lines.csv')}`,
    );
    assert.equal(files.missing({ server: 'f', type: 'local' }, ['orders'], dir), 'it has no path');
    // A glob counts when its folder exists; a URL is left to the engine.
    const glob: ServerEntry = { server: 'g', type: 'local', path: './parts/*.csv' };
    assert.equal(files.missing(glob, ['orders'], dir), undefined);
    const url: ServerEntry = { server: 'u', type: 'local', path: 's3://bucket/{model}.csv' };
    assert.equal(files.missing(url, ['orders'], dir), undefined);
    assert.equal(
      files.missing({ server: 'd', type: 'duckdb' }, [], dir),
      'it has no database file',
    );
    const db: ServerEntry = { server: 'd', type: 'duckdb', database: 'shop.duckdb' };
    assert.equal(files.missing(db, [], dir), `no database file at ${join(dir, 'shop.duckdb')}`);
    assert.deepEqual(files.paths(db, ['orders'], dir), [join(dir, 'shop.duckdb')]);
    assert.deepEqual(files.paths(local, ['orders', 'lines'], dir), [
      join(dir, 'orders.csv'),
      join(dir, 'lines.csv'),
    ]);
    assert.deepEqual(files.paths({ server: 'p', type: 'postgresql' }, ['orders'], dir), []);
  });

  it('hands local files to a build to be read in place, with their format', async () => {
    const engine = (await loadEngine('local'))!;
    const exported = await engine.exportSource!({
      server: { server: 'files', type: 'local', format: 'csv', path: './{model}.csv' },
      credentials: {},
      baseDir: dir,
      objects: [{ name: 'Orders', physicalName: 'orders' }],
      scratchDir: dir,
      filePrefix: 'raw',
    });
    assert.equal(exported.from, 'server "files" (local csv)');
    assert.deepEqual(exported.objects.get('Orders'), {
      kind: 'files',
      path: join(dir, 'orders.csv'),
      format: 'csv',
    });
  });
});

describe('PostgreSQL as a serving engine, without credentials', () => {
  it('serves nothing and never asks for the snapshot', async () => {
    const engine = (await loadEngine('postgresql'))!;
    const outcome = await engine.serve!({
      server: { server: 'serving', type: 'postgresql', schema: 'sales' },
      credentials: {},
      table: 'orders',
      csv: () => Promise.reject(new Error('the snapshot was converted for nothing')),
    });
    assert.deepEqual(outcome, { table: 'sales.orders', served: false });
  });

  it('connects by URL, else by user with the entry host and database (port 5432)', () => {
    const entry: ServerEntry = { server: 'p', type: 'postgresql', host: 'db', database: 'shop' };
    assert.equal(postgresUrl(entry, { url: 'postgres://a@b/c' }), 'postgres://a@b/c');
    assert.equal(
      postgresUrl(entry, { user: 'reader', password: 'p w' }),
      'postgres://reader:p%20w@db:5432/shop',
    );
    assert.equal(postgresUrl({ ...entry, host: undefined }, { user: 'reader' }), undefined);
    assert.equal(postgresUrl(entry, {}), undefined);
  });
});

describe('the build engine (DuckDB) behind the seam', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshwork-build-engine-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a typed CSV in transit once, writes Parquet, and gives it back as CSV', async () => {
    const csv = join(dir, 'in.csv');
    writeFileSync(csv, 'id,note\n1,""\n2,\n');
    const session = await (await loadBuildEngine()).openSession({ threads: 1 });
    try {
      const connection = await session.connect();
      const reads = await connection.attach(
        { schema: null, name: 'raw' },
        {
          kind: 'csv',
          path: csv,
          columns: [
            { name: 'id', type: 'INTEGER' },
            { name: 'note', type: 'VARCHAR' },
          ],
        },
      );
      // Materialised: nothing to keep readable after the lock.
      assert.deepEqual(reads, []);
      rmSync(csv);
      const parquet = join(dir, 'out.parquet');
      const rows = await connection.writeParquet(
        'SELECT id, note IS NULL AS missing FROM raw ORDER BY id',
        parquet,
      );
      assert.equal(rows, 2);
      const out = await connection.parquetToCsv(parquet, join(dir, 'out.csv'));
      assert.deepEqual(out.columns, [
        { name: 'id', type: 'INTEGER' },
        { name: 'missing', type: 'BOOLEAN' },
      ]);
      assert.deepEqual(
        await connection.attach(
          { schema: null, name: 'again' },
          { kind: 'parquet', path: parquet },
        ),
        [parquet],
      );
      await assert.rejects(connection.assertOneSelect('SELECT 1; SELECT 2'), StatementRefusedError);
      connection.close();
    } finally {
      session.close();
    }
  });
});
