/**
 * A small contract that uses every feature the semantic checks look at, correctly: the
 * tests break it in one place each.
 */
export type Json = Record<string, unknown>;

export function validContract(): Json {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'orders-contract',
    version: '1.0.0',
    status: 'active',
    schema: [
      {
        id: 'customers_obj',
        name: 'customers',
        properties: [
          { id: 'customer_id_prop', name: 'id', primaryKey: true },
          {
            name: 'email',
            quality: [
              {
                metric: 'missingValues',
                arguments: { missingValues: [null, '', 'N/A'] },
                mustBeLessThan: 5,
                unit: 'percent',
              },
              { metric: 'invalidValues', arguments: { pattern: '^[^@]+@[^@]+$' }, mustBe: 0 },
            ],
          },
          {
            id: 'address_prop',
            name: 'address',
            logicalType: 'object',
            properties: [{ id: 'street_prop', name: 'street' }],
          },
        ],
      },
      {
        id: 'orders_obj',
        name: 'orders',
        physicalName: 'orders_v1',
        quality: [
          { metric: 'rowCount', mustBeBetween: [100, 120] },
          {
            metric: 'duplicateValues',
            arguments: { properties: ['tenant_id', 'order_id'] },
            mustBe: 0,
          },
          {
            type: 'sql',
            query: 'SELECT COUNT(*) FROM {object} WHERE ${table}.order_id IS NULL',
            mustBe: 0,
          },
          { type: 'text', description: 'Orders arrive within a day.' },
          { type: 'custom', engine: 'soda', implementation: 'row_count > 0' },
        ],
        properties: [
          { name: 'tenant_id', primaryKey: true, primaryKeyPosition: 1 },
          { name: 'order_id', primaryKey: true, primaryKeyPosition: 2 },
          {
            name: 'customer_id',
            relationships: [
              { to: 'customers.id' },
              { to: 'schema/customers_obj/properties/customer_id_prop', type: 'foreignKey' },
            ],
          },
          {
            name: 'status',
            quality: [
              {
                metric: 'invalidValues',
                arguments: { validValues: ['open', 'shipped'] },
                mustBeLessOrEqualTo: 1,
                unit: 'percent',
              },
            ],
          },
          {
            name: 'amount',
            physicalName: 'amount_eur',
            primaryKeyPosition: -1,
            quality: [
              { metric: 'nullValues', mustBe: 0 },
              { metric: 'duplicateValues', mustNotBeBetween: [1, 10], unit: 'rows' },
              {
                type: 'sql',
                query: 'SELECT COUNT(*) FROM "{table}" WHERE {column} < 0',
                mustBe: 0,
              },
            ],
          },
          {
            name: 'ship_street',
            relationships: [
              { to: 'customers.address.street' },
              { to: 'sales.crm.customers.street' },
              { to: 'https://example.com/crm.odcs.yaml#/schema/c/properties/street' },
            ],
          },
        ],
        relationships: [
          { from: 'orders.customer_id', to: 'customers.id' },
          {
            from: ['orders.tenant_id', 'orders.customer_id'],
            to: ['crm.customers.tenant_id', 'crm.customers.id'],
          },
        ],
      },
    ],
  };
}

/** The element at `path` of `root`, for a test to change it in place. */
export function at(root: Json, ...path: (string | number)[]): Json {
  let node: unknown = root;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node as Json;
}
