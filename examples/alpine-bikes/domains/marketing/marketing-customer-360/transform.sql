-- Marketing: customer 360. Input ports: customers, orders, order_lines, products (sales) and
-- open_receivables (finance). "Today" is the last order day in the data, not the wall clock.

-- port: customer_360
WITH as_of AS (
  SELECT max(order_date) AS as_of_date FROM orders
),
history AS (
  SELECT
    customer_id,
    min(order_date) AS first_order_date,
    max(order_date) AS last_order_date,
    count(*) AS order_count,
    count(*) FILTER (WHERE status = 'returned') AS returned_order_count,
    sum(total_eur) FILTER (WHERE status NOT IN ('returned', 'cancelled')) AS lifetime_revenue_eur
  FROM orders
  WHERE status <> 'cancelled'
  GROUP BY customer_id
),
category_revenue AS (
  SELECT o.customer_id, p.category, sum(l.line_amount_eur) AS revenue
  FROM orders o
  JOIN order_lines l ON l.order_id = o.order_id
  JOIN products p ON p.product_id = l.product_id
  WHERE o.status NOT IN ('returned', 'cancelled')
  GROUP BY o.customer_id, p.category
),
favourite AS (
  SELECT customer_id, arg_max(category, (revenue, category)) AS favourite_category
  FROM category_revenue
  GROUP BY customer_id
),
balances AS (
  SELECT customer_number, sum(open_amount_eur) AS open_balance_eur,
    count(*) FILTER (WHERE days_overdue > 0) AS overdue_invoice_count
  FROM open_receivables
  GROUP BY customer_number
),
combined AS (
  SELECT
    c.*,
    a.as_of_date,
    h.first_order_date,
    h.last_order_date,
    coalesce(h.order_count, 0) AS order_count,
    coalesce(h.returned_order_count, 0) AS returned_order_count,
    coalesce(h.lifetime_revenue_eur, 0) AS lifetime_revenue_eur,
    f.favourite_category,
    coalesce(b.open_balance_eur, 0) AS open_balance_eur,
    coalesce(b.overdue_invoice_count, 0) AS overdue_invoice_count,
    a.as_of_date - h.last_order_date AS days_since_last_order,
    date_diff('year', c.birth_date, a.as_of_date) AS age
  FROM customers c
  CROSS JOIN as_of a
  LEFT JOIN history h USING (customer_id)
  LEFT JOIN favourite f USING (customer_id)
  LEFT JOIN balances b USING (customer_number)
)
SELECT
  customer_id,
  customer_number,
  first_name,
  last_name,
  email,
  postal_code,
  city,
  country_code,
  -- Data minimisation: a band is enough for marketing, the date of birth stays in sales.
  CASE
    WHEN age IS NULL THEN NULL
    WHEN age < 25 THEN '18-24'
    WHEN age < 35 THEN '25-34'
    WHEN age < 45 THEN '35-44'
    WHEN age < 55 THEN '45-54'
    WHEN age < 65 THEN '55-64'
    ELSE '65+'
  END AS age_band,
  newsletter_opt_in,
  registered_at,
  first_order_date,
  last_order_date,
  CAST(order_count AS INTEGER) AS order_count,
  CAST(returned_order_count AS INTEGER) AS returned_order_count,
  CAST(lifetime_revenue_eur AS DECIMAL(14,2)) AS lifetime_revenue_eur,
  CAST(CASE WHEN order_count > 0 THEN lifetime_revenue_eur / order_count END AS DECIMAL(12,2)) AS average_order_value_eur,
  favourite_category,
  CAST(open_balance_eur AS DECIMAL(12,2)) AS open_balance_eur,
  CAST(overdue_invoice_count AS INTEGER) AS overdue_invoice_count,
  CAST(days_since_last_order AS INTEGER) AS days_since_last_order,
  CASE
    WHEN order_count = 0 THEN 'prospect'
    WHEN days_since_last_order > 540 THEN 'dormant'
    WHEN order_count >= 4 AND lifetime_revenue_eur >= 3000 AND days_since_last_order <= 180 THEN 'champion'
    WHEN order_count >= 3 AND days_since_last_order <= 365 THEN 'loyal'
    WHEN first_order_date > as_of_date - 90 THEN 'new'
    WHEN days_since_last_order > 270 THEN 'at_risk'
    ELSE 'occasional'
  END AS segment,
  as_of_date
FROM combined
ORDER BY customer_id
