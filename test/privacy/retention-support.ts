import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { BuildReport } from '../../src/app/build/build-mesh.ts';
import { buildMesh } from '../../src/app/build/build-mesh.ts';
import { SubjectHashKey, subjectHash as hashSubject } from '../../src/app/privacy/subject-hash.ts';
import { readMeshFiles } from '../../src/app/workspace/read-mesh.ts';
import type { ContractEntry, MeshModel } from '../../src/core/mesh/mesh-model.ts';
import { buildMeshModel } from '../../src/core/mesh/mesh-model.ts';
import type { DuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import { createTestMesh, outputContract } from '../build/support.ts';
import type { TestMesh } from '../build/support.ts';

/** The text of the key the tests hash subjects with (never a real one). */
export const TEST_KEY_TEXT = 'test-subject-key-0123456789abcdef0123456789abcdef';
export const TEST_KEY = new SubjectHashKey(Buffer.from(TEST_KEY_TEXT, 'utf8'));

/** A subject's keyed hash (app/privacy/subject-hash.ts). */
export function subjectHash(value: string): string {
  return hashSubject(TEST_KEY, value);
}

/**
 * Customers with e-mail addresses in a CSV source; `sales/orders` serves them through its
 * `customers` port (email declared a subject key, personal), orders through `orders`
 * (keyed by customer_id only). Anna has two orders, one of them old.
 */
export const CUSTOMERS_CSV = [
  'customer_id,email,name,signed_up',
  '10,Anna@Example.com,Anna Muster,2019-03-01',
  '11,ben@example.com,Ben Beispiel,2026-01-02',
  '12, carla@example.com ,Carla Probe,2026-01-03',
].join('\n');

export const ORDERS_CSV = [
  'order_id,customer_id,amount,order_date',
  '1,10,20.50,2018-01-01',
  '2,10,5.00,2026-01-01',
  '3,11,12.25,2026-01-02',
  '4,12,7.75,2026-01-03',
].join('\n');

export function createPrivacyMesh(
  options: {
    readonly retention?: Record<string, unknown>;
    /** The orders port's retention SLA (none by default). */
    readonly ordersRetention?: Record<string, unknown>;
    /** A PostgreSQL database URL: the customers port is also served there (server "serving", schema "sales"). */
    readonly servingUrl?: string;
  } = {},
): TestMesh {
  const mesh = createTestMesh();
  mesh.write('data/customers.csv', CUSTOMERS_CSV + '\n');
  mesh.write('data/orders.csv', ORDERS_CSV + '\n');
  mesh.write('sources/shop/customers.odcs.yaml', {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'shop-customers',
    version: '1.0.0',
    status: 'active',
    servers: [{ server: 'files', type: 'local', format: 'csv', path: '../../data/{model}.csv' }],
    schema: [
      {
        name: 'customers',
        physicalName: 'customers',
        properties: [
          { name: 'customer_id', logicalType: 'integer' },
          { name: 'email', logicalType: 'string' },
          { name: 'name', logicalType: 'string' },
          { name: 'signed_up', logicalType: 'date' },
        ],
      },
    ],
  });
  const product = parse(
    readFileSync(join(mesh.root, 'domains/sales/orders/product.odps.yaml'), 'utf8'),
  ) as { inputPorts: { name: string; version: string; contractId: string }[] };
  product.inputPorts.push({
    name: 'shop_customers',
    version: '1.0.0',
    contractId: 'shop-customers',
  });
  mesh.write('domains/sales/orders/product.odps.yaml', stringify(product));
  const customers = outputContract(
    'sales-customers',
    { domain: 'sales', product: 'orders', port: 'customers' },
    'customers',
    { customer_id: 'integer', email: 'string', name: 'string', signed_up: 'date' },
    options.servingUrl === undefined ? {} : { servers: [pgServer(options.servingUrl)] },
  ) as {
    schema: { properties: Record<string, unknown>[] }[];
    slaProperties?: unknown[];
    description?: unknown;
  };
  customers.description = { usage: 'Customer service and invoicing only.' };
  const properties = customers.schema[0]!.properties;
  const key = (column: string, kind: string): void => {
    const property = properties.find((p) => p.name === column)!;
    property.customProperties = [{ property: 'meshworkSubjectKey', value: kind }];
  };
  key('email', 'email');
  key('customer_id', 'customer-id');
  properties.find((p) => p.name === 'email')!.classification = 'restricted';
  properties.find((p) => p.name === 'name')!.classification = 'restricted';
  customers.slaProperties = [options.retention ?? { property: 'retention', value: 10, unit: 'y' }];
  mesh.write('domains/sales/orders/customers.odcs.yaml', customers);
  const orders = outputContract(
    'sales-orders',
    { domain: 'sales', product: 'orders', port: 'orders' },
    'orders',
    { order_id: 'integer', customer_id: 'integer', amount: 'number', order_date: 'date' },
  ) as { schema: { properties: Record<string, unknown>[] }[]; slaProperties?: unknown[] };
  if (options.ordersRetention) orders.slaProperties = [options.ordersRetention];
  orders.schema[0]!.properties.find((p) => p.name === 'customer_id')!.customProperties = [
    { property: 'meshworkSubjectKey', value: 'customer-id' },
  ];
  mesh.write('domains/sales/orders/orders.odcs.yaml', orders);
  mesh.write(
    'domains/sales/orders/transform.sql',
    [
      '-- port: orders',
      'SELECT order_id, customer_id, amount, order_date FROM raw',
      '-- port: customers',
      'SELECT customer_id, email, name, signed_up FROM shop_customers',
      '',
    ].join('\n'),
  );
  // The marketing product reads the customers port; its transform counts orders per customer.
  mesh.write(
    'domains/marketing/segments/transform.sql',
    "-- port: segments\nSELECT customer_id, 'new' AS segment FROM customers\n",
  );
  return mesh;
}

function pgServer(url: string): Record<string, unknown> {
  const parsed = new URL(url);
  return {
    server: 'serving',
    type: 'postgresql',
    host: parsed.hostname,
    port: Number(parsed.port),
    database: parsed.pathname.slice(1),
    schema: 'sales',
  };
}

export async function readModel(root: string): Promise<MeshModel> {
  return buildMeshModel((await readMeshFiles(root)).documents);
}

export function contractById(model: MeshModel, id: string): ContractEntry {
  const found = model.contracts.find((c) => c.id === id);
  if (!found) throw new Error(`no contract ${id}`);
  return found;
}

export function buildOrders(
  mesh: TestMesh,
  parser: DuckDbSqlParser,
  env: NodeJS.ProcessEnv = {},
  extra: Partial<Parameters<typeof buildMesh>[0]> = {},
): Promise<BuildReport> {
  return buildMesh({
    meshRoot: mesh.root,
    products: ['sales/orders'],
    parallel: 1,
    keep: 3,
    env,
    test: () => Promise.resolve({ status: 'passed', checks: [] }),
    sqlParser: parser,
    ...extra,
  });
}
