-- Sales: product catalogue. Input port: webshop_products.

-- port: products
SELECT
  CAST(product_id AS INTEGER) AS product_id,
  sku,
  name AS product_name,
  product_group,
  category,
  CAST(list_price_eur AS DECIMAL(10,2)) AS list_price_eur,
  is_active,
  CAST(launched_on AS DATE) AS launched_on
FROM webshop_products
ORDER BY product_id
