import type { DemoTable } from './demo-tables.ts';
import { DEMO_TABLES } from './demo-tables.ts';
import {
  DEMO_ANCHOR_DATE,
  WEBSHOP_LAUNCH_DATE,
  allocateOrdersToDays,
  orderWindowStart,
  parseDay,
  timeOfDayQuantiles,
} from './order-calendar.ts';
import {
  EMAIL_DOMAINS,
  FICTIONAL_BANK_CODES,
  FIRST_NAMES,
  LAST_NAMES,
  PLACES,
  PRODUCTS,
  STREETS,
  WAREHOUSES,
} from './reference-data.ts';
import {
  sqlIdentifier,
  sqlList,
  sqlNumber,
  sqlString,
  sqlValuesQuery,
  weightedIndexList,
} from './sql-text.ts';

/**
 * The DuckDB statements that build the demo tables in memory. Pure: no I/O here, the
 * script runs them. Randomness is `hash(key, salt)`, never `random()`: a row's values depend
 * only on its key and the scale, so every run yields the same rows, in parallel or not.
 */

export interface DemoDataSizes {
  readonly scale: number;
  readonly customers: number;
  readonly orders: number;
}

/** Scale 1: 150 000 customers, 520 000 orders, about 1 040 000 order lines. */
export function demoDataSizes(scale: number): DemoDataSizes {
  if (!Number.isFinite(scale) || scale <= 0)
    throw new RangeError(`scale must be a positive number, got ${scale}`);
  return {
    scale,
    customers: Math.max(20, Math.round(150_000 * scale)),
    orders: Math.max(50, Math.round(520_000 * scale)),
  };
}

/** Share of order lines per product group; within a group, by the products' popularity. */
const GROUP_SHARE = { bikes: 0.09, accessories: 0.5, parts: 0.41 } as const;
const AVERAGE_LINES_PER_ORDER = 2;
const LINE_COUNTS = [1, 1, 1, 1, 2, 2, 2, 3, 3, 4];

function productLineShares(): number[] {
  const groupTotals = { bikes: 0, accessories: 0, parts: 0 };
  for (const p of PRODUCTS) groupTotals[p.group] += p.popularity;
  return PRODUCTS.map((p) => (p.popularity / groupTotals[p.group]) * GROUP_SHARE[p.group]);
}

export function createTableSql(table: DemoTable): string {
  const columns = table.columns.map(
    (c) => `${sqlIdentifier(c.name)} ${c.type}${c.nullable ? '' : ' NOT NULL'}`,
  );
  return `CREATE TABLE ${sqlIdentifier(table.name)} (${columns.join(', ')})`;
}

function emailSlug(name: string): string {
  return name
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .replaceAll('ı', 'i')
    .normalize('NFD')
    .replace(/[^a-z]/g, '');
}

function referenceSql(sizes: DemoDataSizes): string[] {
  const shares = productLineShares();
  const products = PRODUCTS.map((p, i) => [
    i + 1,
    p.sku,
    p.name,
    p.group,
    p.category,
    p.listPriceEur,
    p.unitCostEur,
    p.active,
    p.launchedOn,
    shares[i] ?? 0,
  ]);
  const places = PLACES.map((p, i) => [i + 1, p.postalCode, p.city, p.countryCode]);
  const days = allocateOrdersToDays(sizes.orders).map((d) => [d.day, d.firstOrderId, d.orders]);
  return [
    "SET TimeZone = 'UTC'",
    // 53 random bits as a double in [0, 1). Not hash(k, salt): DuckDB combines the hashes of
    // several arguments so weakly that different salts give correlated values.
    'CREATE MACRO rnd(k, salt) AS (hash(xor(hash(k), hash(salt))) >> 11)::DOUBLE / 9007199254740992.0',
    'CREATE MACRO pick(xs, k, salt) AS xs[1 + floor(rnd(k, salt) * len(xs))::BIGINT]',
    "CREATE MACRO digits(k, salt, n) AS lpad(floor(rnd(k, salt) * 10 ** n)::BIGINT::VARCHAR, n, '0')",
    `CREATE TABLE ref_products AS SELECT product_id::INTEGER AS product_id, sku, name, product_group, category,
       list_price_eur::DECIMAL(10,2) AS list_price_eur, unit_cost_eur::DECIMAL(10,2) AS unit_cost_eur, is_active,
       launched_on::DATE AS launched_on, line_share::DOUBLE AS line_share
     FROM (${sqlValuesQuery(['product_id', 'sku', 'name', 'product_group', 'category', 'list_price_eur', 'unit_cost_eur', 'is_active', 'launched_on', 'line_share'], products)})`,
    `CREATE TABLE ref_places AS ${sqlValuesQuery(['place_id', 'postal_code', 'city', 'country_code'], places)}`,
    `CREATE TABLE ref_order_days AS SELECT day::DATE AS day, first_order_id::BIGINT AS first_order_id, orders::BIGINT AS orders
     FROM (${sqlValuesQuery(['day', 'first_order_id', 'orders'], days)})`,
  ];
}

