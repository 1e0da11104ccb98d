import assert from 'node:assert/strict';
import type { OdcsContract } from '../../src/core/standards/odcs/index.ts';
import { validateOdcsStructure } from '../../src/core/standards/odcs/index.ts';

/**
 * The base contract of the classification table: one of everything the diff judges.
 * Each case edits a copy; both versions must be valid ODCS, so the table only holds
 * pairs a user could really write.
 */
export function baseContract(): Record<string, unknown> {
  return {
    apiVersion: 'v3.2.0',
    kind: 'DataContract',
    id: 'orders',
    version: '1.0.0',
    status: 'active',
    description: { purpose: 'Orders of the webshop.' },
    servers: [
      {
        server: 'prod',
        type: 'postgres',
        host: 'db.example',
        port: 5432,
        database: 'shop',
        schema: 'public',
        description: 'The production database.',
      },
      { server: 'files', type: 'local', path: './orders.parquet', format: 'parquet' },
    ],
    schema: [
      {
        name: 'orders',
        physicalName: 'orders_v1',
        physicalType: 'table',
        properties: [
          {
            id: 'order_id_prop',
            name: 'order_id',
            logicalType: 'integer',
            physicalType: 'integer',
            required: true,
            unique: true,
            primaryKey: true,
            primaryKeyPosition: 1,
          },
          {
            name: 'amount',
            logicalType: 'number',
            physicalType: 'decimal(10,2)',
            logicalTypeOptions: { minimum: 0, maximum: 10000 },
            quality: [{ metric: 'nullValues', mustBeLessThan: 5 }],
          },
          {
            name: 'customer_email',
            logicalType: 'string',
            physicalType: 'varchar(100)',
            logicalTypeOptions: { minLength: 3, maxLength: 100 },
            classification: 'restricted',
          },
          {
            name: 'status',
            logicalType: 'string',
            enum: [{ value: 'open' }, { value: 'shipped' }, { value: 'closed' }],
            quality: [
              {
                metric: 'invalidValues',
                arguments: { validValues: ['open', 'shipped', 'closed'] },
                mustBe: 0,
              },
            ],
          },
          { name: 'quantity', logicalType: 'integer', logicalTypeOptions: { format: 'i32' } },
          { name: 'ordered_at', logicalType: 'timestamp' },
          { id: 'note_prop', name: 'note', physicalName: 'note', logicalType: 'string' },
          {
            name: 'shipping',
            logicalType: 'object',
            properties: [
              { name: 'city', logicalType: 'string' },
              { name: 'zip', logicalType: 'string', logicalTypeOptions: { pattern: '^[0-9]{5}$' } },
            ],
          },
          { name: 'tags', logicalType: 'array', items: { logicalType: 'string' } },
        ],
        quality: [{ name: 'enough_rows', metric: 'rowCount', mustBeGreaterThan: 100 }],
      },
      { name: 'order_lines', properties: [{ name: 'line_id', logicalType: 'integer' }] },
    ],
    slaProperties: [
      { property: 'latency', value: 1, unit: 'd' },
      { property: 'retention', value: 3, unit: 'y' },
      { property: 'frequency', value: 1, unit: 'd' },
      { property: 'availability', value: 99.9, unit: '%' },
      { property: 'endOfSupport', value: '2030-12-31' },
      { property: 'supportHours', value: '8-18' },
    ],
  };
}

type Json = Record<string, unknown>;

/** The schema object or property at `object` / `property`, for editing a copy. */
export function at(contract: Json, object: string, property?: string): Json {
  const objects = contract.schema as Json[];
  const found = objects.find((o) => o.name === object);
  assert.ok(found, `no object ${object}`);
  if (property === undefined) return found;
  const p = (found.properties as Json[]).find((x) => x.name === property);
  assert.ok(p, `no property ${object}.${property}`);
  return p;
}

export function asValidContract(data: unknown, label: string): OdcsContract {
  const issues = validateOdcsStructure(data);
  assert.deepEqual(
    issues.map((i) => `${i.code} ${JSON.stringify(i.path)} ${i.message}`),
    [],
    `${label} must be a valid ODCS contract`,
  );
  return data as OdcsContract;
}
