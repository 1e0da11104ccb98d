import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { locateSubject } from '../src/app/privacy/dsr/locate-subject.ts';
import { createDsrMesh } from '../test/privacy/dsr-mesh.ts';

const ROWS = Number(process.env.MESHWORK_BENCH_DSR_ROWS ?? 5_000_000);

/**
 * `dsr find` on two port snapshots of `ROWS` rows each (customers: e-mail, customer id and
 * number; orders: customer number only, found through the link), against the baseline
 * measured in the same run: one normalised scan (`lower(trim(…))`) of each snapshot — what
 * any search that compares identifiers trimmed and case-blind must at least read.
 */
export async function benchDsrFind(): Promise<void> {
  const mesh = await createDsrMesh();
  try {
    const started = performance.now();
    await mesh.snapshot(
      'customer-master',
      'customers',
      'customers',
      `SELECT i AS customer_id, 'K-' || lpad(CAST(i AS VARCHAR), 8, '0') AS customer_number, 'user' || i || '@example.com' AS email, 'Name ' || i AS name FROM range(${ROWS}) t(i)`,
    );
    await mesh.snapshot(
      'order-history',
      'orders',
      'orders',
      `SELECT i AS order_id, 'K-' || lpad(CAST(i % ${ROWS} AS VARCHAR), 8, '0') AS customer_number, 1.0 AS amount FROM range(${ROWS}) t(i)`,
    );
    console.log(
      `generated 2 × ${ROWS.toLocaleString('en')} rows of Parquet in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const model = await mesh.model();
    const t0 = performance.now();
    const location = await locateSubject({
      meshRoot: mesh.root,
      model,
      subject: { kind: 'email', value: 'user4711@example.com' },
      env: {},
    });
    const find = performance.now() - t0;
    const files = location.searched.flatMap((m) =>
      m.read.kind === 'snapshot' ? [join(mesh.root, m.read.file)] : [],
    );
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const t1 = performance.now();
    for (const file of files)
      await connection.runAndReadAll(
        `SELECT count(*) FROM read_parquet('${file.replaceAll("'", "''")}') WHERE lower(trim(CAST(customer_number AS VARCHAR))) = 'k-00004711'`,
      );
    const baseline = performance.now() - t1;
    connection.closeSync();
    instance.closeSync();
    console.log(
      `found in ${location.matches.map((m) => `${m.contract} (${m.rows})`).join(', ')} in ${location.rounds} rounds`,
    );
    console.log(
      `dsr find ${(find / 1000).toFixed(1)} s, one normalised scan per snapshot ${(baseline / 1000).toFixed(1)} s, ratio ${(find / baseline).toFixed(1)}`,
    );
  } finally {
    mesh.remove();
  }
}
