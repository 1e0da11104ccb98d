-- Marketing: newsletter audience. Input port: customer_360.

-- port: newsletter_audience
SELECT
  customer_number,
  email,
  first_name,
  last_name,
  country_code,
  segment,
  favourite_category,
  -- The tool personalises the greeting; German customers are addressed in German, also in AT and CH.
  'de' AS language
FROM customer_360
WHERE newsletter_opt_in
  AND overdue_invoice_count = 0
  AND segment <> 'dormant'
ORDER BY customer_number
