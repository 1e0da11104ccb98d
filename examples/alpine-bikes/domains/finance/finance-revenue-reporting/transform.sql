-- Finance: monthly revenue. Input ports: orders, order_lines, products (sales domain) and
-- invoices (finance). Revenue is recognised on the invoice date; VAT follows the invoice.

-- port: monthly_revenue
WITH invoiced AS (
  SELECT
    CAST(date_trunc('month', i.invoice_date) AS DATE) AS month,
    o.order_id,
    o.shipping_country_code AS country_code,
    o.shipping_fee_eur,
    i.invoice_number,
    i.vat_rate_pct,
    i.status = 'credited' AS credited
  FROM invoices i
  JOIN orders o ON o.order_number = i.order_number
),
revenue_lines AS (
  SELECT v.month, v.country_code, p.product_group, v.invoice_number, v.vat_rate_pct, v.credited,
    l.line_amount_eur AS gross_eur
  FROM invoiced v
  JOIN order_lines l ON l.order_id = v.order_id
  JOIN products p ON p.product_id = l.product_id
  UNION ALL
  SELECT month, country_code, 'shipping', invoice_number, vat_rate_pct, credited, shipping_fee_eur
  FROM invoiced
  WHERE shipping_fee_eur > 0
),
with_net AS (
  SELECT *, round(gross_eur * 100 / (100 + vat_rate_pct), 2) AS net_eur FROM revenue_lines
)
SELECT
  month,
  product_group,
  country_code,
  CAST(count(DISTINCT invoice_number) AS INTEGER) AS invoice_count,
  CAST(sum(gross_eur) AS DECIMAL(14,2)) AS gross_revenue_eur,
  CAST(sum(net_eur) AS DECIMAL(14,2)) AS net_revenue_eur,
  CAST(coalesce(sum(net_eur) FILTER (WHERE credited), 0) AS DECIMAL(14,2)) AS credited_net_eur,
  CAST(sum(net_eur) - coalesce(sum(net_eur) FILTER (WHERE credited), 0) AS DECIMAL(14,2)) AS net_revenue_after_credits_eur
FROM with_net
GROUP BY month, product_group, country_code
ORDER BY month, product_group, country_code
