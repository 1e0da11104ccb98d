import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * A customer of the built Alpine Bikes demo and an independent reading of where they are,
 * for the data subject request tests: not Meshwork's search, but every current snapshot
 * read by the column names the demo uses for a customer and their orders and invoices.
 */
export interface DemoPerson {
  readonly email: string;
  readonly id: string;
  readonly number: string;
  /** Their orders' ids, from the webshop's own table (data/webshop/orders.parquet). */
  readonly orderIds: readonly string[];
  /** Their invoices' numbers, from the ERP's export (data/erp/invoices.csv). */
  readonly invoiceNumbers: readonly string[];
}

/** Every current snapshot file of the built warehouse, relative to the mesh root. */
export function snapshotFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.name === 'current') {
        for (const file of readdirSync(path)) out.push(relative(root, join(path, file)));
      } else if (entry.isDirectory() && !entry.name.startsWith('.') && !/^\d{8}T/.test(entry.name))
        walk(path);
    }
  };
  walk(join(root, '.meshwork', 'warehouse'));
  return out.sort();
}

const literal = (path: string): string => `'${path.replaceAll("'", "''")}'`;

/**
 * The customer with the most orders among those with an open invoice — so that finance
 * holds them too, and the search follows as many linked identifiers as the demo has.
 */
export async function busiestCustomerWithOpenInvoice(
  connection: DuckDBConnection,
  root: string,
): Promise<DemoPerson> {
  const files = snapshotFiles(root);
  const customers = literal(
    join(
      root,
      files.find((f) => f.includes('sales-customers'))!,
    ),
  );
  const receivables = literal(
    join(
      root,
      files.find((f) => f.includes('finance-receivables'))!,
    ),
  );
  const orders = literal(join(root, 'data', 'webshop', 'orders.parquet'));
  const invoices = literal(join(root, 'data', 'erp', 'invoices.csv'));
  const [email, id, number] = (
    await connection.runAndReadAll(
      `SELECT c.email, CAST(c.customer_id AS VARCHAR), c.customer_number
       FROM read_parquet(${customers}) c
       JOIN (SELECT customer_id, count(*) AS n FROM read_parquet(${orders}) GROUP BY 1) o USING (customer_id)
       WHERE c.customer_number IN (SELECT customer_number FROM read_parquet(${receivables}))
       ORDER BY o.n DESC, c.customer_id LIMIT 1`,
    )
  ).getRows()[0] as [string, string, string];
  const column = async (sql: string): Promise<string[]> =>
    (await connection.runAndReadAll(sql)).getRows().map((r) => String(r[0]));
  return {
    email,
    id,
    number,
    orderIds: await column(
      `SELECT CAST(order_id AS VARCHAR) FROM read_parquet(${orders}) WHERE CAST(customer_id AS VARCHAR) = '${id}' ORDER BY 1`,
    ),
    invoiceNumbers: await column(
      `SELECT invoice_number FROM read_csv(${invoices}, all_varchar = true)
       WHERE lower(trim(customer_number)) = '${number.toLowerCase()}' ORDER BY 1`,
    ),
  };
}

/**
 * The ports (`product/port`) whose current snapshot holds a row of the person by any of
 * their identifiers: e-mail, customer id or number, an order id or an invoice number.
 */
export async function portsHolding(
  connection: DuckDBConnection,
  root: string,
  person: DemoPerson,
): Promise<string[]> {
  const list = (values: readonly string[]): string =>
    values.map((v) => `'${v.toLowerCase().replaceAll("'", "''")}'`).join(', ');
  const found: string[] = [];
  for (const file of snapshotFiles(root)) {
    const path = literal(join(root, file));
    const columns = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${path})`))
      .getRows()
      .map((r) => String(r[0]));
    const text = (column: string): string => `lower(trim(CAST(${column} AS VARCHAR)))`;
    const tests = [
      columns.includes('email') ? `${text('email')} = ${list([person.email])}` : undefined,
      columns.includes('customer_id') ? `${text('customer_id')} = ${list([person.id])}` : undefined,
      columns.includes('customer_number')
        ? `${text('customer_number')} = ${list([person.number])}`
        : undefined,
      columns.includes('order_id') && person.orderIds.length > 0
        ? `${text('order_id')} IN (${list(person.orderIds)})`
        : undefined,
      columns.includes('invoice_number') && person.invoiceNumbers.length > 0
        ? `${text('invoice_number')} IN (${list(person.invoiceNumbers)})`
        : undefined,
    ].filter((t) => t !== undefined);
    if (tests.length === 0) continue;
    const count = (
      await connection.runAndReadAll(
        `SELECT count(*) FROM read_parquet(${path}) WHERE ${tests.join(' OR ')}`,
      )
    ).getRows()[0]![0];
    if (Number(count) > 0) found.push(file.split('/').slice(3, 5).join('/'));
  }
  return found;
}