/**
 * Customer accounts are created evenly from the launch to the anchor, in id order, so
 * `created_at` of customer `id` is below launch + id / customers * (end - launch). Seconds.
 */
function customerEpochs(): { launch: number; end: number } {
  return {
    launch: parseDay(WEBSHOP_LAUNCH_DATE) / 1000,
    end: parseDay(DEMO_ANCHOR_DATE) / 1000 + 22 * 3600,
  };
}

function customersSql(sizes: DemoDataSizes): string {
  const { launch, end } = customerEpochs();
  return `INSERT INTO customers
WITH base AS (
  SELECT i::BIGINT AS id,
    1 + floor(rnd(i::BIGINT, 1) * ${FIRST_NAMES.length})::BIGINT AS fi,
    1 + floor(rnd(i::BIGINT, 2) * ${LAST_NAMES.length})::BIGINT AS li,
    pick(${weightedIndexList(PLACES.map((p) => p.weight))}, i::BIGINT, 3) AS place_id,
    floor(rnd(i::BIGINT, 4) * 4)::INTEGER AS email_pattern
  FROM range(1, ${sizes.customers + 1}) AS r(i)
), named AS (
  SELECT b.*, p.postal_code, p.city, p.country_code,
    ${sqlList(FIRST_NAMES)}[fi] AS first_name, ${sqlList(LAST_NAMES)}[li] AS last_name,
    ${sqlList(FIRST_NAMES.map(emailSlug))}[fi] AS fs, ${sqlList(LAST_NAMES.map(emailSlug))}[li] AS ls
  FROM base b JOIN ref_places p USING (place_id)
), local_parts AS (
  SELECT *, CASE email_pattern
      WHEN 0 THEN fs || '.' || ls || id::VARCHAR
      WHEN 1 THEN left(fs, 1) || ls || '.' || id::VARCHAR
      WHEN 2 THEN ls || '.' || fs || '_' || id::VARCHAR
      ELSE fs || '_' || ls || '-' || id::VARCHAR END AS local_part
  FROM named
)
SELECT
  id AS customer_id,
  'K' || lpad(id::VARCHAR, 8, '0') AS customer_number,
  first_name,
  last_name,
  -- A few customers typed their address with capitals; the webshop keeps what they typed.
  CASE WHEN rnd(id, 5) < 0.004 THEN upper(left(local_part, 1)) || substr(local_part, 2) ELSE local_part END
    || '@' || pick(${sqlList(EMAIL_DOMAINS)}, id, 6) AS email,
  CASE WHEN rnd(id, 7) < 0.15 THEN NULL
    WHEN country_code = 'AT' THEN '+43 664 ' || digits(id, 8, 7)
    WHEN country_code = 'CH' THEN '+41 79 ' || digits(id, 8, 7)
    ELSE '+49 1' || pick(['51', '52', '57', '59', '60', '62', '70', '71', '72', '73', '76', '77', '78', '79'], id, 9)
      || ' ' || digits(id, 8, 7) END AS phone,
  CASE WHEN rnd(id, 10) < 0.35 THEN NULL
    ELSE DATE '1946-01-01' + floor(rnd(id, 11) * (DATE '2006-12-31' - DATE '1946-01-01'))::INTEGER END AS birth_date,
  pick(${sqlList(STREETS)}, id, 12) || ' ' || (1 + floor(rnd(id, 13) ** 2 * 140))::INTEGER::VARCHAR
    || CASE WHEN rnd(id, 14) < 0.06 THEN pick(['a', 'b', 'c'], id, 15) ELSE '' END AS street,
  postal_code,
  city,
  country_code,
  rnd(id, 16) < 0.38 AS newsletter_opt_in,
  to_timestamp(${launch} + floor((id - 1 + rnd(id, 17)) / ${sizes.customers} * ${end - launch})) AS created_at
FROM local_parts
ORDER BY customer_id`;
}

