/**
 * The tables the demo data generator writes, with their columns in output order. One source
 * of truth for the DuckDB tables, the PostgreSQL dump, the Parquet and CSV files; the ODCS
 * contracts under examples/alpine-bikes/sources describe the same columns.
 */

export interface DemoColumn {
  readonly name: string;
  /** DuckDB type: what Parquet files and CSV readers see. */
  readonly type: string;
  /** PostgreSQL type in the webshop dump. */
  readonly pgType: string;
  readonly nullable?: boolean;
}

export interface DemoForeignKey {
  readonly column: string;
  readonly table: string;
  readonly references: string;
}

export interface DemoTable {
  readonly name: string;
  readonly system: 'webshop' | 'erp';
  readonly columns: readonly DemoColumn[];
  /** Also the output row order. */
  readonly primaryKey: readonly string[];
  readonly unique?: readonly string[];
  readonly foreignKeys?: readonly DemoForeignKey[];
}

const col = (name: string, type: string, pgType: string, nullable = false): DemoColumn =>
  nullable ? { name, type, pgType, nullable } : { name, type, pgType };

export const WEBSHOP_TABLES: readonly DemoTable[] = [
  {
    name: 'customers',
    system: 'webshop',
    columns: [
      col('customer_id', 'INTEGER', 'integer'),
      col('customer_number', 'VARCHAR', 'varchar(12)'),
      col('first_name', 'VARCHAR', 'varchar(80)'),
      col('last_name', 'VARCHAR', 'varchar(80)'),
      col('email', 'VARCHAR', 'varchar(254)'),
      col('phone', 'VARCHAR', 'varchar(30)', true),
      col('birth_date', 'DATE', 'date', true),
      col('street', 'VARCHAR', 'varchar(120)'),
      col('postal_code', 'VARCHAR', 'varchar(10)'),
      col('city', 'VARCHAR', 'varchar(80)'),
      col('country_code', 'VARCHAR', 'char(2)'),
      col('newsletter_opt_in', 'BOOLEAN', 'boolean'),
      col('created_at', 'TIMESTAMP WITH TIME ZONE', 'timestamptz'),
    ],
    primaryKey: ['customer_id'],
    unique: ['customer_number', 'email'],
  },
  {
    name: 'products',
    system: 'webshop',
    columns: [
      col('product_id', 'INTEGER', 'integer'),
      col('sku', 'VARCHAR', 'varchar(20)'),
      col('name', 'VARCHAR', 'varchar(120)'),
      col('product_group', 'VARCHAR', 'varchar(20)'),
      col('category', 'VARCHAR', 'varchar(30)'),
      col('list_price_eur', 'DECIMAL(10,2)', 'numeric(10,2)'),
      col('is_active', 'BOOLEAN', 'boolean'),
      col('launched_on', 'DATE', 'date'),
    ],
    primaryKey: ['product_id'],
    unique: ['sku'],
  },
  {
    name: 'orders',
    system: 'webshop',
    columns: [
      col('order_id', 'BIGINT', 'bigint'),
      col('order_number', 'VARCHAR', 'varchar(12)'),
      col('customer_id', 'INTEGER', 'integer'),
      col('ordered_at', 'TIMESTAMP WITH TIME ZONE', 'timestamptz'),
      col('status', 'VARCHAR', 'varchar(20)'),
      col('channel', 'VARCHAR', 'varchar(20)'),
      col('payment_method', 'VARCHAR', 'varchar(20)'),
      col('voucher_code', 'VARCHAR', 'varchar(20)', true),
      col('currency', 'VARCHAR', 'char(3)'),
      col('subtotal_eur', 'DECIMAL(12,2)', 'numeric(12,2)'),
      col('shipping_fee_eur', 'DECIMAL(8,2)', 'numeric(8,2)'),
      col('total_eur', 'DECIMAL(12,2)', 'numeric(12,2)'),
      col('shipping_postal_code', 'VARCHAR', 'varchar(10)'),
      col('shipping_city', 'VARCHAR', 'varchar(80)'),
      col('shipping_country_code', 'VARCHAR', 'char(2)'),
    ],
    primaryKey: ['order_id'],
    unique: ['order_number'],
    foreignKeys: [{ column: 'customer_id', table: 'customers', references: 'customer_id' }],
  },
  {
    name: 'order_lines',
    system: 'webshop',
    columns: [
      col('order_line_id', 'BIGINT', 'bigint'),
      col('order_id', 'BIGINT', 'bigint'),
      col('line_number', 'INTEGER', 'integer'),
      col('product_id', 'INTEGER', 'integer'),
      col('quantity', 'INTEGER', 'integer'),
      col('unit_price_eur', 'DECIMAL(10,2)', 'numeric(10,2)'),
      col('discount_pct', 'DECIMAL(5,2)', 'numeric(5,2)'),
      col('line_amount_eur', 'DECIMAL(12,2)', 'numeric(12,2)'),
    ],
    primaryKey: ['order_line_id'],
    foreignKeys: [
      { column: 'order_id', table: 'orders', references: 'order_id' },
      { column: 'product_id', table: 'products', references: 'product_id' },
    ],
  },
];

