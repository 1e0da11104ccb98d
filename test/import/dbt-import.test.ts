import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isMeshworkError } from '../../src/app/errors.ts';
import { importDbtManifest } from '../../src/app/import/import-dbt.ts';
import type { CatalogTable } from '../../src/core/import/catalog.ts';
import { jaffleManifest } from './dbt-manifest.ts';
import { assertValidContracts, writeSourceContracts } from './roundtrip-support.ts';

function table(tables: readonly CatalogTable[], name: string): CatalogTable {
  const found = tables.find((t) => t.name === name);
  assert.ok(found, `table ${name} in ${tables.map((t) => t.name).join(', ')}`);
  return found;
}

describe('importDbtManifest', () => {
  let dir: string;
  const write = (name: string, data: unknown): Promise<void> =>
    writeFile(join(dir, name), JSON.stringify(data, null, 2));
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-dbt-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reads a v12 manifest: sources and models, data types, tests, constraints, aliases', async () => {
    await write('manifest.json', jaffleManifest({ adapter: 'postgres' }));
    const system = await importDbtManifest(
      { kind: 'dbt-manifest', path: 'manifest.json' },
      { cwd: dir, env: {}, schema: 'analytics' },
    );
    assert.equal(system.system, 'jaffle-shop');
    assert.deepEqual(
      system.tables.map((t) => [t.name, t.kind]),
      [
        ['stg_customers', 'view'],
        ['orders', 'table'],
        ['order_lines', 'table'],
      ],
    );
    const orders = table(system.tables, 'orders');
    assert.equal(orders.description, 'One row per order.');
    assert.deepEqual(
      orders.columns.map((c) => [
        c.name,
        c.physicalType ?? null,
        c.logicalType,
        c.required,
        c.unique,
      ]),
      [
        ['order_id', 'integer', 'integer', true, true],
        ['customer_id', 'integer', 'integer', false, false],
        ['ordered_at', 'timestamp without time zone', 'timestamp', true, false],
        ['status', 'text', 'string', false, false],
        // not_null as a warning and not_null where … are not facts about every row.
        ['amount', 'numeric(12,2)', 'number', false, false],
        ['coupon', null, 'string', false, false],
      ],
    );
    assert.deepEqual(orders.columns[3]!.validValues, [
      'placed',
      'shipped',
      'completed',
      'returned',
    ]);
    assert.deepEqual(orders.foreignKeys, [
      { columns: ['customer_id'], table: 'stg_customers', referencedColumns: ['customer_id'] },
    ]);
    const lines = table(system.tables, 'order_lines');
    assert.deepEqual(
      lines.columns.map((c) => [c.name, c.primaryKeyPosition ?? null, c.required]),
      [
        ['order_id', 1, true],
        ['line_no', 2, true],
        ['product_id', null, false],
      ],
    );
    assert.deepEqual(lines.uniqueKeys, [['order_id', 'line_no']]);
    assert.deepEqual(lines.foreignKeys, [
      { columns: ['order_id'], table: 'orders', referencedColumns: ['order_id'] },
    ]);
    const reasons = system.gaps.map((g) => g.reason);
    assert.ok(
      reasons.some((r) => /order_summary is ephemeral/.test(r)),
      reasons.join('\n'),
    );
    assert.ok(
      reasons.some((r) =>
        /not carried for orders: not_null on amount \(severity warn\); not_null on coupon \(runs only where status = 'completed'\)/.test(
          r,
        ),
      ),
      reasons.join('\n'),
    );
    assert.ok(
      reasons.some((r) =>
        /relationships on product_id \(target ref\('products'\) not among/.test(r),
      ),
      reasons.join('\n'),
    );
    // PostgreSQL needs host and port, which no manifest holds: no server, and the report says what to add.
    assert.equal(system.server, undefined);
    assert.ok(
      reasons.some((r) =>
        /names no host, port of its postgres server \(database warehouse, schema analytics\)/.test(
          r,
        ),
      ),
      reasons.join('\n'),
    );
  });

  it('without --schema: the source too, a cross-schema relationship, and the schemas named', async () => {
    await write('manifest.json', jaffleManifest({ adapter: 'postgres' }));
    const system = await importDbtManifest(
      { kind: 'dbt-manifest', path: 'manifest.json' },
      { cwd: dir, env: {} },
    );
    assert.deepEqual(
      system.tables.map((t) => t.name),
      ['customers', 'stg_customers', 'orders', 'order_lines'],
    );
    const customers = table(system.tables, 'customers');
    assert.equal(customers.description, 'Customers as the shop system writes them.');
    assert.deepEqual(
      customers.columns.map((c) => [c.name, c.required, c.unique]),
      [
        ['id', true, true],
        ['name', false, false],
        ['email', false, false],
      ],
    );
    assert.ok(
      system.gaps.some((g) => /schemas raw, analytics \(pick one with --schema\)/.test(g.reason)),
    );
  });

  it('a BigQuery project gets its server from database and schema', async () => {
    await write('bq.json', jaffleManifest({ adapter: 'bigquery', database: 'acme-prod' }));
    const system = await importDbtManifest(
      { kind: 'dbt-manifest', path: 'bq.json' },
      { cwd: dir, env: {}, schema: 'analytics', system: 'dwh' },
    );
    assert.deepEqual(system.server, {
      server: 'dwh',
      type: 'bigquery',
      project: 'acme-prod',
      dataset: 'analytics',
    });
  });

  it('reads a v7 manifest: tests found through their model argument, no adapter named', async () => {
    await write('v7.json', jaffleManifest({ version: 7 }));
    const system = await importDbtManifest(
      { kind: 'dbt-manifest', path: 'v7.json' },
      { cwd: dir, env: {}, schema: 'analytics' },
    );
    const orders = table(system.tables, 'orders');
    assert.equal(orders.columns[0]!.required, true);
    assert.equal(orders.columns[0]!.unique, true);
    assert.deepEqual(
      orders.foreignKeys.map((fk) => fk.table),
      ['stg_customers'],
    );
    assert.ok(system.gaps.some((g) => /adapter \(not named\)/.test(g.reason)));
  });

  it('writes contracts that validate, with accepted values as an invalidValues rule', async () => {
    await write('manifest.json', jaffleManifest({ adapter: 'postgres' }));
    const system = await importDbtManifest(
      { kind: 'dbt-manifest', path: 'manifest.json' },
      { cwd: dir, env: {}, schema: 'analytics' },
    );
    const files = await writeSourceContracts(system, 'dbt-manifest', dir);
    await assertValidContracts(files, dir);
    const orders = await readFile(join(dir, 'sources/jaffle-shop/orders.odcs.yaml'), 'utf8');
    assert.match(orders, /metric: invalidValues/);
    assert.match(
      orders,
      /to: stg-customers\.odcs\.yaml#\/schema\/stg_customers\/properties\/customer_id/,
    );
  });

  it('hostile manifests: not JSON, not an object, odd versions and shapes are said, never thrown', async () => {
    await writeFile(join(dir, 'bad.json'), '{"metadata": {"dbt_schema_version": ');
    await assert.rejects(
      importDbtManifest({ kind: 'dbt-manifest', path: 'bad.json' }, { cwd: dir, env: {} }),
      (error: unknown) =>
        isMeshworkError(error) && /bad\.json is not valid JSON/.test(error.message),
    );
    const odd = JSON.stringify({
      metadata: {
        dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v99.json',
        project_name: '../../etc',
      },
      nodes: {
        'model.x.a': {
          resource_type: 'model',
          name: 'a',
          schema: 's',
          columns: 'nope',
          config: null,
        },
        'model.x.b': null,
        'test.x.t': {
          resource_type: 'test',
          test_metadata: {
            name: 'relationships',
            kwargs: { to: `ref('${'('.repeat(5000)}`, field: 1 },
          },
          attached_node: 'model.x.a',
          column_name: 'zz',
        },
      },
      sources: [],
    });
    // A "__proto__" key in the file is data (JSON.parse makes it an own property), never a prototype.
    await writeFile(
      join(dir, 'odd.json'),
      odd.replace('"nodes":{', '"nodes":{"__proto__":{"resource_type":"model","name":"polluted"},'),
    );
    const system = await importDbtManifest(
      { kind: 'dbt-manifest', path: 'odd.json' },
      { cwd: dir, env: {} },
    );
    assert.equal(system.system, 'etc');
    assert.deepEqual(
      system.tables.map((t) => [t.name, t.columns.length]),
      [
        ['polluted', 0],
        ['a', 0],
      ],
    );
    assert.ok(system.gaps.some((g) => /v99\.json is not v7–v12/.test(g.reason)));
    assert.equal(({} as Record<string, unknown>).resource_type, undefined);
  });
});