function productsSql(): string {
  return `INSERT INTO products
SELECT product_id, sku, name, product_group, category, list_price_eur, is_active, launched_on
FROM ref_products ORDER BY product_id`;
}

/** Orders before their lines: lines need the order's discount, totals need the lines. */
function orderHeadsSql(sizes: DemoDataSizes): string {
  const quantiles = sqlList(timeOfDayQuantiles());
  const { launch, end } = customerEpochs();
  const anchor = `DATE '${DEMO_ANCHOR_DATE}'`;
  return `CREATE TABLE order_heads AS
WITH slots AS (
  -- Order k of a day falls in the k-th of n equal slices of the day's distribution: random,
  -- yet later orders are never earlier.
  SELECT first_order_id + k AS order_id, day AS order_day, (k + rnd(first_order_id + k, 20)) / orders AS frac
  FROM (SELECT *, unnest(range(orders)) AS k FROM ref_order_days)
), timed AS (
  SELECT order_id, order_day,
    timezone('Europe/Berlin', order_day + to_seconds(floor(
      ${quantiles}[1 + floor(frac * 1000)::BIGINT]
      + (frac * 1000 - floor(frac * 1000)) * (${quantiles}[2 + floor(frac * 1000)::BIGINT] - ${quantiles}[1 + floor(frac * 1000)::BIGINT])
    )::BIGINT)) AS ordered_at
  FROM slots
), attributed AS (
  SELECT order_id, order_day, ordered_at,
    -- Only customers registered by then can order; earlier customers order more often.
    -- (epoch arithmetic: subtracting TIMESTAMPTZ values goes through ICU and is 100x slower)
    (1 + floor(rnd(order_id, 21) ** 1.15 * greatest(1, floor(${sizes.customers} * (epoch(ordered_at) - ${launch}) / ${end - launch}))))::INTEGER AS customer_id,
    pick(['web', 'web', 'web', 'web', 'web', 'web', 'web', 'app', 'app', 'phone'], order_id, 22) AS channel,
    pick(['paypal', 'paypal', 'paypal', 'paypal', 'paypal', 'paypal', 'paypal', 'card', 'card', 'card', 'card', 'card',
          'klarna', 'klarna', 'klarna', 'invoice', 'invoice', 'invoice', 'sepa_debit', 'sepa_debit'], order_id, 23) AS payment_method,
    CASE
      WHEN ((month(order_day) = 11 AND day(order_day) >= 24) OR (month(order_day) = 12 AND day(order_day) = 1)) AND rnd(order_id, 24) < 0.6 THEN 'BLACKWEEK15'
      WHEN ((month(order_day) = 8 AND day(order_day) >= 18) OR (month(order_day) = 9 AND day(order_day) <= 14)) AND rnd(order_id, 24) < 0.3 THEN 'SOMMER10'
      WHEN rnd(order_id, 25) < 0.04 THEN 'NEWS5'
    END AS voucher_code,
    ${anchor} - order_day AS age_days,
    ${sqlList(LINE_COUNTS)}[1 + floor(rnd(order_id, 26) * ${LINE_COUNTS.length})::BIGINT] AS line_count
  FROM timed
)
SELECT *,
  CASE voucher_code WHEN 'BLACKWEEK15' THEN 15 WHEN 'SOMMER10' THEN 10 WHEN 'NEWS5' THEN 5 ELSE 0 END::DECIMAL(5,2) AS discount_pct,
  CASE
    WHEN rnd(order_id, 27) < 0.03 THEN 'cancelled'
    WHEN age_days <= 1 THEN CASE WHEN payment_method IN ('invoice', 'sepa_debit') THEN 'placed' ELSE 'paid' END
    WHEN age_days <= 6 THEN 'shipped'
    WHEN rnd(order_id, 28) < 0.04 THEN 'returned'
    ELSE 'delivered'
  END AS status,
  -- 8 % are gifts shipped elsewhere.
  CASE WHEN rnd(order_id, 29) < 0.08 THEN pick(${weightedIndexList(PLACES.map((p) => p.weight))}, order_id, 30) END AS gift_place_id
FROM attributed`;
}

