/**
 * One table with planted violations, the same on every engine: each row below says which
 * checks it breaks, and EXPECTED lists exactly those counts (written by hand from the rows,
 * never computed by the code under test).
 */

export const ITEM_COLUMNS = [
  'id',
  'code',
  'email',
  'qty',
  'price',
  'status',
  'amount',
  'created',
  'customer_id',
  'tags',
] as const;

type Cell = string | number | null | readonly number[];

// prettier-ignore
export const ITEM_ROWS: readonly (readonly Cell[])[] = [
  [1, 'ABC', 'a@x.de', 10, 9.5, 'new', '1.5', '2024-01-01', 1, [1, 2]],
  [2, 'ABD', 'b@x.de', 5, 10, 'done', '2', '2024-01-02', 2, [1]],
  // pattern (abc), format (bad-email), multipleOf (7), exclusiveMinimum (0), uniqueItems,
  // type of amount (abc), type of created (month 13), relationship (customer 9)
  [3, 'abc', 'bad-email', 7, 0, 'new', 'abc', '2024-13-01', 9, [1, 1]],
  // maxLength + pattern (ABCD), required (email), minimum (-5), exclusiveMaximum (1000),
  // enum (zzz), minItems ([])
  [4, 'ABCD', null, -5, 1000, 'zzz', null, '2024-01-04', 1, []],
  // primary key (id 4 again), maximum (200), maxItems (4 items)
  [4, 'ABE', 'e@x.de', 200, 1, 'done', '3', '2024-01-05', null, [1, 2, 3, 4]],
  // minLength + pattern (AB)
  [6, 'AB', 'f@x.de', 0, 2, 'new', '4', '2024-01-06', 2, [5]],
  // unique code (ABC again)
  [7, 'ABC', 'g@x.de', 15, 3, 'done', '5', '2024-01-07', 1, [2]],
];

export const CUSTOMER_IDS = [1, 2] as const;

/** The contract as data; `arrays: false` leaves out the list column (CSV, JSON). */
export function plantedContract(server: Record<string, unknown>, arrays: boolean): unknown {
  const properties: unknown[] = [
    { name: 'id', logicalType: 'integer', primaryKey: true, primaryKeyPosition: 1 },
    {
      name: 'code',
      logicalType: 'string',
      unique: true,
      logicalTypeOptions: { minLength: 3, maxLength: 3, pattern: '^[A-Z]{3}$' },
      quality: [{ metric: 'duplicateValues', mustBe: 0, severity: 'warning' }],
    },
    {
      name: 'email',
      logicalType: 'string',
      required: true,
      classification: 'restricted',
      logicalTypeOptions: { format: 'email' },
      quality: [
        {
          metric: 'missingValues',
          arguments: { missingValues: ['', 'n/a'] },
          unit: 'percent',
          mustBeLessThan: 10,
        },
      ],
    },
    {
      name: 'qty',
      logicalType: 'integer',
      logicalTypeOptions: { minimum: 0, maximum: 100, multipleOf: 5 },
      quality: [
        { type: 'sql', query: 'SELECT count(*) FROM {object} WHERE {property} < 0', mustBe: 0 },
      ],
    },
    {
      name: 'price',
      logicalType: 'number',
      logicalTypeOptions: { exclusiveMinimum: 0, exclusiveMaximum: 1000 },
    },
    {
      name: 'status',
      logicalType: 'string',
      enum: [{ value: 'new' }, { value: 'done' }],
      quality: [
        { metric: 'nullValues', mustBe: 0 },
        {
          metric: 'invalidValues',
          arguments: { validValues: ['new', 'done'] },
          mustBeLessOrEqualTo: 1,
        },
      ],
    },
    { name: 'amount', logicalType: 'number' },
    { name: 'created', logicalType: 'date' },
    {
      name: 'customer_id',
      logicalType: 'integer',
      relationships: [{ type: 'foreignKey', to: 'customers.id' }],
    },
    { name: 'ghost', logicalType: 'string' },
  ];
  if (arrays) {
    properties.push({
      name: 'tags',
      logicalType: 'array',
      items: { logicalType: 'integer' },
      logicalTypeOptions: { minItems: 1, maxItems: 3, uniqueItems: true },
    });
  }
  return {
    apiVersion: 'v3.2.0',
    kind: 'DataContract',
    id: 'planted',
    version: '1.0.0',
    status: 'active',
    servers: [server],
    schema: [
      {
        name: 'items',
        properties,
        quality: [
          { metric: 'rowCount', mustBeBetween: [1, 10] },
          { metric: 'rowCount', mustBeGreaterThan: 100 },
        ],
      },
      { name: 'customers', properties: [{ name: 'id', logicalType: 'integer', primaryKey: true }] },
    ],
    slaProperties: [
      { property: 'latency', value: 100000, unit: 'd', element: 'items.created' },
      { property: 'freshness', value: 1, unit: 'd', element: 'items.created' },
      // The valid dates are Jan 1, 2, 4, 5, 6, 7: the largest gap is two days.
      { property: 'frequency', value: 1, unit: 'd', element: 'items.created' },
      { property: 'frequency', value: 2, unit: 'd', element: 'items.created' },
      { property: 'retention', value: 1, unit: 'd', element: 'items.created' },
      { property: 'retention', value: 100000, unit: 'days', element: 'items.created' },
    ],
  };
}

type Expected = readonly [status: 'passed' | 'failed' | 'warning', value: number | null];

/**
 * Every check that does not pass, with its count; every other check must pass. In
 * schemaless data (JSON) the optional `ghost`, a key no record has, is all NULL and passes.
 */
export function expectedFailures(
  arrays: boolean,
  schemaless = false,
): ReadonlyMap<string, Expected> {
  const entries: [string, Expected][] = [
    ['items.primaryKey', ['failed', 1]],
    ['items.code.unique', ['failed', 1]],
    ['items.code.pattern', ['failed', 3]],
    ['items.code.minLength', ['failed', 1]],
    ['items.code.maxLength', ['failed', 1]],
    ['items.code.quality[0].duplicateValues', ['warning', 1]],
    ['items.email.required', ['failed', 1]],
    ['items.email.format', ['failed', 1]],
    // 1 of 7 rows missing (the null)
    ['items.email.quality[0].missingValues', ['failed', 14.285714]],
    ['items.qty.minimum', ['failed', 1]],
    ['items.qty.maximum', ['failed', 1]],
    ['items.qty.multipleOf', ['failed', 1]],
    ['items.qty.quality[0].sql', ['failed', 1]],
    ['items.price.exclusiveMinimum', ['failed', 1]],
    ['items.price.exclusiveMaximum', ['failed', 1]],
    ['items.status.enum', ['failed', 1]],
    ['items.amount.type', ['failed', 1]],
    ['items.created.type', ['failed', 1]],
    ['items.customer_id.relationship[0]', ['failed', 1]],
    ['items.quality[1].rowCount', ['failed', 7]],
    ['sla[1].latency', ['failed', -1]],
    ['sla[2].frequency', ['failed', 172_800]],
    ['sla[4].retention', ['failed', -1]],
  ];
  if (!schemaless) {
    entries.push(['items.ghost.present', ['failed', 1]], ['items.ghost.type', ['warning', null]]);
  }
  if (arrays) {
    entries.push(
      ['items.tags.minItems', ['failed', 1]],
      ['items.tags.maxItems', ['failed', 1]],
      ['items.tags.uniqueItems', ['failed', 1]],
    );
  }
  return new Map(entries);
}
