import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { SubjectHashKey, subjectHash } from '../src/app/privacy/subject-hash.ts';
import type { RowMatch } from '../src/engines/build-engine.ts';
import { rewriteSnapshot } from '../src/engines/duckdb/snapshot-rewrite.ts';

const ROWS = Number(process.env.MESHWORK_BENCH_REWRITE_ROWS ?? 1_000_000);

async function copyParquet(source: string, target: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  try {
    await connection.run(
      `COPY (SELECT * FROM read_parquet('${source}')) TO '${target}' (FORMAT parquet)`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * The port rewrite behind erasure, build-time suppression and retention
 * (engines/duckdb/snapshot-rewrite.ts): a snapshot of ROWS customers rewritten without the
 * rows of erased people (keyed HMAC per row, in DuckDB) and without rows before a date,
 * against a plain Parquet-to-Parquet copy of the same file in the same run.
 */
export async function benchPortRewrite(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'meshwork-bench-rewrite-'));
  try {
    const source = join(dir, 'customers.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(
      `COPY (SELECT i AS customer_id, 'user' || i || '@example.com' AS email, 'Name ' || i AS name,
              DATE '2015-01-01' + CAST(i % 4000 AS INTEGER) AS signed_up
             FROM range(${ROWS}) t(i)) TO '${source}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const key = new SubjectHashKey(Buffer.from('bench-subject-key-'.repeat(3)));
    const baseline = await timed(() => copyParquet(source, join(dir, 'copy.parquet')));
    console.log(`rows ${ROWS.toLocaleString('en')}; plain Parquet copy ${baseline.toFixed(0)} ms`);
    const cases: [string, RowMatch[]][] = [
      ['1 suppressed person (delete)', [hashes(key, 1)]],
      ['10,000 suppressed people (delete)', [hashes(key, 10_000)]],
      [
        'retention: rows before 2020-01-01',
        [{ kind: 'before', column: 'signed_up', cutoff: '2020-01-01T00:00:00Z' }],
      ],
    ];
    for (const [name, match] of cases) {
      let matched = 0;
      const ms = await timed(async () => {
        const result = await rewriteSnapshot(
          { source, target: join(dir, 'out.parquet'), match, action: 'delete', columns: [], key },
          dir,
        );
        matched = result.matched;
      });
      console.log(
        `${name}: ${ms.toFixed(0)} ms, ${matched.toLocaleString('en')} rows removed, ${(ms / baseline).toFixed(1)}× the copy`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function hashes(key: SubjectHashKey, count: number): RowMatch {
  return {
    kind: 'subject-hash',
    column: 'email',
    hashes: Array.from({ length: count }, (_, i) =>
      subjectHash(key, `user${(i * 97) % ROWS}@example.com`),
    ),
  };
}
