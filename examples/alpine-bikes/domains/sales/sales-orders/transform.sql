-- Sales: orders. Input ports: webshop_orders, webshop_order_lines.

-- port: orders
WITH line_totals AS (
  SELECT order_id, count(*) AS line_count, sum(quantity) AS units
  FROM webshop_order_lines
  GROUP BY order_id
)
SELECT
  CAST(o.order_id AS BIGINT) AS order_id,
  o.order_number,
  CAST(o.customer_id AS INTEGER) AS customer_id,
  CAST(o.ordered_at AS TIMESTAMP WITH TIME ZONE) AS ordered_at,
  -- The business day is the day in Rosenheim, not in UTC.
  CAST(timezone('Europe/Berlin', CAST(o.ordered_at AS TIMESTAMP WITH TIME ZONE)) AS DATE) AS order_date,
  o.status,
  o.channel,
  o.payment_method,
  o.voucher_code,
  CAST(o.subtotal_eur AS DECIMAL(12,2)) AS subtotal_eur,
  CAST(o.shipping_fee_eur AS DECIMAL(8,2)) AS shipping_fee_eur,
  CAST(o.total_eur AS DECIMAL(12,2)) AS total_eur,
  CAST(coalesce(t.line_count, 0) AS INTEGER) AS line_count,
  CAST(coalesce(t.units, 0) AS INTEGER) AS units,
  o.shipping_postal_code,
  o.shipping_city,
  -- The old checkout stored some country codes in lower case.
  upper(o.shipping_country_code) AS shipping_country_code
FROM webshop_orders o
LEFT JOIN line_totals t USING (order_id)
ORDER BY o.order_id;

-- port: order_lines
SELECT
  CAST(order_line_id AS BIGINT) AS order_line_id,
  CAST(order_id AS BIGINT) AS order_id,
  CAST(line_number AS INTEGER) AS line_number,
  CAST(product_id AS INTEGER) AS product_id,
  CAST(quantity AS INTEGER) AS quantity,
  CAST(unit_price_eur AS DECIMAL(10,2)) AS unit_price_eur,
  CAST(discount_pct AS DECIMAL(5,2)) AS discount_pct,
  CAST(line_amount_eur AS DECIMAL(12,2)) AS line_amount_eur
FROM webshop_order_lines
ORDER BY order_line_id;
