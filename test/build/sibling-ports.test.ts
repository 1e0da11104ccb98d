import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildMesh } from '../../src/app/build/build-mesh.ts';
import type { BuildReport } from '../../src/app/build/build-mesh.ts';
import type { ContractTester } from '../../src/app/build/contract-tests.ts';
import { runContractTests } from '../../src/app/testing/index.ts';
import { createDuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import type { DuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import { createTestMesh, outputContract } from './support.ts';
import type { TestMesh } from './support.ts';

/**
 * A relationship between two output ports of one product (orders.customer_id →
 * customers.customer_id) is tested against the files the build just wrote, also on the
 * first build, when no snapshot of the other port exists yet.
 */

const tester: ContractTester = (request) =>
  runContractTests({ ...request, env: {}, history: null });

let parser: DuckDbSqlParser;
before(async () => {
  parser = await createDuckDbSqlParser();
});
after(() => parser.close());

function build(mesh: TestMesh): Promise<BuildReport> {
  return buildMesh({
    meshRoot: mesh.root,
    products: ['sales/orders'],
    parallel: 1,
    keep: 3,
    env: {},
    test: tester,
    sqlParser: parser,
  });
}

function withRelationship(mesh: TestMesh): void {
  const contract = outputContract(
    'sales-orders',
    { domain: 'sales', product: 'orders', port: 'orders' },
    'orders',
    { order_id: 'integer', customer_id: 'integer', amount: 'number', order_date: 'date' },
  ) as { schema: { properties: Record<string, unknown>[] }[] };
  const customerId = contract.schema[0]!.properties.find((p) => p.name === 'customer_id')!;
  customerId.relationships = [
    { type: 'foreignKey', to: 'customers.odcs.yaml#/schema/customers/properties/customer_id' },
  ];
  mesh.write('domains/sales/orders/orders.odcs.yaml', contract);
}

function relationshipCheck(report: BuildReport): { status: string; message?: string } {
  const product = report.products.find((p) => p.product === 'sales/orders');
  assert.ok(product && 'ports' in product, `sales/orders was built: ${JSON.stringify(report)}`);
  const port = product.ports.find((p) => p.port === 'orders');
  const check = port?.tests?.checks.find((c) => c.kind === 'relationship');
  assert.ok(check, `the orders port's tests have a relationship check: ${JSON.stringify(product)}`);
  return check;
}

describe('a relationship between two ports of the product being built', () => {
  let mesh: TestMesh;
  before(() => {
    mesh = createTestMesh();
    withRelationship(mesh);
  });
  after(() => mesh.remove());

  it('is checked against the sibling port written by the same build (first build)', async () => {
    const report = await build(mesh);
    const check = relationshipCheck(report);
    assert.equal(check.status, 'passed', check.message);
    assert.equal(report.products[0]?.status, 'published');
  });

  it('fails when the sibling port lacks a referenced key, so nothing is published', async () => {
    mesh.write(
      'domains/sales/orders/transform.sql',
      [
        '-- port: orders',
        'SELECT order_id, customer_id, amount, order_date FROM raw',
        '-- port: customers',
        'SELECT customer_id, count(*) AS orders FROM raw WHERE customer_id <> 12 GROUP BY customer_id',
        '',
      ].join('\n'),
    );
    const report = await build(mesh);
    const check = relationshipCheck(report);
    // The published customers snapshot still has customer 12: only the new file lacks it.
    assert.equal(check.status, 'failed', check.message);
    assert.equal(report.products[0]?.status, 'failed');
  });
});