export const ERP_TABLES: readonly DemoTable[] = [
  {
    name: 'invoices',
    system: 'erp',
    columns: [
      col('invoice_number', 'VARCHAR', 'varchar(16)'),
      col('order_number', 'VARCHAR', 'varchar(12)'),
      col('customer_number', 'VARCHAR', 'varchar(12)'),
      col('invoice_date', 'DATE', 'date'),
      col('due_date', 'DATE', 'date'),
      col('payment_terms', 'VARCHAR', 'varchar(20)'),
      col('currency', 'VARCHAR', 'char(3)'),
      col('net_amount_eur', 'DECIMAL(12,2)', 'numeric(12,2)'),
      col('vat_rate_pct', 'DECIMAL(4,1)', 'numeric(4,1)'),
      col('vat_amount_eur', 'DECIMAL(12,2)', 'numeric(12,2)'),
      col('gross_amount_eur', 'DECIMAL(12,2)', 'numeric(12,2)'),
      col('status', 'VARCHAR', 'varchar(12)'),
    ],
    primaryKey: ['invoice_number'],
  },
  {
    name: 'payments',
    system: 'erp',
    columns: [
      col('payment_id', 'BIGINT', 'bigint'),
      col('invoice_number', 'VARCHAR', 'varchar(16)', true),
      col('paid_on', 'DATE', 'date'),
      col('amount_eur', 'DECIMAL(12,2)', 'numeric(12,2)'),
      col('method', 'VARCHAR', 'varchar(20)'),
      col('payer_name', 'VARCHAR', 'varchar(160)', true),
      col('payer_iban', 'VARCHAR', 'varchar(34)', true),
      col('remittance_info', 'VARCHAR', 'varchar(140)', true),
    ],
    primaryKey: ['payment_id'],
  },
  {
    name: 'inventory',
    system: 'erp',
    columns: [
      col('snapshot_date', 'DATE', 'date'),
      col('warehouse_code', 'VARCHAR', 'varchar(3)'),
      col('sku', 'VARCHAR', 'varchar(20)'),
      col('on_hand_qty', 'INTEGER', 'integer'),
      col('reserved_qty', 'INTEGER', 'integer'),
      col('reorder_point', 'INTEGER', 'integer'),
      col('unit_cost_eur', 'DECIMAL(10,2)', 'numeric(10,2)'),
    ],
    primaryKey: ['snapshot_date', 'warehouse_code', 'sku'],
  },
  {
    name: 'production_orders',
    system: 'erp',
    columns: [
      col('production_order_number', 'VARCHAR', 'varchar(14)'),
      col('sku', 'VARCHAR', 'varchar(20)'),
      col('work_center', 'VARCHAR', 'varchar(10)'),
      col('planned_qty', 'INTEGER', 'integer'),
      col('produced_qty', 'INTEGER', 'integer', true),
      col('scrap_qty', 'INTEGER', 'integer', true),
      col('planned_start', 'DATE', 'date'),
      col('planned_finish', 'DATE', 'date'),
      col('actual_finish', 'DATE', 'date', true),
      col('status', 'VARCHAR', 'varchar(12)'),
    ],
    primaryKey: ['production_order_number'],
  },
];

export const DEMO_TABLES: readonly DemoTable[] = [...WEBSHOP_TABLES, ...ERP_TABLES];
