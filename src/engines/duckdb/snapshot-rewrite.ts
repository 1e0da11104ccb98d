import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RowMatch, SnapshotRewrite, SnapshotRewriteResult } from '../build-engine.ts';
import { quoteIdentifier } from './dialect.ts';
import { SANDBOX_INSTANCE_OPTIONS, lockDownSql } from './sandbox.ts';
import { quoteLiteral } from './session.ts';

const KEY_TABLE = 'meshwork_rewrite_key';
const HMAC_MACRO = 'meshwork_hmac';
const HASH_TABLE = 'meshwork_rewrite_hashes';
const HIT = '__meshwork_hit';
const HASH = /^[0-9a-f]{64}$/;

/** The normalised text of a column as subject keys compare it (`normaliseSubjectValue`). */
function normalised(column: string): string {
  // Spaces only, as normaliseSubjectValue: DuckDB's plain trim also strips no-break spaces.
  return `lower(trim(BOTH ' ' FROM CAST(${quoteIdentifier(column)} AS VARCHAR)))`;
}

/**
 * The predicate of match number `index`. A subject's hashes are looked up in a temporary
 * table (`hashInsertSql`), so thousands of suppressions are one hash join, not a list of
 * thousands of literals compared one by one.
 */
export function matchPredicate(match: RowMatch, index: number): string {
  switch (match.kind) {
    case 'subject-hash':
      if (match.hashes.length === 0) return 'false';
      return `${HMAC_MACRO}(${normalised(match.column)}) IN (SELECT h FROM ${HASH_TABLE} WHERE m = ${index})`;
    case 'before': {
      const cutoff = new Date(match.cutoff);
      if (Number.isNaN(cutoff.getTime())) throw new Error('the cutoff is not a date');
      return `TRY_CAST(${quoteIdentifier(match.column)} AS TIMESTAMPTZ) < TIMESTAMPTZ ${quoteLiteral(cutoff.toISOString())}`;
    }
  }
}

/** The statements that fill the hash table with each subject match's hashes (validated hex). */
export function hashInsertSql(matches: readonly RowMatch[], chunk = 1000): string[] {
  const rows: string[] = [];
  for (const [index, match] of matches.entries()) {
    if (match.kind !== 'subject-hash') continue;
    for (const hash of match.hashes) {
      if (!HASH.test(hash)) throw new Error('a subject hash is not 64 lower-case hex digits');
      rows.push(`(${index}, '${hash}')`);
    }
  }
  const statements = [`CREATE TEMP TABLE ${HASH_TABLE} (m INTEGER, h VARCHAR)`];
  for (let at = 0; at < rows.length; at += chunk)
    statements.push(`INSERT INTO ${HASH_TABLE} VALUES ${rows.slice(at, at + chunk).join(', ')}`);
  return statements;
}

/** The rows with a boolean `__meshwork_hit`: whether any match holds (NULL counts as no). */
export function hitSelectSql(source: string, matches: readonly RowMatch[]): string {
  const predicate =
    matches.length === 0
      ? 'false'
      : matches.map((m, index) => `(${matchPredicate(m, index)})`).join(' OR ');
  return `SELECT *, coalesce(${predicate}, false) AS ${quoteIdentifier(HIT)} FROM read_parquet(${quoteLiteral(source)})`;
}

/** The rewritten rows, columns in their order and types (text pseudonyms stay text). */
export function rewriteSelectSql(
  hits: string,
  job: Pick<SnapshotRewrite, 'action' | 'columns'>,
  types: ReadonlyMap<string, string>,
): string {
  const hit = quoteIdentifier(HIT);
  if (job.action === 'delete')
    return `SELECT * EXCLUDE (${hit}) FROM (\n${hits}\n) WHERE NOT ${hit}`;
  const replaced = [...new Set(job.columns)].map((column) => {
    const name = quoteIdentifier(column);
    const text = types.get(column)?.toUpperCase() === 'VARCHAR';
    const pseudonym = text ? `${HMAC_MACRO}(${name})` : 'NULL';
    return `CASE WHEN ${hit} THEN ${pseudonym} ELSE ${name} END AS ${name}`;
  });
  const replace = replaced.length > 0 ? ` REPLACE (${replaced.join(', ')})` : '';
  return `SELECT * EXCLUDE (${hit})${replace} FROM (\n${hits}\n)`;
}