function orderLinesSql(): string {
  const slots = weightedIndexList(productLineShares(), 2000);
  return `INSERT INTO order_lines
WITH lines AS (
  SELECT order_id, discount_pct, k + 1 AS line_number, order_id * 8 + k + 1 AS line_key
  FROM (SELECT order_id, discount_pct, unnest(range(line_count)) AS k FROM order_heads)
), priced AS (
  SELECT l.*, p.product_id, p.list_price_eur AS unit_price_eur,
    CASE p.product_group
      WHEN 'bikes' THEN CASE WHEN rnd(line_key, 32) < 0.03 THEN 2 ELSE 1 END
      WHEN 'accessories' THEN pick([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3], line_key, 33)
      ELSE pick([1, 1, 1, 1, 1, 1, 2, 2, 2, 4], line_key, 33)
    END AS quantity
  FROM lines l
  JOIN ref_products p ON p.product_id = ${slots}[1 + floor(rnd(l.line_key, 31) * len(${slots}))::BIGINT]
)
SELECT
  row_number() OVER (ORDER BY order_id, line_number) AS order_line_id,
  order_id,
  line_number,
  product_id,
  quantity,
  unit_price_eur,
  discount_pct,
  -- Decimal arithmetic throughout (* 0.01, not / 100), so the cents are exact.
  round(quantity * unit_price_eur * (100 - discount_pct) * 0.01, 2) AS line_amount_eur
FROM priced
ORDER BY order_line_id`;
}

function ordersSql(): string {
  return `INSERT INTO orders
WITH sums AS (
  SELECT l.order_id, sum(l.line_amount_eur) AS subtotal, bool_or(p.product_group = 'bikes') AS has_bike
  FROM order_lines l JOIN ref_products p USING (product_id)
  GROUP BY l.order_id
)
SELECT
  h.order_id,
  'WS' || lpad(h.order_id::VARCHAR, 8, '0') AS order_number,
  h.customer_id,
  h.ordered_at,
  h.status,
  h.channel,
  h.payment_method,
  h.voucher_code,
  'EUR' AS currency,
  s.subtotal AS subtotal_eur,
  -- Bikes ship free by freight forwarder; parcels are free from 50 EUR.
  CASE WHEN s.has_bike OR s.subtotal >= 50 THEN 0 ELSE 4.95 END AS shipping_fee_eur,
  s.subtotal + CASE WHEN s.has_bike OR s.subtotal >= 50 THEN 0 ELSE 4.95 END AS total_eur,
  coalesce(g.postal_code, c.postal_code) AS shipping_postal_code,
  coalesce(g.city, c.city) AS shipping_city,
  -- A few orders from the old checkout carry the country code in lower case.
  CASE WHEN rnd(h.order_id, 34) < 0.002 THEN lower(coalesce(g.country_code, c.country_code))
    ELSE coalesce(g.country_code, c.country_code) END AS shipping_country_code
FROM order_heads h
JOIN sums s USING (order_id)
JOIN customers c USING (customer_id)
LEFT JOIN ref_places g ON g.place_id = h.gift_place_id
ORDER BY h.order_id`;
}

