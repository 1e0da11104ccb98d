import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * A system as `meshwork import` writes it: one contract per table in sources/shop/, from a
 * PostgreSQL server. It has what the exports must carry: a composite primary key, a
 * composite foreign key (object level), a single one (property level), a composite unique
 * key, comments — and hostile names and texts: quotes, a semicolon, capitals, spaces,
 * line breaks and SQL comment markers in descriptions, HTML in a description.
 */
export const HOSTILE_DESCRIPTION =
  "It's <script>alert(1)</script> a \"quoted\"\n-- DROP TABLE customers; */ {{ var('x') }} | pipe";
export const ITEMS_TABLE = 'Order "Items"';
export const QTY_COLUMN = 'Qty; DROP TABLE x';

const server = {
  server: 'shop',
  type: 'postgresql',
  host: 'localhost',
  port: 5432,
  database: 'shop',
  schema: 'public',
};

function contract(id: string, schema: unknown[]): Record<string, unknown> {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id,
    name: id,
    version: '1.0.0',
    status: 'draft',
    description: { purpose: `Imported from shop; ${id}.` },
    servers: [server],
    schema,
  };
}

export const CUSTOMERS = contract('shop-customers-v1', [
  {
    name: 'customers',
    physicalName: 'customers',
    physicalType: 'table',
    description: HOSTILE_DESCRIPTION,
    properties: [
      {
        name: 'customer_id',
        logicalType: 'integer',
        physicalType: 'integer',
        required: true,
        primaryKey: true,
        primaryKeyPosition: 1,
        unique: true,
      },
      {
        name: 'email',
        logicalType: 'string',
        physicalType: 'character varying(200)',
        logicalTypeOptions: { maxLength: 200 },
        required: true,
        unique: true,
        description: HOSTILE_DESCRIPTION,
      },
      {
        name: 'Region Name',
        logicalType: 'string',
        physicalType: 'text',
        required: false,
      },
      { name: 'signed_up', logicalType: 'timestamp', physicalType: 'timestamp with time zone' },
    ],
  },
]);

export const ORDERS = contract('shop-orders-v1', [
  {
    name: 'orders',
    physicalName: 'orders',
    physicalType: 'table',
    description: 'One row per order.',
    properties: [
      {
        name: 'shop_code',
        logicalType: 'string',
        physicalType: 'character varying(8)',
        logicalTypeOptions: { maxLength: 8 },
        required: true,
        primaryKey: true,
        primaryKeyPosition: 1,
      },
      {
        name: 'order_no',
        logicalType: 'integer',
        physicalType: 'bigint',
        required: true,
        primaryKey: true,
        primaryKeyPosition: 2,
      },
      {
        name: 'customer_id',
        logicalType: 'integer',
        physicalType: 'integer',
        required: true,
        relationships: [
          {
            type: 'foreignKey',
            to: 'customers.odcs.yaml#/schema/customers/properties/customer_id',
          },
        ],
      },
      { name: 'total', logicalType: 'number', physicalType: 'numeric(12,2)', required: true },
      { name: 'ordered_on', logicalType: 'date', physicalType: 'date', required: true },
    ],
  },
]);

export const ITEMS = contract('shop-order-items-v1', [
  {
    name: 'order_items',
    physicalName: ITEMS_TABLE,
    physicalType: 'table',
    description: 'Lines of an order.',
    relationships: [
      {
        type: 'foreignKey',
        from: ['order_items.shop_code', 'order_items.order_no'],
        to: [
          'orders.odcs.yaml#/schema/orders/properties/shop_code',
          'orders.odcs.yaml#/schema/orders/properties/order_no',
        ],
      },
    ],
    quality: [
      {
        type: 'library',
        metric: 'duplicateValues',
        arguments: { properties: ['order_no', 'sku'] },
        mustBe: 0,
      },
    ],
    properties: [
      {
        name: 'shop_code',
        logicalType: 'string',
        physicalType: 'character varying(8)',
        required: true,
        primaryKey: true,
        primaryKeyPosition: 1,
      },
      {
        name: 'order_no',
        logicalType: 'integer',
        physicalType: 'bigint',
        required: true,
        primaryKey: true,
        primaryKeyPosition: 2,
      },
      {
        name: 'line_no',
        logicalType: 'integer',
        physicalType: 'smallint',
        required: true,
        primaryKey: true,
        primaryKeyPosition: 3,
      },
      { name: 'sku', logicalType: 'string', physicalType: 'character varying(20)', required: true },
      {
        name: 'qty',
        physicalName: QTY_COLUMN,
        logicalType: 'integer',
        physicalType: 'integer',
        required: true,
        description: 'Units; a "quoted" name.',
      },
    ],
  },
]);

/** Writes the three contracts into <tmp>/sources/shop/ and returns that folder. */
export async function writeShopSystem(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'meshwork-export-'));
  const folder = join(dir, 'sources', 'shop');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'customers.odcs.yaml'), stringify(CUSTOMERS));
  await writeFile(join(folder, 'orders.odcs.yaml'), stringify(ORDERS));
  await writeFile(join(folder, 'order-items.odcs.yaml'), stringify(ITEMS));
  return folder;
}

export const SHOP_FILES = ['customers.odcs.yaml', 'orders.odcs.yaml', 'order-items.odcs.yaml'];