function namedColumns(job: SnapshotRewrite): string[] {
  return [...new Set([...job.match.map((m) => m.column), ...job.columns])];
}

/**
 * Rewrites a port's Parquet snapshot (`SnapshotRewriter`): counts the rows that match and,
 * when asked and any do, writes the rewritten rows to `target` in one COPY. Runs in an
 * instance of its own, locked down before any SQL touches a file: it reads the source and
 * writes only `tempDir` (sandbox.ts). The key reaches DuckDB as bound parameters into a
 * temporary table, never as SQL text, so no error message or log line can hold it.
 */
export async function rewriteSnapshot(
  job: SnapshotRewrite,
  tempDir: string,
): Promise<SnapshotRewriteResult> {
  const instance = await DuckDBInstance.create(':memory:', {
    ...SANDBOX_INSTANCE_OPTIONS,
    threads: '2',
    memory_limit: '1GB',
    temp_directory: tempDir,
  });
  let connection: DuckDBConnection | undefined;
  try {
    connection = await instance.connect();
    // Dates compare as midnight UTC whatever the machine's zone.
    await connection.run(`SET TimeZone = 'UTC'`);
    for (const statement of lockDownSql({ read: [job.source], write: [tempDir] }))
      await connection.run(statement);
    const described = await connection.runAndReadAll(
      `DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(job.source)})`,
    );
    const types = new Map<string, string>();
    for (const [name, type] of described.getRows())
      if (typeof name === 'string' && typeof type === 'string') types.set(name, type);
    const missing = namedColumns(job).filter((column) => !types.has(column));
    if (missing.length > 0) return { rows: 0, matched: 0, written: false, missing };
    // DuckDB has sha256 over blobs but no HMAC: the engine hashes with the key's pads.
    const needsKey =
      job.action === 'pseudonymise' || job.match.some((m) => m.kind === 'subject-hash');
    if (needsKey && job.key === undefined)
      throw new Error('matching subjects and pseudonymising need the subject hash key');
    const pads = job.key?.pads() ?? { inner: new Uint8Array(64), outer: new Uint8Array(64) };
    const key = await connection.prepare(
      `CREATE TEMP TABLE ${KEY_TABLE} AS SELECT unhex($1::VARCHAR) AS ipad, unhex($2::VARCHAR) AS opad`,
    );
    key.bindVarchar(1, Buffer.from(pads.inner).toString('hex'));
    key.bindVarchar(2, Buffer.from(pads.outer).toString('hex'));
    await key.run();
    key.destroySync();
    await connection.run(
      `CREATE TEMP MACRO ${HMAC_MACRO}(v) AS sha256((SELECT opad FROM ${KEY_TABLE}) || unhex(sha256((SELECT ipad FROM ${KEY_TABLE}) || encode(v))))`,
    );
    for (const statement of hashInsertSql(job.match)) await connection.run(statement);
    const hits = hitSelectSql(job.source, job.match);
    const counted = await connection.runAndReadAll(
      `SELECT count(*) AS n, count(*) FILTER (WHERE ${quoteIdentifier(HIT)}) AS m FROM (\n${hits}\n)`,
    );
    const [n, m] = counted.getRows()[0] ?? [0, 0];
    const rows = Number(n ?? 0);
    const matched = Number(m ?? 0);
    if (job.target === undefined || matched === 0)
      return { rows, matched, written: false, missing: [] };
    await connection.run(
      `COPY (\n${rewriteSelectSql(hits, job, types)}\n) TO ${quoteLiteral(job.target)} (FORMAT parquet)`,
    );
    return { rows, matched, written: true, missing: [] };
  } finally {
    connection?.closeSync();
    instance.closeSync();
  }
}