function invoicesSql(): string {
  const anchor = `DATE '${DEMO_ANCHOR_DATE}'`;
  return `CREATE TABLE invoice_base AS
WITH shipped AS (
  SELECT o.order_id, o.order_number, o.customer_id, o.status, o.payment_method, o.total_eur, h.order_day,
    c.customer_number, c.first_name || ' ' || c.last_name AS customer_name,
    least(${anchor}, h.order_day + (1 + floor(rnd(o.order_id, 51) * 3))::INTEGER) AS invoice_date,
    CASE upper(o.shipping_country_code) WHEN 'AT' THEN 20 WHEN 'CH' THEN 0 ELSE 19 END AS vat_rate
  FROM orders o JOIN order_heads h USING (order_id) JOIN customers c ON c.customer_id = o.customer_id
  WHERE o.status IN ('shipped', 'delivered', 'returned')
)
SELECT *,
  -- German invoices are numbered without gaps per year.
  'RE-' || year(invoice_date)::VARCHAR || '-' || lpad(row_number() OVER (PARTITION BY year(invoice_date) ORDER BY invoice_date, order_id)::VARCHAR, 7, '0') AS invoice_number,
  round(total_eur * 100 / (100 + vat_rate), 2)::DECIMAL(12,2) AS net_amount
FROM shipped`;
}

function paymentBaseSql(): string {
  const anchor = `DATE '${DEMO_ANCHOR_DATE}'`;
  const banks = sqlList(FICTIONAL_BANK_CODES);
  return `CREATE TABLE payment_base AS
WITH accounts AS (
  -- Bank code, a ten-digit account number, and ISO 7064 check digits ('DE' = 13 14).
  SELECT customer_id, 'DE' || lpad((98 - (bban || '131400')::HUGEINT % 97)::VARCHAR, 2, '0') || bban AS iban
  FROM (SELECT customer_id, pick(${banks}, customer_id, 71) || digits(customer_id, 72, 10) AS bban FROM customers)
), due AS (
  SELECT i.*,
    CASE
      WHEN payment_method IN ('paypal', 'card', 'klarna') THEN order_day
      WHEN payment_method = 'sepa_debit' THEN invoice_date + 2
      WHEN rnd(order_id, 61) < 0.025 THEN NULL
      WHEN rnd(order_id, 61) < 0.085 THEN invoice_date + (31 + floor(rnd(order_id, 62) * 45))::INTEGER
      ELSE invoice_date + (3 + floor(rnd(order_id, 62) * 26))::INTEGER
    END AS pay_day,
    -- Some transfers arrive short of bank charges or a deducted discount; never by more
    -- than half, so that a payment is always more than zero (as the contract says).
    CASE WHEN payment_method = 'invoice' AND rnd(order_id, 63) < 0.01
      THEN total_eur - least(total_eur / 2, (50 + floor(rnd(order_id, 64) * 1450)) / 100)::DECIMAL(12,2)
      ELSE total_eur END AS paid_amount
  FROM invoice_base i
)
SELECT d.*, a.iban
FROM due d JOIN accounts a USING (customer_id)
WHERE d.pay_day IS NOT NULL AND d.pay_day <= ${anchor}`;
}

