-- Finance: open receivables. Input ports: invoices, payments (finance-invoices).
-- "Today" is the last invoice day in the data, so a rebuild of old data gives old answers.

-- port: open_receivables
WITH as_of AS (
  SELECT max(invoice_date) AS as_of_date FROM invoices
),
paid AS (
  SELECT invoice_number, sum(amount_eur) AS paid_amount_eur
  FROM payments
  WHERE invoice_number IS NOT NULL
  GROUP BY invoice_number
),
open_items AS (
  SELECT
    a.as_of_date,
    i.invoice_number,
    i.customer_number,
    i.invoice_date,
    i.due_date,
    i.gross_amount_eur,
    coalesce(p.paid_amount_eur, 0) AS paid_amount_eur,
    i.gross_amount_eur - coalesce(p.paid_amount_eur, 0) AS open_amount_eur,
    greatest(a.as_of_date - i.due_date, 0) AS days_overdue
  FROM invoices i
  CROSS JOIN as_of a
  LEFT JOIN paid p USING (invoice_number)
  WHERE i.status <> 'credited'
    AND i.gross_amount_eur - coalesce(p.paid_amount_eur, 0) > 0
)
SELECT
  as_of_date,
  invoice_number,
  customer_number,
  invoice_date,
  due_date,
  CAST(gross_amount_eur AS DECIMAL(12,2)) AS gross_amount_eur,
  CAST(paid_amount_eur AS DECIMAL(12,2)) AS paid_amount_eur,
  CAST(open_amount_eur AS DECIMAL(12,2)) AS open_amount_eur,
  CAST(days_overdue AS INTEGER) AS days_overdue,
  CASE
    WHEN days_overdue = 0 THEN 'not_due'
    WHEN days_overdue <= 30 THEN '1-30'
    WHEN days_overdue <= 60 THEN '31-60'
    WHEN days_overdue <= 90 THEN '61-90'
    ELSE '90+'
  END AS ageing_bucket,
  -- Reminder after 7 days, first dunning after 21, final dunning after 35 (then collection).
  CAST(CASE
    WHEN days_overdue > 35 THEN 3
    WHEN days_overdue > 21 THEN 2
    WHEN days_overdue > 7 THEN 1
    ELSE 0
  END AS INTEGER) AS dunning_level
FROM open_items
ORDER BY invoice_number
