-- Sales: customers. Input port: webshop_customers (the webshop's customers table).

-- port: customers
SELECT
  CAST(customer_id AS INTEGER) AS customer_id,
  customer_number,
  trim(first_name) AS first_name,
  trim(last_name) AS last_name,
  -- The shop keeps e-mail addresses as typed; they are case-insensitive.
  lower(trim(email)) AS email,
  nullif(trim(phone), '') AS phone,
  CAST(birth_date AS DATE) AS birth_date,
  trim(street) AS street,
  postal_code,
  city,
  upper(country_code) AS country_code,
  newsletter_opt_in,
  CAST(created_at AS TIMESTAMP WITH TIME ZONE) AS registered_at
FROM webshop_customers
ORDER BY customer_id
