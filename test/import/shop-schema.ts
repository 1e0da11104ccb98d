/**
 * The related tables the import tests read from a real PostgreSQL and MariaDB: a
 * composite primary key and a composite foreign key (orders → order_lines), a
 * multi-column unique key, a single-column unique, comments, a view, a foreign key into
 * another schema (PostgreSQL), and names that need quoting (capitals, spaces, quotes).
 * The rows keep every constraint, so `meshwork test` on the imported contracts passes.
 */
export const PG_SHOP = `
CREATE SCHEMA ref;
CREATE TABLE ref.countries (code char(2) PRIMARY KEY, name text NOT NULL);
INSERT INTO ref.countries VALUES ('DE', 'Deutschland'), ('AT', 'Österreich');

CREATE TABLE customers (
  customer_id bigint PRIMARY KEY,
  email varchar(200) NOT NULL UNIQUE,
  "Full Name" text,
  country char(2) REFERENCES ref.countries (code),
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE customers IS 'One row per customer of the webshop.';
COMMENT ON COLUMN customers.email IS 'Login e-mail address.';
CREATE UNIQUE INDEX customers_lower_email ON customers (lower(email));
INSERT INTO customers (customer_id, email, "Full Name", country) VALUES
  (1, 'anna@example.org', 'Anna Muster', 'DE'), (2, 'ben@example.org', NULL, 'AT');

CREATE TABLE orders (
  shop_id smallint NOT NULL,
  order_id integer NOT NULL,
  customer_id bigint NOT NULL REFERENCES customers (customer_id),
  ordered_on date NOT NULL,
  total numeric(12,2),
  PRIMARY KEY (shop_id, order_id)
);
COMMENT ON COLUMN orders.total IS 'Gross total in EUR.';
INSERT INTO orders VALUES (1, 100, 1, '2026-01-02', 250.00), (1, 101, 2, '2026-01-03', 20.50),
  (2, 100, 1, '2026-01-04', NULL);

CREATE TABLE order_lines (
  shop_id smallint NOT NULL,
  order_id integer NOT NULL,
  line_no integer NOT NULL,
  sku varchar(20) NOT NULL,
  quantity integer NOT NULL,
  PRIMARY KEY (shop_id, order_id, line_no),
  FOREIGN KEY (shop_id, order_id) REFERENCES orders (shop_id, order_id),
  UNIQUE (shop_id, order_id, sku)
);
INSERT INTO order_lines VALUES (1, 100, 1, 'AB-1', 2), (1, 100, 2, 'AB-2', 1), (2, 100, 1, 'AB-1', 5);

CREATE TABLE "Odd ""Quoted"" Table" (
  "Weird ID" integer PRIMARY KEY,
  "quote""d col" text,
  "CamelCase" boolean NOT NULL,
  customer_ref bigint REFERENCES customers (customer_id)
);
INSERT INTO "Odd ""Quoted"" Table" VALUES (1, 'x', true, 1), (2, NULL, false, NULL);

CREATE VIEW big_orders AS SELECT shop_id, order_id, total FROM orders WHERE total > 100;
COMMENT ON VIEW big_orders IS 'Orders above 100 EUR.';
ANALYZE;
`;

export const MYSQL_SHOP = [
  `CREATE TABLE customers (
     customer_id bigint PRIMARY KEY,
     email varchar(200) NOT NULL UNIQUE COMMENT 'Login e-mail address.',
     \`Full Name\` text,
     created_at datetime NOT NULL,
     active tinyint(1) NOT NULL DEFAULT 1,
     KEY email_prefix (email(10))
   ) COMMENT 'One row per customer of the webshop.'`,
  `CREATE TABLE orders (
     shop_id smallint NOT NULL,
     order_id int NOT NULL,
     customer_id bigint NOT NULL,
     ordered_on date NOT NULL,
     total decimal(12,2) COMMENT 'Gross total in EUR.',
     PRIMARY KEY (shop_id, order_id),
     CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (customer_id)
   )`,
  `CREATE TABLE order_lines (
     shop_id smallint NOT NULL,
     order_id int NOT NULL,
     line_no int NOT NULL,
     sku varchar(20) NOT NULL,
     quantity int NOT NULL,
     PRIMARY KEY (shop_id, order_id, line_no),
     UNIQUE KEY line_sku (shop_id, order_id, sku),
     UNIQUE KEY sku_prefix (sku(3), line_no),
     CONSTRAINT lines_order FOREIGN KEY (shop_id, order_id) REFERENCES orders (shop_id, order_id)
   )`,
  `CREATE VIEW big_orders AS SELECT shop_id, order_id, total FROM orders WHERE total > 100`,
  `INSERT INTO customers VALUES (1, 'anna@example.org', 'Anna Muster', '2026-01-01 10:00:00', 1),
     (2, 'ben@example.org', NULL, '2026-01-02 11:00:00', 0)`,
  `INSERT INTO orders VALUES (1, 100, 1, '2026-01-02', 250.00), (1, 101, 2, '2026-01-03', 20.50)`,
  `INSERT INTO order_lines VALUES (1, 100, 1, 'AB-1', 2), (1, 100, 2, 'AB-2', 1)`,
];
