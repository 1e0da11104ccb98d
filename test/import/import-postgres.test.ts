import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CatalogTable } from '../../src/core/import/catalog.ts';
import { postgresEngine } from '../../src/engines/postgresql/index.ts';
import { cli } from '../support/cli.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { emptyMesh, meshwork, readContract } from './import-support.ts';
import type { Contract } from './import-support.ts';
import { PG_SHOP } from './shop-schema.ts';

/**
 * `meshwork import` on a real PostgreSQL: the catalog as describe() reads it, the
 * contracts written from it (valid, and `meshwork test` passes on the same database, as
 * a real process with MESHWORK_SHOP_URL), drift on a second import, hostile names, and a
 * password that never reaches a file or an output.
 */
describe('meshwork import (PostgreSQL)', () => {
  let server: TestPostgres;
  let db: TestDatabase;
  let password: string;
  const dirs: string[] = [];

  before(async () => {
    server = await startTestPostgres();
    db = await createTestDatabase(server.url, 'meshwork_import');
    await withClient(db.url, (client) => client.query(PG_SHOP));
    password = decodeURIComponent(new URL(db.url).password);
    assert.ok(password.length > 0, 'the test server URL carries a password');
  });
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    await db.drop();
    await server.stop();
  });

  const mesh = async (): Promise<string> => {
    const dir = await emptyMesh('import-pg');
    dirs.push(dir);
    return dir;
  };

  async function describeShop(): Promise<readonly CatalogTable[]> {
    const connection = await postgresEngine.connect({
      server: { server: 'shop', type: 'postgresql', schema: 'public' },
      credentials: { url: db.url },
      baseDir: '.',
    });
    try {
      return await connection.describe!();
    } finally {
      await connection.close();
    }
  }

  it('describe(): types, NOT NULL, PK positions, unique keys, multi-column and cross-schema FKs, comments, views', async () => {
    const tables = await describeShop();
    assert.deepEqual(
      tables.map((t) => [t.name, t.kind]),
      [
        ['Odd "Quoted" Table', 'table'],
        ['big_orders', 'view'],
        ['customers', 'table'],
        ['order_lines', 'table'],
        ['orders', 'table'],
      ],
    );
    const byName = (name: string): CatalogTable => tables.find((t) => t.name === name)!;
    const customers = byName('customers');
    assert.equal(customers.description, 'One row per customer of the webshop.');
    const email = customers.columns.find((c) => c.name === 'email')!;
    assert.deepEqual(email, {
      name: 'email',
      physicalType: 'character varying(200)',
      logicalType: 'string',
      logicalTypeOptions: { maxLength: 200 },
      required: true,
      unique: true,
      description: 'Login e-mail address.',
    });
    // The expression index on lower(email) promises nothing about a column.
    assert.deepEqual(customers.uniqueKeys, []);
    assert.deepEqual(customers.foreignKeys, [
      {
        name: 'customers_country_fkey',
        columns: ['country'],
        table: 'countries',
        schema: 'ref',
        referencedColumns: ['code'],
      },
    ]);
    const created = customers.columns.find((c) => c.name === 'created_at')!;
    assert.equal(created.physicalType, 'timestamp with time zone');
    assert.deepEqual(created.logicalTypeOptions, { timezone: true });
    const fullName = customers.columns.find((c) => c.name === 'Full Name')!;
    assert.equal(fullName.required, false);

    const orders = byName('orders');
    assert.deepEqual(
      orders.columns.map((c) => [c.name, c.primaryKeyPosition, c.required, c.unique]),
      [
        ['shop_id', 1, true, false],
        ['order_id', 2, true, false],
        ['customer_id', undefined, true, false],
        ['ordered_on', undefined, true, false],
        ['total', undefined, false, false],
      ],
    );
    assert.equal(orders.columns.find((c) => c.name === 'total')!.physicalType, 'numeric(12,2)');
    assert.equal(
      orders.columns.find((c) => c.name === 'total')!.description,
      'Gross total in EUR.',
    );

    const lines = byName('order_lines');
    assert.deepEqual(lines.uniqueKeys, [['shop_id', 'order_id', 'sku']]);
    assert.deepEqual(lines.foreignKeys, [
      {
        name: 'order_lines_shop_id_order_id_fkey',
        columns: ['shop_id', 'order_id'],
        table: 'orders',
        referencedColumns: ['shop_id', 'order_id'],
      },
    ]);
    const view = byName('big_orders');
    assert.equal(view.description, 'Orders above 100 EUR.');
    assert.equal(view.columns.length, 3);
    assert.ok(view.columns.every((c) => c.primaryKeyPosition === undefined));

    const odd = byName('Odd "Quoted" Table');
    assert.deepEqual(
      odd.columns.map((c) => c.name),
      ['Weird ID', 'quote"d col', 'CamelCase', 'customer_ref'],
    );
    assert.equal(odd.columns[0]!.primaryKeyPosition, 1);
  });

  it('describe(tables) describes only the tables named', async () => {
    const connection = await postgresEngine.connect({
      server: { server: 'shop', type: 'postgresql', schema: 'public' },
      credentials: { url: db.url },
      baseDir: '.',
    });
    try {
      const tables = await connection.describe!(['orders', 'no_such_table']);
      assert.deepEqual(
        tables.map((t) => t.name),
        ['orders'],
      );
    } finally {
      await connection.close();
    }
  });

  it('writes contracts that validate and that `meshwork test` passes on the same database (real processes); the password is nowhere', async () => {
    const dir = await mesh();
    const imported = await meshwork(['import', db.url, '--system', 'shop'], dir);
    assert.equal(imported.code, 0, imported.stderr + imported.stdout);
    assert.match(imported.stdout, /wrote\s+sources\/shop\/orders\.odcs\.yaml/);
    assert.match(imported.stdout, /MESHWORK_SHOP_URL/);
    // The FK into schema ref has no contract of this import: said, not silently dropped.
    assert.match(
      imported.stdout,
      /customers: foreign key \(country\) → ref\.countries not written/,
    );
    const files = (await readdir(join(dir, 'sources', 'shop'))).sort();
    assert.deepEqual(files, [
      'big-orders.odcs.yaml',
      'customers.odcs.yaml',
      'odd-quoted-table.odcs.yaml',
      'order-lines.odcs.yaml',
      'orders.odcs.yaml',
    ]);
    for (const file of files) {
      const text = await readFile(join(dir, 'sources', 'shop', file), 'utf8');
      assert.ok(!text.includes(password), `${file} holds the password`);
      assert.ok(!text.includes(`${new URL(db.url).username}@`), `${file} holds the user`);
      assert.match(text, /^# Imported by `meshwork import`/);
    }
    assert.ok(!imported.stdout.includes(password) && !imported.stderr.includes(password));

    const validated = await meshwork(['validate'], dir);
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
    const tested = await meshwork(['test', 'sources/shop', '--format', 'json'], dir, {
      MESHWORK_SHOP_URL: db.url,
    });
    assert.equal(tested.code, 0, tested.stdout + tested.stderr);
    assert.ok(!tested.stdout.includes(password) && !tested.stderr.includes(password));
    const checks = JSON.stringify(JSON.parse(tested.stdout));
    // The relationships across files were checked, not passed over.
    assert.match(checks, /order_lines\.relationship\[0\]/);
    assert.doesNotMatch(checks, /"status":\s*"(failed|error|not-run)"/);
  });

  it('writes the conventions: id, draft, server without credentials, PK positions, composite FK and unique key, ids for odd names', async () => {
    const dir = await mesh();
    const run = await cli(['import', db.url, '--system', 'shop', '--domain', 'sales'], dir);
    assert.equal(run.code, 0, run.stderr);
    const read = (file: string): Promise<Contract> =>
      readContract(join(dir, 'sources', 'shop', file));
    const lines = await read('order-lines.odcs.yaml');
    assert.equal(lines.apiVersion, 'v3.1.0');
    assert.equal(lines.id, 'shop-order-lines-v1');
    assert.equal(lines.status, 'draft');
    assert.equal(lines.domain, 'sales');
    const url = new URL(db.url);
    assert.deepEqual(lines.servers, [
      {
        server: 'shop',
        type: 'postgresql',
        host: url.hostname,
        port: Number(url.port),
        database: db.name,
        schema: 'public',
      },
    ]);
    const object = lines.schema[0]!;
    assert.deepEqual(object.relationships, [
      {
        type: 'foreignKey',
        from: ['order_lines.shop_id', 'order_lines.order_id'],
        to: [
          'orders.odcs.yaml#/schema/orders/properties/shop_id',
          'orders.odcs.yaml#/schema/orders/properties/order_id',
        ],
      },
    ]);
    assert.deepEqual(object.quality?.[0]?.arguments, {
      properties: ['shop_id', 'order_id', 'sku'],
    });
    assert.deepEqual(
      object.properties.map((p) => p.primaryKeyPosition),
      [1, 2, 3, undefined, undefined],
    );
    const customers = await read('customers.odcs.yaml');
    assert.equal(customers.description.purpose, 'One row per customer of the webshop.');
    assert.equal(customers.customProperties[0]?.property, 'meshworkImportedFrom');
    assert.equal(
      (customers.customProperties[0]?.value as { source?: string }).source,
      `postgres://${url.host}/${db.name}`,
    );
    const odd = await read('odd-quoted-table.odcs.yaml');
    const oddObject = odd.schema[0]!;
    assert.equal(oddObject.id, 'odd_quoted_table');
    assert.equal(oddObject.physicalName, 'Odd "Quoted" Table');
    assert.deepEqual(oddObject.properties[3]?.relationships, [
      { type: 'foreignKey', to: 'customers.odcs.yaml#/schema/customers/properties/customer_id' },
    ]);
    assert.equal(oddObject.properties[0]?.id, 'weird_id');
    const view = await read('big-orders.odcs.yaml');
    assert.equal(view.schema[0]?.physicalType, 'view');
  });

  it('importing again: drift classified as diff does, nothing written without --write; --write keeps what was written by hand', async () => {
    const dir = await mesh();
    assert.equal((await cli(['import', db.url, '--system', 'shop'], dir)).code, 0);
    const ordersFile = join(dir, 'sources', 'shop', 'orders.odcs.yaml');
    // Hand-written parts: a description, a tag, a quality rule, a custom property.
    const edited = await readContract(ordersFile);
    edited.description.purpose = 'One row per order, as the shop took it.';
    edited.tags = ['webshop'];
    const total = edited.schema[0]!.properties.find((p) => p.name === 'total')!;
    total.description = 'Written by hand.';
    total.quality = [{ type: 'library', metric: 'nullValues', mustBeLessOrEqualTo: 5 }];
    edited.customProperties.push({ property: 'owner-note', value: 'keep me' });
    const { stringify } = await import('yaml');
    await writeFile(ordersFile, stringify(edited));
    const before = await readFile(ordersFile, 'utf8');

    // Unchanged source: no drift, exit 0, nothing touched.
    const same = await cli(['import', db.url, '--system', 'shop', '--format', 'json'], dir);
    assert.equal(same.code, 0, same.stderr);
    const sameReport = JSON.parse(same.stdout) as { files: { action: string }[]; drift: unknown };
    assert.ok(
      sameReport.files.every((f) => f.action === 'unchanged'),
      same.stdout,
    );
    assert.equal(sameReport.drift, null);

    await withClient(db.url, (client) =>
      client.query(`ALTER TABLE orders ADD COLUMN channel text;
        ALTER TABLE orders DROP COLUMN ordered_on;
        ALTER TABLE order_lines ALTER COLUMN quantity TYPE text;
        DROP VIEW big_orders;`),
    );
    try {
      const drift = await cli(['import', db.url, '--system', 'shop', '--format', 'json'], dir);
      assert.equal(drift.code, 1, drift.stderr + drift.stdout);
      const report = JSON.parse(drift.stdout) as {
        files: { file: string; action: string }[];
        drift: { changes: { path: string; change: string; severity: string }[] };
      };
      assert.deepEqual(
        report.files.filter((f) => f.action !== 'unchanged'),
        [
          { table: 'order_lines', file: 'sources/shop/order-lines.odcs.yaml', action: 'drift' },
          { table: 'orders', file: 'sources/shop/orders.odcs.yaml', action: 'drift' },
          { table: 'big_orders', file: 'sources/shop/big-orders.odcs.yaml', action: 'gone' },
        ],
      );
      const severityOf = (pattern: RegExp): string[] =>
        report.drift.changes.filter((c) => pattern.test(c.path)).map((c) => c.severity);
      assert.ok(severityOf(/ordered_on/).includes('breaking'), drift.stdout);
      assert.ok(severityOf(/quantity.*logicalType/).includes('breaking'), drift.stdout);
      assert.deepEqual(severityOf(/channel/), ['info']);
      const gone = report.drift.changes.find((c) => c.change === 'removed' && c.path === '$');
      assert.equal(gone?.severity, 'breaking', 'the view that went is a removed contract');
      assert.equal(await readFile(ordersFile, 'utf8'), before, 'written without --write');

      const text = await cli(['import', db.url, '--system', 'shop'], dir);
      assert.match(text.stdout, /⚠ drift\s+sources\/shop\/orders\.odcs\.yaml/);
      assert.match(text.stdout, /run again with --write/);

      const written = await cli(['import', db.url, '--system', 'shop', '--write'], dir);
      assert.equal(written.code, 1, 'the breaking drift still needs a new major version');
      const after = await readContract(ordersFile);
      assert.equal(after.description.purpose, 'One row per order, as the shop took it.');
      assert.deepEqual(after.tags, ['webshop']);
      const names = after.schema[0]!.properties.map((p) => p.name);
      assert.deepEqual(names, ['shop_id', 'order_id', 'customer_id', 'total', 'channel']);
      const newTotal = after.schema[0]!.properties[3]!;
      assert.equal(newTotal.physicalType, 'numeric(12,2)');
      assert.equal(newTotal.description, 'Written by hand.');
      const lines = await readContract(join(dir, 'sources/shop/order-lines.odcs.yaml'));
      assert.equal(lines.schema[0]!.properties[4]!.logicalType, 'string');
      assert.equal(lines.schema[0]!.properties[4]!.physicalType, 'text');
      assert.ok(
        (await readdir(join(dir, 'sources/shop'))).includes('big-orders.odcs.yaml'),
        'a gone table keeps its contract',
      );
      assert.deepEqual(newTotal.quality, [
        { type: 'library', metric: 'nullValues', mustBeLessOrEqualTo: 5 },
      ]);
      assert.deepEqual(
        after.customProperties.map((p) => p.property),
        ['meshworkImportedFrom', 'owner-note'],
      );
      // Written once: the next import finds nothing new but the gone view.
      const again = await cli(['import', db.url, '--system', 'shop', '--format', 'json'], dir);
      const left = JSON.parse(again.stdout) as { files: { action: string }[] };
      assert.deepEqual(
        left.files.map((f) => f.action).filter((a) => a !== 'unchanged'),
        ['gone'],
      );
    } finally {
      await withClient(db.url, (client) =>
        client.query(`ALTER TABLE orders DROP COLUMN IF EXISTS channel;
          ALTER TABLE orders ADD COLUMN IF NOT EXISTS ordered_on date NOT NULL DEFAULT '2026-01-01';
          ALTER TABLE order_lines ALTER COLUMN quantity TYPE integer USING quantity::integer;
          CREATE OR REPLACE VIEW big_orders AS SELECT shop_id, order_id, total FROM orders WHERE total > 100;`),
      );
    }
  });

  it('hostile names and comments: a name with no letters is a gap, colliding file names are a gap, YAML in a comment stays text', async () => {
    const hostile = await createTestDatabase(server.url, 'meshwork_import_hostile');
    try {
      await withClient(hostile.url, (client) =>
        client.query(`CREATE TABLE "../.." (x integer);
          CREATE TABLE "Orders" (id integer PRIMARY KEY);
          CREATE TABLE "orders" (id integer PRIMARY KEY);
          CREATE TABLE "../../etc/passwd" (id integer);
          CREATE TABLE notes (id integer);
          CREATE TABLE "A b" ("x y" integer, z integer, PRIMARY KEY ("x y", z));
          CREATE TABLE c (p integer, "q r" integer, FOREIGN KEY (p, "q r") REFERENCES "A b");
          COMMENT ON TABLE notes IS E'x\\napiVersion: evil\\n- a: b # "quoted" \\'single\\'';`),
      );
      const dir = await mesh();
      const run = await cli(
        ['import', hostile.url, '--system', '../../h', '--format', 'json'],
        dir,
      );
      assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout) as {
        files: { table: string; file: string }[];
        gaps: { table: string; reason: string }[];
        notes: { table: string; note: string }[];
      };
      assert.deepEqual(
        report.gaps.map((g) => g.table),
        ['../..', 'orders'],
      );
      assert.deepEqual(
        report.files.map((f) => [f.table, f.file]),
        [
          ['../../etc/passwd', 'sources/h/etc-passwd.odcs.yaml'],
          ['A b', 'sources/h/a-b.odcs.yaml'],
          ['Orders', 'sources/h/orders.odcs.yaml'],
          ['c', 'sources/h/c.odcs.yaml'],
          ['notes', 'sources/h/notes.odcs.yaml'],
        ],
      );
      // A composite key over names ODCS's shorthand cannot spell: said, not written wrong.
      assert.deepEqual(report.notes, [
        {
          table: 'c',
          note: 'foreign key (p, q r) → A b not written: ODCS names the columns of a composite key only when they are plain names (letters, digits, _)',
        },
      ]);
      assert.deepEqual((await readdir(dir)).sort(), ['meshwork.yaml', 'sources']);
      const notes = await readContract(join(dir, 'sources', 'h', 'notes.odcs.yaml'));
      assert.equal(notes.apiVersion, 'v3.1.0');
      assert.equal(notes.description.purpose, `x\napiVersion: evil\n- a: b # "quoted" 'single'`);
      const validated = await cli(['validate'], dir);
      assert.equal(validated.code, 0, validated.stdout);
    } finally {
      await hostile.drop();
    }
  });

  it('--tables imports only those and names the ones that do not exist; --schema reads another schema', async () => {
    const dir = await mesh();
    const run = await cli(
      ['import', db.url, '--system', 'shop', '--tables', 'orders,nope', '--format', 'json'],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as {
      files: { table: string }[];
      gaps: { table: string; reason: string }[];
    };
    assert.deepEqual(
      report.files.map((f) => f.table),
      ['orders'],
    );
    assert.deepEqual(report.gaps, [
      { table: 'nope', reason: 'no table or view of this name in schema public' },
    ]);
    const ref = await cli(['import', db.url, '--system', 'ref', '--schema', 'ref'], dir);
    assert.equal(ref.code, 0, ref.stderr);
    const countries = await readContract(join(dir, 'sources/ref/countries.odcs.yaml'));
    assert.equal(countries.servers?.[0]?.schema, 'ref');
  });

  it('a wrong password, an unreachable server and no mesh fail with exit 2 and a clear line, never echoing the password', async () => {
    const dir = await mesh();
    const wrong = new URL(db.url);
    wrong.password = 'S3cret-Wrong-Pw';
    const denied = await cli(['import', wrong.toString()], dir);
    assert.equal(denied.code, 2);
    assert.match(denied.stderr, /^meshwork import: cannot connect to postgres:\/\/[^@]+\//);
    assert.ok(
      !denied.stderr.includes('S3cret-Wrong-Pw') && !denied.stdout.includes('S3cret-Wrong-Pw'),
    );
    const unreachable = await cli(
      ['import', 'postgresql://me:S3cret-Wrong-Pw@127.0.0.1:1/shop'],
      dir,
    );
    assert.equal(unreachable.code, 2);
    assert.match(unreachable.stderr, /cannot connect to postgresql:\/\/127\.0\.0\.1:1\/shop/);
    assert.ok(!unreachable.stderr.includes('S3cret-Wrong-Pw'));
    const noMesh = await cli(['import', db.url], join(dir, 'sources', '..', '..'));
    assert.equal(noMesh.code, 2);
    assert.match(noMesh.stderr, /no mesh here/);
  });

  it('--profile: suggestions marked as such, no values of personal columns, and validate + meshwork test still pass (real processes)', async () => {
    const dir = await mesh();
    const imported = await meshwork(['import', db.url, '--system', 'shop', '--profile'], dir);
    assert.equal(imported.code, 0, imported.stderr + imported.stdout);
    assert.match(imported.stdout, /Profiled 5 tables/);
    const customers = await readContract(join(dir, 'sources/shop/customers.odcs.yaml'));
    const text = await readFile(join(dir, 'sources/shop/customers.odcs.yaml'), 'utf8');
    assert.match(text, /meshworkProfile/);
    assert.match(text, /meshworkSuggestedPersonalData/);
    for (const planted of ['anna@example.org', 'ben@example.org', 'Anna Muster'])
      assert.ok(
        !text.includes(planted) && !imported.stdout.includes(planted),
        `${planted} was written`,
      );
    // The promises are the catalog's alone: profiling added no property-level rule.
    assert.ok(customers.schema[0]!.properties.every((p) => p.quality === undefined));
    const validated = await meshwork(['validate'], dir);
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
    const tested = await meshwork(['test', 'sources/shop'], dir, { MESHWORK_SHOP_URL: db.url });
    assert.equal(tested.code, 0, tested.stdout + tested.stderr);
  });
});
