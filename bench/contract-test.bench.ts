import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'yaml';
import { startTestPostgres, withClient } from '../test/support/postgres.ts';
import type { HandwrittenDialect } from './support/bench-contract.ts';
import {
  benchContract,
  duckDbRows,
  handwrittenQuery,
  postgresRows,
} from './support/bench-contract.ts';
import { figure, measureProcess } from './support/measure.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MESHWORK = join(ROOT, 'bin', 'meshwork.js');
const BASELINE = join(ROOT, 'bench', 'support', 'handwritten-query.ts');
const rowsFrom = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const PARQUET_ROWS = rowsFrom('MESHWORK_BENCH_PARQUET_ROWS', 10_000_000);
// 10M CSV rows take minutes on two cores; the figures in docs/testing.md name the size used.
const CSV_ROWS = rowsFrom('MESHWORK_BENCH_CSV_ROWS', 2_000_000);
const PG_ROWS = rowsFrom('MESHWORK_BENCH_PG_ROWS', 2_000_000);

const duckDb: HandwrittenDialect = {
  typed: (column) => column,
  regex: (column, pattern) => `regexp_matches(${column}, '${pattern}')`,
  textTypes: false,
};

/** CSV read as text, as a careful hand-written check must (the sniffer aborts on a late bad value). */
const duckDbText: HandwrittenDialect = {
  typed: (column, type) =>
    type === 'int'
      ? `CASE WHEN regexp_matches(${column}, '^\\s*[+-]?[0-9]+\\s*$') THEN TRY_CAST(trim(${column}) AS HUGEINT) END`
      : `TRY_CAST(${column} AS ${type === 'double' ? 'DOUBLE' : 'DATE'})`,
  regex: duckDb.regex,
  textTypes: true,
};

const postgres: HandwrittenDialect = {
  typed: (column) => column,
  regex: (column, pattern) => `(${column} ~ '${pattern}')`,
  textTypes: false,
};

/**
 * `meshwork test` (the whole process) against the same checks hand-written as one query
 * (also a whole process), on Parquet, CSV and PostgreSQL. Peak memory is the child's maxRSS.
 */
export async function benchContractTest(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'meshwork-bench-test-'));
  try {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    for (const [format, rows] of [
      ['parquet', PARQUET_ROWS],
      ['csv', CSV_ROWS],
    ] as const) {
      const file = join(dir, `bench_rows.${format}`);
      const started = performance.now();
      await connection.run(`COPY (${duckDbRows(rows)}) TO '${file}' (FORMAT ${format})`);
      console.log(
        `generated ${rows.toLocaleString('en')} rows of ${format} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      const contract = join(dir, `${format}.odcs.yaml`);
      await writeFile(
        contract,
        stringify(benchContract({ server: 'files', type: 'local', path: file, format })),
      );
      const relation =
        format === 'parquet'
          ? `read_parquet('${file}')`
          : `read_csv('${file}', all_varchar = true, header = true)`;
      const query = handwrittenQuery(relation, format === 'parquet' ? duckDb : duckDbText);
      const baseline = await measureProcess(
        'node',
        ['--import', 'tsx', BASELINE, 'duckdb', query],
        { cwd: ROOT },
      );
      const meshwork = await measureProcess(
        'node',
        [MESHWORK, 'test', contract, '--format', 'json'],
        { cwd: dir },
      );
      const run = JSON.parse(meshwork.stdout) as { checks: unknown[] };
      console.log(`${run.checks.length} checks`);
      console.log(figure(`${format} ${rows.toLocaleString('en')} rows`, meshwork, baseline));
    }
    connection.closeSync();
    instance.closeSync();
    await benchPostgres(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(dir: string): Promise<void> {
  const server = await startTestPostgres();
  try {
    const started = performance.now();
    await withClient(server.url, async (client) => {
      await client.query('DROP TABLE IF EXISTS bench_rows');
      await client.query(`CREATE TABLE bench_rows AS ${postgresRows(PG_ROWS)}`);
      await client.query('ANALYZE bench_rows');
    });
    console.log(
      `generated ${PG_ROWS.toLocaleString('en')} rows in PostgreSQL in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const contract = join(dir, 'postgres.odcs.yaml');
    const entry = {
      server: 'bench-pg',
      type: 'postgresql',
      host: 'localhost',
      port: 5432,
      database: 'postgres',
      schema: 'public',
    };
    await writeFile(contract, stringify(benchContract(entry)));
    const query = handwrittenQuery('bench_rows', postgres);
    await measureProcess('node', ['--import', 'tsx', BASELINE, 'postgres', query, server.url], {
      cwd: ROOT,
    });
    const baseline = await measureProcess(
      'node',
      ['--import', 'tsx', BASELINE, 'postgres', query, server.url],
      { cwd: ROOT },
    );
    const meshwork = await measureProcess(
      'node',
      [MESHWORK, 'test', contract, '--format', 'json'],
      {
        cwd: dir,
        env: { MESHWORK_BENCH_PG_URL: server.url },
      },
    );
    console.log(figure(`postgresql ${PG_ROWS.toLocaleString('en')} rows`, meshwork, baseline));
  } finally {
    await server.stop();
  }
}
