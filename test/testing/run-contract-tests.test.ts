import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'yaml';
import {
  credentialPrefix,
  resolveCredentials,
  runContractTests,
  testTarget,
} from '../../src/app/testing/index.ts';
import { workspaceRunHistory } from '../../src/runtime/index.ts';

async function duckRun(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(sql);
  connection.closeSync();
  instance.closeSync();
}

const contract = (
  id: string,
  server: Record<string, unknown>,
  schema: unknown[],
  extra: object = {},
) =>
  stringify({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id,
    version: '1.0.0',
    status: 'active',
    servers: [server],
    schema,
    ...extra,
  });

async function put(root: string, path: string, text: string): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), text);
}

describe('runContractTests and testTarget on a mesh', () => {
  let root: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'meshwork-testing-'));
    await put(root, 'meshwork.yaml', 'name: test mesh\n');
    const customers = join(root, 'sources/crm/data/customers.parquet');
    await mkdir(dirname(customers), { recursive: true });
    await duckRun(
      `COPY (SELECT * FROM (VALUES (1), (2)) v(id)) TO '${customers}' (FORMAT parquet)`,
    );
    await put(
      root,
      'sources/crm/customers.odcs.yaml',
      contract(
        'crm-customers',
        { server: 'files', type: 'local', path: 'data/{model}.parquet', format: 'parquet' },
        [
          {
            name: 'customers',
            properties: [{ name: 'id', logicalType: 'integer', primaryKey: true }],
          },
        ],
      ),
    );
    const orders = join(root, 'domains/sales/orders/data/orders.csv');
    await mkdir(dirname(orders), { recursive: true });
    // customer 7 does not exist in the other contract's data; one order is 400 days old.
    await writeFile(
      orders,
      'id,customer_id,ts\n1,1,2020-01-01T00:00:00Z\n2,7,2020-01-02T00:00:00Z\n3,2,2020-01-03T00:00:00Z\n',
    );
    await put(
      root,
      'domains/sales/orders/orders.odcs.yaml',
      contract(
        'sales-orders',
        { server: 'files', type: 'local', path: './data/{model}.csv', format: 'csv' },
        [
          {
            name: 'orders',
            properties: [
              { name: 'id', logicalType: 'integer', primaryKey: true },
              {
                name: 'customer_id',
                logicalType: 'integer',
                relationships: [{ to: 'customers.id' }],
              },
              { name: 'ts', logicalType: 'timestamp' },
            ],
          },
        ],
        { slaProperties: [{ property: 'retention', value: 1, unit: 'd', element: 'orders.ts' }] },
      ),
    );
  });

  after(() => rm(root, { recursive: true, force: true }));

  it('checks a relationship to another contract of the mesh, and retention', async () => {
    const run = await runContractTests({
      meshRoot: root,
      contractFile: 'domains/sales/orders/orders.odcs.yaml',
    });
    const relationship = run.checks.find((c) => c.kind === 'relationship')!;
    assert.equal(relationship.status, 'failed');
    assert.equal(relationship.value, 1);
    assert.deepEqual(relationship.samples, [{ id: 2, customer_id: 7 }]);
    const retention = run.checks.find((c) => c.kind === 'retention')!;
    assert.equal(retention.status, 'failed');
    assert.equal(retention.schema, null);
    assert.equal(run.status, 'failed');
  });

  it('keeps every run in the workspace store it is given', async () => {
    const history = workspaceRunHistory({ meshRoot: root, env: {} });
    const before = (await history.list()).length;
    await runContractTests({
      meshRoot: root,
      contractFile: 'sources/crm/customers.odcs.yaml',
      history,
    });
    const records = await history.list();
    assert.equal(records.length, before + 1);
    assert.equal(records.at(-1)!.run.status, 'passed');
    assert.equal(records.at(-1)!.reportedBy, 'cli');
    assert.match(await readFile(join(root, '.meshwork/store/runs.jsonl'), 'utf8'), /crm/);
  });

  it('opens no store of its own: without a history the run is not recorded', async () => {
    const history = workspaceRunHistory({ meshRoot: root, env: {} });
    const before = (await history.list()).length;
    await runContractTests({ meshRoot: root, contractFile: 'sources/crm/customers.odcs.yaml' });
    assert.equal((await history.list()).length, before);
  });

  it('tests a product folder and the whole mesh', async () => {
    const product = await testTarget(root, 'domains/sales/orders');
    assert.deepEqual(
      product.runs.map((r) => r.contract),
      ['domains/sales/orders/orders.odcs.yaml'],
    );
    const mesh = await testTarget(root, '.');
    assert.equal(mesh.runs.length, 2);
    assert.equal(mesh.status, 'failed');
  });

  it('reads freshly built Parquet instead of the server when relationOverride says so', async () => {
    const built = join(root, 'built.parquet');
    await duckRun(
      `COPY (SELECT * FROM (VALUES (1, 1, TIMESTAMPTZ '2099-01-01 00:00:00+00')) v(id, customer_id, ts)) TO '${built}' (FORMAT parquet)`,
    );
    const run = await runContractTests({
      meshRoot: root,
      contractFile: 'domains/sales/orders/orders.odcs.yaml',
      relationOverride: { orders: built },
      history: null,
    });
    assert.equal(
      run.status,
      'passed',
      JSON.stringify(run.checks.filter((c) => c.status !== 'passed')),
    );
  });

  it('reports unreadable data as a run with status error', async () => {
    await put(
      root,
      'domains/sales/gone/gone.odcs.yaml',
      contract(
        'gone',
        { server: 'files', type: 'local', path: './nowhere/{model}.parquet', format: 'parquet' },
        [{ name: 'gone', properties: [{ name: 'a', required: true }] }],
      ),
    );
    const run = await runContractTests({
      meshRoot: root,
      contractFile: 'domains/sales/gone/gone.odcs.yaml',
      history: null,
    });
    assert.equal(run.status, 'error');
    assert.ok(run.checks.length > 0 && run.checks.every((c) => c.status === 'error'));
    await rm(join(root, 'domains/sales/gone'), { recursive: true });
  });
});

