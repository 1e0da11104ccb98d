-- Finance: invoices and payments. Input ports: erp_invoices, erp_payments (ERP CSV exports,
-- whose amounts the CSV reader sees as floating point: cast them back to decimals).

-- port: invoices
SELECT
  invoice_number,
  order_number,
  customer_number,
  CAST(invoice_date AS DATE) AS invoice_date,
  CAST(due_date AS DATE) AS due_date,
  payment_terms,
  currency,
  CAST(net_amount_eur AS DECIMAL(12,2)) AS net_amount_eur,
  CAST(vat_rate_pct AS DECIMAL(4,1)) AS vat_rate_pct,
  CAST(vat_amount_eur AS DECIMAL(12,2)) AS vat_amount_eur,
  CAST(gross_amount_eur AS DECIMAL(12,2)) AS gross_amount_eur,
  status
FROM erp_invoices
ORDER BY invoice_number;

-- port: payments
SELECT
  CAST(payment_id AS BIGINT) AS payment_id,
  nullif(trim(CAST(invoice_number AS VARCHAR)), '') AS invoice_number,
  CAST(paid_on AS DATE) AS paid_on,
  CAST(amount_eur AS DECIMAL(12,2)) AS amount_eur,
  method,
  CAST(payer_name AS VARCHAR) AS payer_name,
  CAST(payer_iban AS VARCHAR) AS payer_iban
FROM erp_payments
ORDER BY payment_id;
