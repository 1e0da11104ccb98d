import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

/**
 * The mesh the scale-out benchmark serves: like the demo, small enough to build in a
 * second — a webshop source (CSV), sales' orders product (two ports) with a revenue
 * product on a one-minute schedule (so three schedulers must agree on one job per
 * occurrence), marketing's segments — and teams with as many people as there are
 * clients: `owner-N` own the sales team (they decide requests and press "run now"),
 * `analyst-N` are members of the finance team (they ask for access).
 */
export interface ScaleOutMesh {
  readonly root: string;
  readonly owners: readonly string[];
  readonly analysts: readonly string[];
  /** Products whose build "run now" may start (the sales domain's). */
  readonly runnable: readonly string[];
  /** Products the readers look at. */
  readonly products: readonly string[];
  /** The port access is asked for, on `sales-orders`. */
  readonly port: { readonly productId: string; readonly port: string };
  readonly purpose: string;
  readonly consumerTeam: string;
  remove(): void;
}

const ORDERS_CSV = [
  'order_id,customer_id,amount,order_date',
  ...Array.from(
    { length: 200 },
    (_, i) =>
      `${i + 1},${10 + (i % 37)},${((i * 7.3) % 90).toFixed(2)},2026-01-${String(1 + (i % 28)).padStart(2, '0')}`,
  ),
].join('\n');

function member(username: string, role: 'owner' | 'member'): unknown {
  return { username, name: username, email: `${username}@example.com`, role };
}

function outputContract(
  id: string,
  at: { domain: string; product: string; port: string },
  object: string,
  properties: Record<string, string>,
): unknown {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id,
    version: '1.0.0',
    status: 'active',
    description: { purpose: `${object} of the ${at.domain} domain, one row per ${object}` },
    servers: [
      {
        server: 'warehouse',
        type: 'local',
        format: 'parquet',
        path: `../../../.meshwork/warehouse/${at.domain}/${at.product}/${at.port}/current/{model}.parquet`,
      },
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

function product(
  id: string,
  domain: string,
  inputs: Record<string, string>,
  outputs: Record<string, string>,
  schedule?: string,
): unknown {
  return {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id,
    name: id,
    domain,
    status: 'active',
    description: { purpose: `The ${id.replace(/-/g, ' ')} of the ${domain} domain` },
    team: { name: `${domain}-team` },
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
    ...(schedule ? { customProperties: [{ property: 'meshworkSchedule', value: schedule }] } : {}),
  };
}

export function writeScaleOutMesh(people: number): ScaleOutMesh {
  const root = mkdtempSync(join(tmpdir(), 'meshwork-scale-out-'));
  const write = (path: string, content: unknown): void => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : stringify(content));
  };
  const owners = Array.from({ length: people }, (_, i) => `owner-${i + 1}`);
  const analysts = Array.from({ length: people }, (_, i) => `analyst-${i + 1}`);
  const domain = (name: string, members: unknown[]): unknown => ({
    apiVersion: 'meshwork/v1',
    kind: 'Domain',
    name,
    title: name,
    team: { name: `${name}-team`, members },
  });

  write('meshwork.yaml', {
    apiVersion: 'meshwork/v1',
    kind: 'Mesh',
    name: 'Scale-out',
    legalName: 'Scale-out GmbH',
    address: { street: 'Teststraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
    dataProtectionOfficer: { name: 'DPO', email: 'dpo@example.com' },
    purposes: [
      {
        id: 'revenue-reporting',
        title: { de: 'Umsatzberichte', en: 'Revenue reporting' },
        description: { de: 'Monatliche Umsatzberichte', en: 'Monthly revenue reports' },
        legalBasis: 'f',
      },
    ],
  });
  // The products' own team has three owners; the other owners own a second team of the
  // domain, which makes them deciders and "run now" pressers too. Every access request is
  // mailed to the owning team's owners: with all owners there, and no mail server here,
  // each request would queue a hundred failing deliveries — load on the workers this
  // benchmark is not about.
  write('domains/sales/domain.yaml', {
    ...(domain(
      'sales',
      owners.slice(0, 3).map((u) => member(u, 'owner')),
    ) as object),
    teams: [{ name: 'sales-ops-team', members: owners.slice(3).map((u) => member(u, 'owner')) }],
  });
  write('domains/marketing/domain.yaml', domain('marketing', [member('marketing-owner', 'owner')]));
  write(
    'domains/finance/domain.yaml',
    domain(
      'finance',
      analysts.map((u) => member(u, 'member')),
    ),
  );
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
    product(
      'sales-orders',
      'sales',
      { raw: 'shop-orders' },
      { orders: 'sales-orders-orders', customers: 'sales-orders-customers' },
    ),
  );
  write(
    'domains/sales/orders/orders.odcs.yaml',
    outputContract(
      'sales-orders-orders',
      { domain: 'sales', product: 'orders', port: 'orders' },
      'orders',
      { order_id: 'integer', customer_id: 'integer', amount: 'number', order_date: 'date' },
    ),
  );
  write(
    'domains/sales/orders/customers.odcs.yaml',
    outputContract(
      'sales-orders-customers',
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
      'SELECT customer_id, count(*) AS orders FROM raw GROUP BY customer_id',
      '',
    ].join('\n'),
  );
  write(
    'domains/sales/revenue/product.odps.yaml',
    product(
      'sales-revenue',
      'sales',
      { orders: 'sales-orders-orders' },
      { daily: 'sales-revenue-daily' },
      '* * * * *',
    ),
  );
  write(
    'domains/sales/revenue/revenue.odcs.yaml',
    outputContract(
      'sales-revenue-daily',
      { domain: 'sales', product: 'revenue', port: 'daily' },
      'daily_revenue',
      { order_date: 'date', revenue: 'number' },
    ),
  );
  write(
    'domains/sales/revenue/transform.sql',
    '-- port: daily\nSELECT order_date, sum(amount) AS revenue FROM orders GROUP BY order_date ORDER BY order_date\n',
  );
  write(
    'domains/marketing/segments/product.odps.yaml',
    product(
      'marketing-segments',
      'marketing',
      { customers: 'sales-orders-customers' },
      { segments: 'marketing-segments-segments' },
    ),
  );
  write(
    'domains/marketing/segments/segments.odcs.yaml',
    outputContract(
      'marketing-segments-segments',
      { domain: 'marketing', product: 'segments', port: 'segments' },
      'segments',
      { customer_id: 'integer', segment: 'string' },
    ),
  );
  write(
    'domains/marketing/segments/transform.sql',
    "-- port: segments\nSELECT customer_id, CASE WHEN orders > 1 THEN 'loyal' ELSE 'new' END AS segment FROM customers\n",
  );
  return {
    root,
    owners,
    analysts,
    runnable: ['sales-orders', 'sales-revenue'],
    products: ['sales-orders', 'sales-revenue', 'marketing-segments'],
    port: { productId: 'sales-orders', port: 'orders' },
    purpose: 'revenue-reporting',
    consumerTeam: 'finance-team',
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