describe('credentials', () => {
  it('names variables after the server, upper-cased, other characters as underscores', () => {
    assert.equal(credentialPrefix('warehouse-pg.eu'), 'MESHWORK_WAREHOUSE_PG_EU_');
  });

  it('reads the secrets file, and environment variables win', async () => {
    const root = await mkdtemp(join(tmpdir(), 'meshwork-secrets-'));
    try {
      await writeFile(
        join(root, '.meshwork.secrets.yaml'),
        stringify({ servers: { shop: { user: 'u', password: 'p' } } }),
      );
      assert.deepEqual(await resolveCredentials(root, 'shop', {}), { user: 'u', password: 'p' });
      assert.deepEqual(await resolveCredentials(root, 'shop', { MESHWORK_SHOP_PASSWORD: 'env' }), {
        user: 'u',
        password: 'env',
      });
      assert.deepEqual(await resolveCredentials(root, 'other', {}), {});
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('file globs and physical names', () => {
  it('reads every file of a glob and maps properties to physicalName in keys, joins and SLAs', async () => {
    const root = await mkdtemp(join(tmpdir(), 'meshwork-glob-'));
    try {
      await put(
        root,
        'data/part-1.csv',
        'ORDER_NO,CUST,PLACED\n1,10,2099-01-01\n2,11,2099-01-02\n',
      );
      await put(root, 'data/part-2.csv', 'ORDER_NO,CUST,PLACED\n2,99,2099-01-03\n');
      await put(root, 'data/clients.csv', 'CID\n10\n11\n');
      await put(
        root,
        'c.odcs.yaml',
        contract(
          'glob',
          { server: 'files', type: 'local', path: 'data/{model}', format: 'csv' },
          [
            {
              name: 'orders',
              physicalName: 'part-*.csv',
              properties: [
                {
                  name: 'order_no',
                  physicalName: 'ORDER_NO',
                  logicalType: 'integer',
                  primaryKey: true,
                },
                {
                  name: 'customer',
                  physicalName: 'CUST',
                  logicalType: 'integer',
                  relationships: [{ to: 'clients.client_id' }],
                },
                { name: 'placed', physicalName: 'PLACED', logicalType: 'date' },
              ],
            },
            {
              name: 'clients',
              physicalName: 'clients.csv',
              properties: [{ name: 'client_id', physicalName: 'CID', logicalType: 'integer' }],
            },
          ],
          {
            slaProperties: [{ property: 'latency', value: 1, unit: 'd', element: 'orders.placed' }],
          },
        ),
      );
      const run = await runContractTests({
        meshRoot: root,
        contractFile: 'c.odcs.yaml',
        history: null,
      });
      const failing = run.checks.filter((c) => c.status !== 'passed').map((c) => [c.id, c.value]);
      // Order 2 twice (across the two files), client 99 unknown; the orders lie in the future.
      assert.deepEqual(failing, [
        ['orders.primaryKey', 1],
        ['orders.customer.relationship[0]', 1],
      ]);
      assert.ok(run.checks.some((c) => c.kind === 'latency' && c.status === 'passed'));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('qualified relationship references', () => {
  it('follows file#/schema/<object>/properties/<property> to another contract, by name or id', async () => {
    const root = await mkdtemp(join(tmpdir(), 'meshwork-ref-'));
    try {
      await put(root, 'a/data/payments.csv', 'pid,inv\n1,A-1\n2,A-9\n3,\n');
      await put(root, 'b/data/invoices.csv', 'NUMBER\nA-1\nA-2\n');
      const server = { server: 'files', type: 'local', path: './data/{model}.csv', format: 'csv' };
      await put(
        root,
        'b/invoices.odcs.yaml',
        contract('invoices', server, [
          {
            id: 'inv-object',
            name: 'invoices',
            properties: [
              { id: 'inv-number', name: 'number', physicalName: 'NUMBER', logicalType: 'string' },
            ],
          },
        ]),
      );
      await put(
        root,
        'a/payments.odcs.yaml',
        contract('payments', server, [
          {
            name: 'payments',
            properties: [
              { name: 'pid', logicalType: 'integer' },
              {
                name: 'inv',
                logicalType: 'string',
                relationships: [
                  {
                    type: 'foreignKey',
                    to: '../b/invoices.odcs.yaml#/schema/inv-object/properties/inv-number',
                  },
                ],
              },
            ],
          },
        ]),
      );
      const run = await runContractTests({
        meshRoot: root,
        contractFile: 'a/payments.odcs.yaml',
        history: null,
      });
      const relationship = run.checks.find((c) => c.kind === 'relationship')!;
      assert.deepEqual([relationship.status, relationship.value], ['failed', 1]);
      // No primary key: the sample shows the checked column only.
      assert.deepEqual(relationship.samples, [{ inv: 'A-9' }]);

      // Referenced data that cannot be read (an upstream snapshot not yet built) leaves the
      // check undecided: a warning, not a failure of the data under test.
      await rm(join(root, 'b/data/invoices.csv'));
      const later = await runContractTests({
        meshRoot: root,
        contractFile: 'a/payments.odcs.yaml',
        history: null,
      });
      const undecided = later.checks.find((c) => c.kind === 'relationship')!;
      assert.equal(undecided.status, 'warning');
      assert.match(
        undecided.message,
        /^not checked: the referenced object inv-object cannot be read/,
      );
      assert.equal(later.status, 'warning');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
