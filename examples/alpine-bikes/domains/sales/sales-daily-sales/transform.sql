-- Sales: daily sales. Input ports: orders, order_lines, products (all from the sales domain).

-- port: daily_sales
SELECT
  o.order_date,
  p.sku,
  p.product_group,
  p.category,
  o.channel,
  CAST(count(DISTINCT o.order_id) AS INTEGER) AS order_count,
  CAST(sum(l.quantity) AS INTEGER) AS units,
  CAST(coalesce(sum(l.quantity) FILTER (WHERE o.status = 'returned'), 0) AS INTEGER) AS returned_units,
  CAST(sum(l.line_amount_eur) AS DECIMAL(14,2)) AS revenue_eur,
  CAST(sum(l.quantity * l.unit_price_eur) - sum(l.line_amount_eur) AS DECIMAL(14,2)) AS discount_eur
FROM orders o
JOIN order_lines l ON l.order_id = o.order_id
JOIN products p ON p.product_id = l.product_id
WHERE o.status <> 'cancelled'
GROUP BY o.order_date, p.sku, p.product_group, p.category, o.channel
ORDER BY o.order_date, p.sku, o.channel
