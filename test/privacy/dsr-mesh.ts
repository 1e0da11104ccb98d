import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'yaml';
import { buildMeshModel } from '../../src/core/mesh/mesh-model.ts';
import type { MeshModel } from '../../src/core/mesh/mesh-model.ts';
import { readMeshFiles } from '../../src/app/workspace/read-mesh.ts';
import { domain, organisation } from '../support/mesh-fixture.ts';

/**
 * A mesh on disk for `meshwork dsr` tests, with the data of three people:
 *
 * ```
 * source crm/customers (CSV)  email, customer_id          ← anna, bert, carla
 * source shop/orders (CSV)    customer_id only            ← anna ×2, bert ×1
 * sales/customer-master  port customers  (snapshot)       email, customer_id, customer_number
 * sales/order-history    port orders     (snapshot)       customer_number only
 * sales/unbuilt          port leads      (no snapshot)    email
 * ```
 * Anna is found by e-mail directly in crm/customers and the customers port, and only by
 * following her customer id / number in shop/orders and the orders port.
 */
export interface DsrMesh {
  readonly root: string;
  model(): Promise<MeshModel>;
  write(path: string, content: unknown): void;
  /** Writes rows (SQL VALUES list with a column list) as the port's current snapshot. */
  snapshot(product: string, port: string, object: string, select: string): Promise<string>;
  remove(): void;
}

export const ANNA = 'Anna.Berger@Example.com';

export function subjectContract(
  id: string,
  object: string,
  properties: readonly {
    name: string;
    type?: string;
    key?: string;
    physicalName?: string;
    classification?: string;
  }[],
  servers: readonly Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): unknown {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id,
    version: '1.0.0',
    status: 'active',
    servers,
    schema: [
      {
        name: object,
        physicalName: object,
        customProperties: [{ property: 'meshworkDataSubjects', value: ['customers'] }],
        properties: properties.map((p) => ({
          name: p.name,
          ...(p.physicalName ? { physicalName: p.physicalName } : {}),
          logicalType: p.type ?? 'string',
          ...(p.classification ? { classification: p.classification } : {}),
          ...(p.key
            ? { customProperties: [{ property: 'meshworkSubjectKey', value: p.key }] }
            : {}),
        })),
      },
    ],
    ...extra,
  };
}

export function warehouseServer(
  domainName: string,
  product: string,
  port: string,
): Record<string, unknown> {
  return {
    server: 'warehouse',
    type: 'local',
    format: 'parquet',
    path: `../../../.meshwork/warehouse/${domainName}/${product}/${port}/current/{model}.parquet`,
  };
}

function product(id: string, outputs: Record<string, string>, purpose: string): unknown {
  return {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id,
    name: id,
    domain: 'sales',
    status: 'active',
    description: { purpose },
    team: { name: 'sales-team' },
    outputPorts: Object.entries(outputs).map(([name, contractId]) => ({
      name,
      version: '1.0.0',
      contractId,
    })),
  };
}

export async function createDsrMesh(): Promise<DsrMesh> {
  const root = mkdtempSync(join(tmpdir(), 'meshwork-dsr-'));
  const write = (path: string, content: unknown): void => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : stringify(content));
  };
  write('meshwork.yaml', organisation);
  write('domains/sales/domain.yaml', domain('sales'));
  write(
    'data/crm/customers.csv',
    [
      'customer_id,email,name',
      `1, ${ANNA} ,Anna Berger`,
      '2,bert@example.com,Bert Huber',
      '3,carla@example.com,Carla Maier',
    ].join('\n'),
  );
  write(
    'data/shop/orders.csv',
    ['order_id,customer_id,amount', '10,1,20.5', '11,1,5.0', '12,2,7.5'].join('\n'),
  );
  const csv = (path: string) => ({
    server: 'files',
    type: 'local',
    format: 'csv',
    path: `../../data/${path}`,
  });
  write(
    'sources/crm/customers.odcs.yaml',
    subjectContract(
      'crm-customers-v1',
      'customers',
      [
        { name: 'customer_id', type: 'integer', key: 'customer-id' },
        { name: 'email', key: 'email' },
        { name: 'name' },
      ],
      [csv('crm/{model}.csv')],
      { domain: 'sales' },
    ),
  );
  write(
    'sources/shop/orders.odcs.yaml',
    subjectContract(
      'shop-orders-v1',
      'orders',
      [
        { name: 'order_id', type: 'integer' },
        { name: 'customer_id', type: 'integer', key: 'customer-id' },
        { name: 'amount', type: 'number' },
      ],
      [csv('shop/{model}.csv')],
    ),
  );
  write(
    'domains/sales/customer-master/product.odps.yaml',
    product('customer-master', { customers: 'sales-customers-v1' }, 'One row per customer.'),
  );
  write(
    'domains/sales/customer-master/customers.odcs.yaml',
    subjectContract(
      'sales-customers-v1',
      'customers',
      [
        { name: 'customer_id', type: 'integer', key: 'customer-id' },
        { name: 'customer_number', key: 'customer-number' },
        { name: 'email', key: 'email' },
        { name: 'name' },
      ],
      [warehouseServer('sales', 'customer-master', 'customers')],
    ),
  );
  write(
    'domains/sales/order-history/product.odps.yaml',
    product('order-history', { orders: 'sales-orders-v1' }, 'Orders per customer number.'),
  );
  write(
    'domains/sales/order-history/orders.odcs.yaml',
    subjectContract(
      'sales-orders-v1',
      'orders',
      [
        { name: 'order_id', type: 'integer' },
        { name: 'customer_number', key: 'customer-number' },
        { name: 'amount', type: 'number' },
      ],
      [warehouseServer('sales', 'order-history', 'orders')],
    ),
  );
  write(
    'domains/sales/unbuilt/product.odps.yaml',
    product('unbuilt', { leads: 'sales-leads-v1' }, 'Leads.'),
  );
  write(
    'domains/sales/unbuilt/leads.odcs.yaml',
    subjectContract(
      'sales-leads-v1',
      'leads',
      [{ name: 'email', key: 'email' }],
      [warehouseServer('sales', 'unbuilt', 'leads')],
    ),
  );
  let counter = 0;
  const snapshot = async (
    productName: string,
    port: string,
    object: string,
    select: string,
  ): Promise<string> => {
    const portDir = join(root, '.meshwork', 'warehouse', 'sales', productName, port);
    const id = `20261205T0800000${String(10 + counter++).padStart(2, '0')}Z-a1b2c3`;
    mkdirSync(join(portDir, id), { recursive: true });
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const file = join(portDir, id, `${object}.parquet`);
    await connection.run(`COPY (${select}) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    rmSync(join(portDir, 'current'), { force: true });
    symlinkSync(id, join(portDir, 'current'), 'dir');
    return id;
  };
  await snapshot(
    'customer-master',
    'customers',
    'customers',
    `SELECT * FROM (VALUES (1, 'K-0001', '${ANNA.toLowerCase()}', 'Anna Berger'), (2, 'K-0002', 'bert@example.com', 'Bert Huber'), (3, 'K-0003', 'carla@example.com', 'Carla Maier')) t(customer_id, customer_number, email, name)`,
  );
  await snapshot(
    'order-history',
    'orders',
    'orders',
    `SELECT * FROM (VALUES (10, 'K-0001', 20.5), (11, 'k-0001 ', 5.0), (12, 'K-0002', 7.5), (13, 'K-0003', 1.0)) t(order_id, customer_number, amount)`,
  );
  return {
    root,
    write,
    snapshot,
    async model() {
      return buildMeshModel((await readMeshFiles(root)).documents);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