function paymentsSql(): string {
  return `INSERT INTO payments
SELECT
  row_number() OVER (ORDER BY pay_day, invoice_number) AS payment_id,
  -- A few transfers name no invoice the ERP could match; they stay unapplied.
  CASE WHEN payment_method = 'invoice' AND rnd(order_id, 65) < 0.003 THEN NULL ELSE invoice_number END AS invoice_number,
  pay_day AS paid_on,
  paid_amount AS amount_eur,
  CASE payment_method WHEN 'invoice' THEN 'bank_transfer' ELSE payment_method END AS method,
  CASE WHEN payment_method IN ('invoice', 'sepa_debit') THEN customer_name END AS payer_name,
  CASE WHEN payment_method IN ('invoice', 'sepa_debit') THEN iban END AS payer_iban,
  CASE payment_method
    WHEN 'invoice' THEN CASE WHEN rnd(order_id, 65) < 0.003 THEN 'Rechnung Fahrrad ' || customer_name ELSE invoice_number || ' ' || customer_number END
    WHEN 'sepa_debit' THEN 'SEPA-Lastschrift ' || invoice_number
    ELSE upper(payment_method) || ' ' || order_number
  END AS remittance_info
FROM payment_base
ORDER BY payment_id`;
}

function invoicesInsertSql(): string {
  const anchor = `DATE '${DEMO_ANCHOR_DATE}'`;
  return `INSERT INTO invoices
WITH paid AS (
  SELECT invoice_number, sum(amount_eur) AS paid FROM payments WHERE invoice_number IS NOT NULL GROUP BY invoice_number
)
SELECT
  i.invoice_number,
  i.order_number,
  i.customer_number,
  i.invoice_date,
  i.invoice_date + 14 AS due_date,
  CASE i.payment_method WHEN 'invoice' THEN 'net_14' WHEN 'sepa_debit' THEN 'sepa_direct_debit' ELSE 'prepaid' END AS payment_terms,
  'EUR' AS currency,
  i.net_amount AS net_amount_eur,
  i.vat_rate AS vat_rate_pct,
  i.total_eur - i.net_amount AS vat_amount_eur,
  i.total_eur AS gross_amount_eur,
  CASE
    WHEN i.status = 'returned' THEN 'credited'
    WHEN coalesce(p.paid, 0) >= i.total_eur THEN 'paid'
    WHEN i.invoice_date + 14 < ${anchor} THEN 'overdue'
    ELSE 'open'
  END AS status
FROM invoice_base i LEFT JOIN paid p USING (invoice_number)
ORDER BY i.invoice_number`;
}

function inventorySql(sizes: DemoDataSizes): string {
  const weeklyLines = (sizes.orders * AVERAGE_LINES_PER_ORDER) / 104;
  const warehouses = sqlValuesQuery(
    ['warehouse_code', 'product_group', 'stock_factor'],
    WAREHOUSES.flatMap((w) => w.stocks.map((g) => [w.code, g, w.code === 'ROS' ? 1 : 0.4])),
  );
  return `INSERT INTO inventory
WITH weeks AS (
  SELECT (date_trunc('week', DATE '${DEMO_ANCHOR_DATE}') - to_days((w * 7)::INTEGER))::DATE AS snapshot_date, w
  FROM range(104) AS r(w)
), stock AS (
  SELECT wk.snapshot_date, wh.warehouse_code, p.sku, p.product_id, p.unit_cost_eur,
    greatest(2, ${sqlNumber(weeklyLines)} * p.line_share * wh.stock_factor) AS weekly_units,
    hash(p.product_id, wh.warehouse_code, wk.w) AS k
  FROM weeks wk
  CROSS JOIN (${warehouses}) wh
  JOIN ref_products p ON p.product_group = wh.product_group AND p.is_active
)
SELECT snapshot_date, warehouse_code, sku,
  CASE WHEN rnd(k, 81) < 0.01 THEN 0 ELSE round(weekly_units * (1.5 + 3 * rnd(k, 82)))::INTEGER END AS on_hand_qty,
  round(weekly_units * 0.3 * rnd(k, 83))::INTEGER AS reserved_qty,
  round(weekly_units * 2)::INTEGER AS reorder_point,
  unit_cost_eur
FROM stock
ORDER BY snapshot_date, warehouse_code, sku`;
}

