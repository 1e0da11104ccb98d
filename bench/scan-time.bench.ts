import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { scanTarget } from '../src/app/privacy/scan/index.ts';
import { classifyColumn } from '../src/core/privacy/scan/classify.ts';

const ROWS = Number(process.env.MESHWORK_BENCH_SCAN_ROWS ?? 10_000_000);
/** Generated once and kept: the data is the same for every run of this benchmark. */
const CACHE = join(tmpdir(), 'meshwork-bench-scan');

/** Ten columns a customer table might have, six of them personal, all of them varied. */
function rowsSql(rows: number): string {
  return `SELECT range AS kunden_id,
    'kunde' || range || '@beispiel.de' AS email,
    '+49 30 ' || lpad(CAST(range % 10000000 AS VARCHAR), 7, '0') AS telefon,
    'DE' || lpad(CAST(range % 97 AS VARCHAR), 2, '0') || lpad(CAST(range AS VARCHAR), 18, '0') AS iban,
    (['Anna', 'Lukas', 'Marie', 'Jonas', 'Sophie', 'Felix'])[1 + range % 6] || ' ' ||
      (['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer'])[1 + (range // 6) % 6] AS name,
    DATE '1950-01-01' + CAST(range % 20000 AS INTEGER) AS geburtsdatum,
    (['Hauptstraße', 'Bahnhofstr.', 'Gartenweg', 'Am Markt'])[1 + range % 4] || ' ' || (1 + range % 120) AS strasse,
    CAST(10 + range % 90 AS VARCHAR) || '.' || CAST(range % 256 AS VARCHAR) || '.0.' || CAST(range % 200 AS VARCHAR) AS client_ip,
    (range % 100000) / 100.0 AS umsatz,
    CASE range % 3 WHEN 0 THEN 'neu' WHEN 1 THEN 'aktiv' ELSE 'gekündigt' END AS status
  FROM range(${rows})`;
}

async function generate(file: string): Promise<void> {
  if (existsSync(file)) {
    console.log(`reusing ${ROWS.toLocaleString('en')} rows in ${file}`);
    return;
  }
  await mkdir(CACHE, { recursive: true });
  const started = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  // Written beside and renamed, so an interrupted run never leaves a half file cached.
  const partial = `${file}.partial`;
  await connection.run(`COPY (${rowsSql(ROWS)}) TO '${partial}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
  await rename(partial, file);
  console.log(
    `generated ${ROWS.toLocaleString('en')} rows of Parquet in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** Best of three: the machines are shared, and one slow pass says more about them. */
async function best(work: () => Promise<unknown>): Promise<number> {
  return Math.min(await timed(work), await timed(work), await timed(work));
}

/**
 * `meshwork scan` of a Parquet file of ten million rows (sample 1000 and 10,000, one
 * reservoir pass in DuckDB, classification in JavaScript), against two baselines measured
 * in the same run on the same file: `SELECT count(*)` (what the issue asks; Parquet answers
 * it from its footer) and a full pass over every column's values (what reading all the data
 * instead of a sample would cost at the least).
 */
export async function benchScanTime(): Promise<void> {
  const file = join(CACHE, `customers-${ROWS}.parquet`);
  await generate(file);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const scan = `read_parquet('${file}')`;
  const count = await best(() => connection.runAndReadAll(`SELECT count(*) FROM ${scan}`));
  const columns = [
    'kunden_id',
    'email',
    'telefon',
    'iban',
    'name',
    'geburtsdatum',
    'strasse',
    'client_ip',
    'umsatz',
    'status',
  ];
  const fullRead = await best(() =>
    connection.runAndReadAll(
      `SELECT ${columns.map((c) => `max(length(CAST("${c}" AS VARCHAR)))`).join(', ')} FROM ${scan}`,
    ),
  );
  connection.closeSync();
  instance.closeSync();
  const scanOf = (rows: number) => () =>
    scanTarget({
      target: { kind: 'files', path: file },
      cwd: CACHE,
      rows,
      env: {},
      classify: (input) => classifyColumn(input),
    });
  const report = await scanOf(1000)();
  const found = report.columns.filter((c) => c.category !== null);
  console.log(
    `found ${found.length} of ${report.columns.length} columns: ${found.map((c) => `${c.property}=${c.category}`).join(', ')}`,
  );
  const scan1k = await best(scanOf(1000));
  const scan10k = await best(scanOf(10_000));
  const rows = ROWS.toLocaleString('en');
  console.log(`parquet ${rows} rows × ${columns.length} columns:`);
  console.log(`  SELECT count(*)            ${count.toFixed(3)} s`);
  console.log(`  full pass over all values  ${fullRead.toFixed(3)} s`);
  console.log(
    `  meshwork scan --sample 1000   ${scan1k.toFixed(3)} s  ratio ${(scan1k / count).toFixed(1)} vs count(*), ${(scan1k / fullRead).toFixed(2)} vs full pass`,
  );
  console.log(
    `  meshwork scan --sample 10000  ${scan10k.toFixed(3)} s  ratio ${(scan10k / count).toFixed(1)} vs count(*), ${(scan10k / fullRead).toFixed(2)} vs full pass`,
  );
}
