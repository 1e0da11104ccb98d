import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { domain, organisation } from '../support/mesh-fixture.ts';

/**
 * A small mesh on disk for build tests:
 *
 * ```
 * source shop-orders (data/orders.csv)
 *   └─ sales/orders ── orders ── sales/revenue
 *                   └─ customers ── marketing/segments
 * ```
 * sales/orders has two output ports, so a build can be stopped between its two files.
 */
export interface TestMesh {
  readonly root: string;
  write(path: string, content: unknown): void;
  remove(): void;
}

export const ORDERS_CSV = [
  'order_id,customer_id,amount,order_date',
  '1,10,20.50,2026-01-01',
  '2,10,5.00,2026-01-01',
  '3,11,12.25,2026-01-02',
  '4,12,7.75,2026-01-03',
].join('\n');

function port(domainName: string, product: string, portName: string): string {
  return `../../../.meshwork/warehouse/${domainName}/${product}/${portName}/current/{model}.parquet`;
}

export function outputContract(
  id: string,
  where: { domain: string; product: string; port: string },
  object: string,
  properties: Record<string, string>,
  extra: Record<string, unknown> = {},
): unknown {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id,
    version: '1.0.0',
    status: 'active',
    servers: [
      {
        server: 'warehouse',
        type: 'local',
        format: 'parquet',
        path: port(where.domain, where.product, where.port),
      },
      ...((extra.servers as unknown[] | undefined) ?? []),
    ],
    schema: [
      {
        name: object,
        physicalName: object,
        properties: Object.entries(properties).map(([name, logicalType]) => ({
          name,
          logicalType,
        })),
      },
    ],
  };
}

function productDoc(
  id: string,
  domainName: string,
  inputs: Record<string, string>,
  outputs: Record<string, string>,
): unknown {
  return {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id,
    name: id,
    domain: domainName,
    status: 'active',
    team: { name: `${domainName}-team` },
    inputPorts: Object.entries(inputs).map(([name, contractId]) => ({
      name,
      version: '1.0.0',
      contractId,
    })),
    outputPorts: Object.entries(outputs).map(([name, contractId]) => ({
      name,
      version: '1.0.0',
      contractId,
    })),
  };
}

export function createTestMesh(): TestMesh {
  const root = mkdtempSync(join(tmpdir(), 'meshwork-build-'));
  const write = (path: string, content: unknown): void => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : stringify(content));
  };
  write('meshwork.yaml', organisation);
  write('domains/sales/domain.yaml', domain('sales'));
  write('domains/marketing/domain.yaml', domain('marketing'));
  write('data/orders.csv', ORDERS_CSV + '\n');
  write('sources/shop/orders.odcs.yaml', {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'shop-orders',
    version: '1.0.0',
    status: 'active',
    servers: [{ server: 'files', type: 'local', format: 'csv', path: '../../data/{model}.csv' }],
    schema: [
      {
        name: 'orders',
        physicalName: 'orders',
        properties: [
          { name: 'order_id', logicalType: 'integer' },
          { name: 'customer_id', logicalType: 'integer' },
          { name: 'amount', logicalType: 'number' },
          { name: 'order_date', logicalType: 'date' },
        ],
      },
    ],
  });
  write(
    'domains/sales/orders/product.odps.yaml',
    productDoc(
      'sales-orders-product',
      'sales',
      { raw: 'shop-orders' },
      { orders: 'sales-orders', customers: 'sales-customers' },
    ),
  );
  write(
    'domains/sales/orders/orders.odcs.yaml',
    outputContract(
      'sales-orders',
      { domain: 'sales', product: 'orders', port: 'orders' },
      'orders',
      { order_id: 'integer', customer_id: 'integer', amount: 'number', order_date: 'date' },
    ),
  );
  write(
    'domains/sales/orders/customers.odcs.yaml',
    outputContract(
      'sales-customers',
      { domain: 'sales', product: 'orders', port: 'customers' },
      'customers',
      { customer_id: 'integer', orders: 'integer' },
    ),
  );
  write(
    'domains/sales/orders/transform.sql',
    [
      '-- port: orders',
      'SELECT order_id, customer_id, amount, order_date FROM raw',
      '-- port: customers',
      'SELECT customer_id, count(*) AS orders FROM raw GROUP BY customer_id -- one row per customer',
      '',
    ].join('\n'),
  );
  write(
    'domains/sales/revenue/product.odps.yaml',
    productDoc(
      'sales-revenue-product',
      'sales',
      { orders: 'sales-orders' },
      { daily: 'sales-revenue' },
    ),
  );
  write(
    'domains/sales/revenue/revenue.odcs.yaml',
    outputContract(
      'sales-revenue',
      { domain: 'sales', product: 'revenue', port: 'daily' },
      'daily_revenue',
      { order_date: 'date', revenue: 'number' },
    ),
  );
  write(
    'domains/sales/revenue/transform.sql',
    '-- port: daily\nSELECT order_date, sum(amount) AS revenue FROM orders GROUP BY order_date ORDER BY order_date;\n',
  );
  write(
    'domains/marketing/segments/product.odps.yaml',
    productDoc(
      'marketing-segments-product',
      'marketing',
      { customers: 'sales-customers' },
      { segments: 'marketing-segments' },
    ),
  );
  write(
    'domains/marketing/segments/segments.odcs.yaml',
    outputContract(
      'marketing-segments',
      { domain: 'marketing', product: 'segments', port: 'segments' },
      'segments',
      { customer_id: 'integer', segment: 'string' },
    ),
  );
  write(
    'domains/marketing/segments/transform.sql',
    "-- port: segments\nSELECT customer_id, CASE WHEN orders > 1 THEN 'loyal' ELSE 'new' END AS segment FROM customers\n",
  );
  return { root, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Makes the mesh a git repository with everything committed; returns the commit. */
export function commitAll(root: string, message: string): string {
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', root, ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.com',
      },
    }).trim();
  git('init', '--quiet');
  git('add', '-A');
  git('commit', '--quiet', '--no-gpg-sign', '-m', message);
  return git('rev-parse', 'HEAD');
}
