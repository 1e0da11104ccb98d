import assert from 'node:assert/strict';
import { copyFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { jaffleManifest } from './dbt-manifest.ts';
import { emptyMesh, meshwork } from './import-support.ts';

const FIXTURES = new URL('../fixtures/import/', import.meta.url).pathname;

/**
 * `meshwork import` on the three file formats as real processes: the contracts are
 * written, validate, and — where the file names a server (a DCS file) — `meshwork test`
 * passes on the real PostgreSQL the file describes, with the credentials from
 * MESHWORK_<SYSTEM>_URL only.
 */
describe('meshwork import FILE (DCS, DDL, dbt manifest) as real processes', () => {
  let pg: TestPostgres;
  let db: TestDatabase;
  let mesh: string;
  before(async () => {
    pg = await startTestPostgres();
    db = await createTestDatabase(pg.url, 'meshwork_dcs');
    await withClient(db.url, (client) =>
      client.query(`
        CREATE TABLE customers (id integer PRIMARY KEY, email varchar(200) NOT NULL UNIQUE);
        CREATE TABLE orders (
          order_id bigint PRIMARY KEY,
          customer_id integer NOT NULL REFERENCES customers (id),
          status text,
          total numeric(12,2)
        );
        INSERT INTO customers VALUES (1, 'anna@example.org'), (2, 'ben@example.org');
        INSERT INTO orders VALUES (10, 1, 'open', 20.5), (11, 2, 'paid', NULL), (12, 1, NULL, 3);`),
    );
    mesh = await emptyMesh('import-formats');
  });
  after(async () => {
    await rm(mesh, { recursive: true, force: true });
    await db.drop();
    await pg.stop();
  });

  it('a datacontract.yaml: written, valid, and meshwork test passes on the database it names', async () => {
    const url = new URL(db.url);
    await writeFile(
      join(mesh, 'datacontract.yaml'),
      `dataContractSpecification: 1.1.0
id: webshop
info: { title: Webshop, version: 1.0.0 }
servers:
  production:
    type: postgres
    host: ${url.hostname}
    port: ${url.port}
    database: ${db.name}
    schema: public
    password: not-this-one
models:
  customers:
    fields:
      id: { type: integer, primaryKey: true, config: { postgresType: integer } }
      email: { type: string, required: true, unique: true, maxLength: 200 }
  orders:
    fields:
      order_id: { type: long, primaryKey: true, config: { postgresType: bigint } }
      customer_id: { type: integer, required: true, references: customers.id }
      status: { type: string, enum: [open, paid] }
      total: { type: decimal, config: { postgresType: "numeric(12,2)" } }
`,
    );
    const imported = await meshwork(['import', 'datacontract.yaml'], mesh);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    assert.match(imported.stdout, /MESHWORK_WEBSHOP_URL/);
    const files = (await readdir(join(mesh, 'sources/webshop'))).sort();
    assert.deepEqual(files, ['customers.odcs.yaml', 'orders.odcs.yaml']);
    for (const file of files) {
      assert.doesNotMatch(
        await readFile(join(mesh, 'sources/webshop', file), 'utf8'),
        /not-this-one|password/,
      );
    }
    const validated = await meshwork(['validate'], mesh);
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
    const tested = await meshwork(['test', 'sources/webshop'], mesh, {
      MESHWORK_WEBSHOP_URL: db.url,
    });
    assert.equal(tested.code, 0, tested.stdout + tested.stderr);
    // The allowed values are checked: a row outside them makes the same contracts fail.
    await withClient(db.url, (client) =>
      client.query(`INSERT INTO orders VALUES (13, 2, 'lost', 1)`),
    );
    const failing = await meshwork(['test', 'sources/webshop'], mesh, {
      MESHWORK_WEBSHOP_URL: db.url,
    });
    assert.equal(failing.code, 1, failing.stdout + failing.stderr);
    assert.match(failing.stdout, /invalidValues|allowed values/i);
  });

  it('a pg_dump file: written and valid; no server, and the view is reported with its line', async () => {
    await copyFile(join(FIXTURES, 'pg-dump-shop.sql'), join(mesh, 'shop.sql'));
    const imported = await meshwork(
      ['import', 'shop.sql', '--schema', 'shop', '--format', 'json'],
      mesh,
    );
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    assert.match(imported.stdout, /shop\.sql:\d+: a view/);
    const files = (await readdir(join(mesh, 'sources/shop'))).sort();
    assert.deepEqual(files, ['order-lines.odcs.yaml', 'orders.odcs.yaml']);
    const validated = await meshwork(['validate'], mesh);
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
  });

  it('a dbt manifest.json: written and valid, the missing host and port said', async () => {
    await writeFile(
      join(mesh, 'manifest.json'),
      JSON.stringify(jaffleManifest({ adapter: 'postgres' })),
    );
    const imported = await meshwork(['import', 'manifest.json', '--schema', 'analytics'], mesh);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    assert.match(imported.stdout, /names no host, port/);
    const files = (await readdir(join(mesh, 'sources/jaffle-shop'))).sort();
    assert.deepEqual(files, [
      'order-lines.odcs.yaml',
      'orders.odcs.yaml',
      'stg-customers.odcs.yaml',
    ]);
    const validated = await meshwork(['validate'], mesh);
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
  });
});
