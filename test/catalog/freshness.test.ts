import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'yaml';
import { buildCatalog } from '../../src/app/catalog/build-catalog.ts';
import { productSummary, slaStatus } from '../../src/app/catalog/catalog-queries.ts';
import { latencySla } from '../../src/app/catalog/product-health.ts';
import { runContractTests } from '../../src/app/testing/index.ts';
import { buildMeshModel } from '../../src/core/mesh/mesh-model.ts';
import type { TestRun } from '../../src/core/quality/index.ts';
import { domain, meshFromFiles, organisation } from '../support/mesh-fixture.ts';

/**
 * Issue 9, "freshness means the data, not the build": a product built a minute ago from
 * data whose newest row is ten days old is stale under a one-day latency SLA. The newest
 * value is measured by a real run (max(created) pushed down to DuckDB).
 */

const DAY_MS = 86_400_000;

const contract = {
  apiVersion: 'v3.1.0',
  kind: 'DataContract',
  id: 'orders',
  version: '1.0.0',
  status: 'active',
  servers: [{ server: 'files', type: 'local', format: 'parquet', path: './{model}.parquet' }],
  schema: [
    {
      name: 'orders',
      properties: [
        { name: 'id', logicalType: 'integer' },
        { name: 'created', logicalType: 'timestamp' },
      ],
    },
  ],
  slaProperties: [{ property: 'latency', value: 1, unit: 'd', element: 'orders.created' }],
};

const files = {
  'meshwork.yaml': organisation,
  'domains/sales/domain.yaml': domain('sales'),
  'domains/sales/orders/product.odps.yaml': {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id: 'orders-product',
    name: 'orders',
    domain: 'sales',
    status: 'active',
    team: { name: 'sales-team' },
    outputPorts: [{ name: 'orders', version: '1.0.0', contractId: 'orders' }],
  },
  'domains/sales/orders/orders.odcs.yaml': contract,
};

describe('freshness is judged on the newest value in the data', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-freshness-'));
    await writeFile(join(dir, 'orders.odcs.yaml'), stringify(contract));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** A real run on a Parquet file whose newest `created` is `daysOld` days ago. */
  async function runOn(daysOld: number): Promise<TestRun> {
    const newest = new Date(Date.now() - daysOld * DAY_MS).toISOString();
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(
      `COPY (SELECT * FROM (VALUES (1, TIMESTAMP '${newest.replace('T', ' ').replace('Z', '')}' - INTERVAL 3 DAY),
        (2, TIMESTAMP '${newest.replace('T', ' ').replace('Z', '')}')) AS t(id, created))
        TO '${join(dir, 'orders.parquet')}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    return runContractTests({ meshRoot: dir, contractFile: 'orders.odcs.yaml', history: null });
  }

  function catalogWith(run: TestRun, builtAt: string) {
    return buildCatalog({
      source: 'test',
      revision: 'r1',
      indexedAt: new Date(),
      model: buildMeshModel(meshFromFiles(files).documents),
      governance: null,
      builtAt: new Map([['sales/orders/orders', builtAt]]),
      latestRuns: new Map([['orders', run]]),
    });
  }

  it('a recent build of old data is stale, with the build time beside it', async () => {
    const run = await runOn(10);
    const builtAt = new Date(Date.now() - 60_000).toISOString();
    const catalog = catalogWith(run, builtAt);
    const record = catalog.productsById.get('orders-product')!;
    const { freshness } = productSummary(catalog, record, new Date());
    assert.equal(freshness.status, 'stale');
    assert.equal(freshness.lastBuiltAt, builtAt);
    assert.ok(freshness.newestDataAt !== null, 'the newest value is measured');
    const days = (Date.now() - Date.parse(freshness.newestDataAt)) / DAY_MS;
    assert.ok(days > 9.99 && days < 10.01, `newest value ${freshness.newestDataAt}`);
    assert.deepEqual(
      slaStatus(catalog, record, new Date()).map((s) => [s.property, s.status]),
      [['latency', 'stale']],
    );
  });

  it('recent data is fresh, even when the build is old', async () => {
    const run = await runOn(0.1);
    const catalog = catalogWith(run, new Date(Date.now() - 30 * DAY_MS).toISOString());
    const record = catalog.productsById.get('orders-product')!;
    assert.equal(productSummary(catalog, record, new Date()).freshness.status, 'fresh');
  });

  it('without a measured newest value freshness is unknown, whatever the build time', () => {
    const catalog = buildCatalog({
      source: 'test',
      revision: 'r1',
      indexedAt: new Date(),
      model: buildMeshModel(meshFromFiles(files).documents),
      governance: null,
      builtAt: new Map([['sales/orders/orders', new Date().toISOString()]]),
      latestRuns: new Map(),
    });
    const record = catalog.productsById.get('orders-product')!;
    const { freshness } = productSummary(catalog, record, new Date());
    assert.equal(freshness.status, 'unknown');
    assert.equal(freshness.newestDataAt, null);
  });
});

describe('a latency SLA is read as the test planner reads it', () => {
  it('takes an amount written as a string, and the freshness alias', () => {
    assert.deepEqual(latencySla({ property: 'latency', value: '2', unit: 'd' }), {
      value: 2,
      unit: 'd',
    });
    assert.deepEqual(latencySla({ property: 'Freshness', value: 4, unit: 'h' }), {
      value: 4,
      unit: 'h',
    });
    assert.equal(latencySla({ property: 'latency', value: 'soon' }), null);
    assert.equal(latencySla({ property: 'retention', value: 1, unit: 'y' }), null);
  });
});
