/**
 * The data and contract of the contract-test benchmark: ten columns, every value valid
 * except one bad email in 100,000 rows (so failing checks also fetch samples), and a
 * contract with 43 checks.
 */

/** DuckDB SQL selecting `rows` generated rows. */
export function duckDbRows(rows: number): string {
  return `SELECT range AS id,
    chr(CAST(65 + range % 26 AS INTEGER)) || chr(CAST(65 + (range // 26) % 26 AS INTEGER)) || chr(CAST(65 + (range // 676) % 26 AS INTEGER)) AS code,
    CASE WHEN range % 100000 = 7 THEN 'broken' ELSE 'user' || range || '@example.com' END AS email,
    CAST((range % 20) * 5 AS INTEGER) AS qty,
    (range % 1000) + 0.5 AS price,
    CASE range % 3 WHEN 0 THEN 'new' WHEN 1 THEN 'paid' ELSE 'shipped' END AS status,
    DATE '2024-01-01' + CAST(range % 365 AS INTEGER) AS created,
    CAST(range % 50000 AS INTEGER) AS customer_id,
    (range % 100) / 10.0 AS score,
    CASE WHEN range % 10 = 0 THEN NULL ELSE 'note ' || (range % 97) END AS note
  FROM range(${rows})`;
}

/** The same rows in PostgreSQL. */
export function postgresRows(rows: number): string {
  return `SELECT g AS id,
    chr(65 + (g % 26)::int) || chr(65 + ((g / 26) % 26)::int) || chr(65 + ((g / 676) % 26)::int) AS code,
    CASE WHEN g % 100000 = 7 THEN 'broken' ELSE 'user' || g || '@example.com' END AS email,
    ((g % 20) * 5)::int AS qty,
    ((g % 1000) + 0.5)::double precision AS price,
    CASE g % 3 WHEN 0 THEN 'new' WHEN 1 THEN 'paid' ELSE 'shipped' END AS status,
    DATE '2024-01-01' + (g % 365)::int AS created,
    (g % 50000)::int AS customer_id,
    ((g % 100) / 10.0)::double precision AS score,
    CASE WHEN g % 10 = 0 THEN NULL ELSE 'note ' || (g % 97) END AS note
  FROM generate_series(0::bigint, ${rows - 1}::bigint) AS g`;
}

export function benchContract(server: Record<string, unknown>): unknown {
  return {
    apiVersion: 'v3.2.0',
    kind: 'DataContract',
    id: 'bench',
    version: '1.0.0',
    status: 'active',
    servers: [server],
    schema: [
      {
        name: 'bench_rows',
        properties: [
          { name: 'id', logicalType: 'integer', primaryKey: true },
          {
            name: 'code',
            logicalType: 'string',
            required: true,
            logicalTypeOptions: { minLength: 3, maxLength: 3, pattern: '^[A-Z]{3}$' },
          },
          {
            name: 'email',
            logicalType: 'string',
            required: true,
            logicalTypeOptions: { format: 'email' },
          },
          {
            name: 'qty',
            logicalType: 'integer',
            logicalTypeOptions: { minimum: 0, maximum: 100, multipleOf: 5 },
          },
          {
            name: 'price',
            logicalType: 'number',
            logicalTypeOptions: { exclusiveMinimum: 0, maximum: 1000 },
          },
          {
            name: 'status',
            logicalType: 'string',
            enum: [{ value: 'new' }, { value: 'paid' }, { value: 'shipped' }],
            quality: [{ metric: 'nullValues', mustBe: 0 }],
          },
          {
            name: 'created',
            logicalType: 'date',
            required: true,
            logicalTypeOptions: { minimum: '2024-01-01' },
          },
          {
            name: 'customer_id',
            logicalType: 'integer',
            required: true,
            logicalTypeOptions: { minimum: 0 },
          },
          { name: 'score', logicalType: 'number', logicalTypeOptions: { minimum: 0, maximum: 10 } },
          {
            name: 'note',
            logicalType: 'string',
            logicalTypeOptions: { maxLength: 20 },
            quality: [{ metric: 'missingValues', unit: 'percent', mustBeLessThan: 20 }],
          },
        ],
        quality: [{ metric: 'rowCount', mustBeGreaterThan: 0 }],
      },
    ],
  };
}

export interface HandwrittenDialect {
  /** The column as text, or typed where the source is text (CSV): `TRY_CAST` written by hand. */
  readonly typed: (column: string, type: 'int' | 'double' | 'date') => string;
  readonly regex: (column: string, pattern: string) => string;
  readonly textTypes: boolean;
}

/** The same checks as one hand-written query: FILTER aggregates plus a distinct count for the key. */
export function handwrittenQuery(relation: string, d: HandwrittenDialect): string {
  const id = d.typed('id', 'int');
  const qty = d.typed('qty', 'int');
  const price = d.typed('price', 'double');
  const created = d.typed('created', 'date');
  const customer = d.typed('customer_id', 'int');
  const score = d.typed('score', 'double');
  const f = (predicate: string): string => `count(*) FILTER (WHERE ${predicate})`;
  const types = d.textTypes
    ? [
        f(`id IS NOT NULL AND ${id} IS NULL`),
        f(`qty IS NOT NULL AND ${qty} IS NULL`),
        f(`price IS NOT NULL AND ${price} IS NULL`),
        f(`created IS NOT NULL AND ${created} IS NULL`),
        f(`customer_id IS NOT NULL AND ${customer} IS NULL`),
        f(`score IS NOT NULL AND ${score} IS NULL`),
      ]
    : [];
  const email = '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$';
  return `SELECT count(*) AS n, ${[
    ...types,
    f('code IS NULL'),
    f('length(code) < 3'),
    f('length(code) > 3'),
    f(`NOT ${d.regex('code', '^[A-Z]{3}$')}`),
    f('email IS NULL'),
    f(`NOT ${d.regex('email', email)}`),
    f(`${qty} < 0`),
    f(`${qty} > 100`),
    f(`abs((${qty} * 1.0) / 5 - round((${qty} * 1.0) / 5)) > 1e-9`),
    f(`${price} <= 0`),
    f(`${price} > 1000`),
    f(`status IS NOT NULL AND status NOT IN ('new', 'paid', 'shipped')`),
    f('status IS NULL'),
    f('created IS NULL'),
    f(`${created} < DATE '2024-01-01'`),
    f('customer_id IS NULL'),
    f(`${customer} < 0`),
    f(`${score} < 0`),
    f(`${score} > 10`),
    f('length(note) > 20'),
    f('note IS NULL'),
    `count(${id}) - count(DISTINCT ${id}) AS id_duplicates`,
    f('id IS NULL'),
  ].join(',\n  ')} FROM ${relation}`;
}