function productionOrdersSql(sizes: DemoDataSizes): string {
  const weeklyLines = (sizes.orders * AVERAGE_LINES_PER_ORDER) / 104;
  const anchor = `DATE '${DEMO_ANCHOR_DATE}'`;
  return `INSERT INTO production_orders
WITH weeks AS (
  -- From the first Monday of the order window to six weeks after the anchor.
  SELECT (date_trunc('week', DATE '${orderWindowStart()}') + to_days((7 + w * 7)::INTEGER))::DATE AS planned_start, w
  FROM range(0, 112) AS r(w)
), batches AS (
  SELECT wk.planned_start, p.sku, p.category,
    hash(p.product_id, wk.w) AS k,
    -- A batch every two weeks per model, alternating so the lines stay busy.
    greatest(5, round(${sqlNumber(weeklyLines)} * p.line_share * 2
      * ${sqlList([0.7, 0.8, 1.2, 1.4, 1.4, 1.2, 1.1, 0.9, 0.8, 0.7, 0.7, 0.8])}[month(wk.planned_start)]
      * (0.85 + 0.3 * rnd(hash(p.product_id, wk.w), 91)) / 5) * 5)::INTEGER AS planned_qty
  FROM weeks wk JOIN ref_products p ON p.product_group = 'bikes' AND p.is_active
  WHERE (wk.w + p.product_id) % 2 = 0 AND wk.planned_start <= ${anchor} + 42
), scheduled AS (
  SELECT *, planned_start + 4 AS planned_finish,
    CASE
      WHEN rnd(k, 92) < 0.02 AND planned_start <= ${anchor} THEN 'cancelled'
      WHEN planned_start > ${anchor} + 14 THEN 'planned'
      WHEN planned_start > ${anchor} THEN 'released'
      WHEN planned_start + 4 + floor(rnd(k, 93) ** 3 * 5)::INTEGER > ${anchor} THEN 'in_progress'
      ELSE 'completed'
    END AS status,
    floor(rnd(k, 94) * 0.03 * planned_qty)::INTEGER AS scrap
  FROM batches
)
SELECT
  'FA-' || year(planned_start)::VARCHAR || '-' || lpad(row_number() OVER (PARTITION BY year(planned_start) ORDER BY planned_start, sku)::VARCHAR, 5, '0') AS production_order_number,
  sku,
  CASE WHEN category LIKE 'e-%' THEN 'MONT-E' WHEN category = 'kids' THEN 'MONT-K' ELSE 'MONT-1' END AS work_center,
  planned_qty,
  CASE WHEN status = 'completed' THEN planned_qty - scrap END AS produced_qty,
  CASE WHEN status = 'completed' THEN scrap END AS scrap_qty,
  planned_start,
  planned_finish,
  CASE WHEN status = 'completed' THEN planned_finish + floor(rnd(k, 93) ** 3 * 5)::INTEGER END AS actual_finish,
  status
FROM scheduled
ORDER BY production_order_number`;
}

/** All statements, in order; afterwards the tables of {@link DEMO_TABLES} hold the data. */
export function demoDataStatements(sizes: DemoDataSizes): string[] {
  return [
    ...referenceSql(sizes),
    ...DEMO_TABLES.map(createTableSql),
    customersSql(sizes),
    productsSql(),
    orderHeadsSql(sizes),
    orderLinesSql(),
    ordersSql(),
    invoicesSql(),
    paymentBaseSql(),
    paymentsSql(),
    invoicesInsertSql(),
    inventorySql(sizes),
    productionOrdersSql(sizes),
    'DROP TABLE order_heads',
    'DROP TABLE invoice_base',
    'DROP TABLE payment_base',
  ];
}

export function copyToParquetSql(table: DemoTable, path: string): string {
  const order = table.primaryKey.map(sqlIdentifier).join(', ');
  return `COPY (SELECT * FROM ${sqlIdentifier(table.name)} ORDER BY ${order}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`;
}

export function copyToCsvSql(table: DemoTable, path: string): string {
  const order = table.primaryKey.map(sqlIdentifier).join(', ');
  return `COPY (SELECT * FROM ${sqlIdentifier(table.name)} ORDER BY ${order}) TO ${sqlString(path)} (FORMAT csv, HEADER true, DELIMITER ',')`;
}
