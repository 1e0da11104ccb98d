import { realpath } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { BuildColumn } from '../../engines/build-engine.ts';
import { loadBuildEngine } from '../../engines/registry.ts';
import type { TrinoClient } from '../../engines/registry.ts';
import { MeshworkError } from '../errors.ts';
import { hiveType } from './hive-types.ts';
import { findParquetFolders } from './parquet-folders.ts';
import type { ParquetFolder, SearchedData, SkippedData } from './parquet-folders.ts';

/**
 * `meshwork trino register`: the mesh's Parquet folders (parquet-folders.ts) as external Hive
 * tables of a running Trino — `CREATE TABLE … (columns) WITH (external_location = 'local:///…',
 * format = 'PARQUET')` — so Trino queries the files where they are, nothing copied.
 *
 * Idempotent: a table that already points at the same folder with the same columns is left
 * alone; one that points elsewhere (a newer snapshot) is dropped and created again, which for
 * an external table leaves the files in place. A table of that name that is not external is
 * never dropped (its files would go with it): it is reported instead. Between the drop and the
 * create a reader sees no table; a served snapshot's files stay, so run it after each build.
 *
 * Trino's local file system maps `local:///x` to `<local.location>/x`, so a folder is
 * registered only inside `root`, the catalog's `local.location` as this machine sees it.
 */
export interface RegisterRequest {
  readonly meshRoot: string;
  readonly client: TrinoClient;
  /** A Hive catalog with `fs.native-local.enabled=true`. */
  readonly catalog: string;
  readonly schema: string;
  /** The catalog's `local.location`. */
  readonly root: string;
}

export type RegisterStatus = 'created' | 'unchanged' | 'replaced';

export interface RegisteredTable {
  /** `catalog.schema.table`, quoted as Trino needs it. */
  readonly table: string;
  readonly location: string;
  readonly columns: number;
  readonly status: RegisterStatus;
  readonly from: string;
}

export interface RegisterResult {
  readonly tables: readonly RegisteredTable[];
  readonly skipped: readonly SkippedData[];
  /** What was looked through: says why nothing qualified when nothing did. */
  readonly searched: SearchedData;
}

const NAME = /^[a-z][a-z0-9_]{0,127}$/;
const MAX_TABLE_NAME = 128;

/** Trino lower-cases names; anything but `[a-z0-9_]` becomes `_`. */
export function tableName(name: string): string {
  let table = name.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (!/^[a-z]/.test(table)) table = `t_${table}`;
  return table.slice(0, MAX_TABLE_NAME);
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The CREATE TABLE of one folder; `columns` in the Hive types. */
export function createTableSql(
  table: string,
  columns: readonly BuildColumn[],
  location: string,
): string {
  const list = columns.map((c) => `${quoteIdentifier(c.name)} ${c.type}`).join(', ');
  return `CREATE TABLE ${table} (${list}) WITH (external_location = ${quoteLiteral(location)}, format = 'PARQUET')`;
}

export async function registerParquetTables(request: RegisterRequest): Promise<RegisterResult> {
  for (const [what, name] of [
    ['catalog', request.catalog],
    ['schema', request.schema],
  ] as const)
    if (!NAME.test(name))
      throw new MeshworkError(
        'usage',
        `the ${what} "${name}" is not a plain Trino name ([a-z0-9_]).`,
      );
  let root: string;
  try {
    root = await realpath(request.root);
  } catch {
    throw new MeshworkError(
      'not-found',
      `${request.root} (the catalog's local folder) does not exist.`,
    );
  }
  const found = await findParquetFolders(request.meshRoot);
  const skipped: SkippedData[] = [...found.skipped];
  const planned = new Map<string, ParquetFolder>();
  for (const folder of found.folders) {
    const name = tableName(folder.name);
    const other = planned.get(name);
    if (other)
      skipped.push({ from: folder.from, reason: `table name ${name} is taken by ${other.from}` });
    else planned.set(name, folder);
  }
  const tables: RegisteredTable[] = [];
  if (planned.size === 0) return { tables, skipped, searched: found.searched };
  const schema = `${quoteIdentifier(request.catalog)}.${quoteIdentifier(request.schema)}`;
  await request.client.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const describe = await parquetDescriber();
  try {
    for (const [name, folder] of planned) {
      const inRoot = relative(root, folder.folder);
      if (inRoot === '' || inRoot.startsWith('..') || hasControlCharacter(inRoot)) {
        skipped.push({
          from: folder.from,
          reason: `${folder.folder} is not inside ${root}, the catalog's local folder (--root)`,
        });
        continue;
      }
      const location = `local:///${inRoot.split(sep).join('/')}`;
      const columns = await describe(folder.sample);
      const unsupported = columns.filter((c) => hiveType(c.type) === undefined);
      if (unsupported.length > 0 || columns.length === 0) {
        skipped.push({
          from: folder.from,
          reason:
            columns.length === 0
              ? 'the Parquet file has no columns'
              : `a Hive table cannot hold the column type(s) ${unsupported.map((c) => `${c.name} ${c.type}`).join(', ')}`,
        });
        continue;
      }
      const hiveColumns = columns.map((c) => ({
        name: c.name.toLowerCase(),
        type: hiveType(c.type)!,
      }));
      const table = `${schema}.${quoteIdentifier(name)}`;
      const outcome = await registerOne(request, name, table, hiveColumns, location);
      if ('reason' in outcome) skipped.push({ from: folder.from, reason: outcome.reason });
      else
        tables.push({
          table,
          location,
          columns: hiveColumns.length,
          status: outcome.status,
          from: folder.from,
        });
    }
  } finally {
    describe.close();
  }
  return { tables, skipped, searched: found.searched };
}

async function registerOne(
  request: RegisterRequest,
  name: string,
  table: string,
  columns: readonly BuildColumn[],
  location: string,
): Promise<{ status: RegisterStatus } | { reason: string }> {
  const { client } = request;
  const exists = await client.run(
    `SELECT count(*) FROM ${quoteIdentifier(request.catalog)}.information_schema.tables ` +
      `WHERE table_schema = ${quoteLiteral(request.schema)} AND table_name = ${quoteLiteral(name)}`,
  );
  const create = createTableSql(table, columns, location);
  if (Number(exists.rows[0]?.[0]) === 0) {
    await client.run(create);
    return { status: 'created' };
  }
  const shown = await client.run(`SHOW CREATE TABLE ${table}`);
  const cell = shown.rows[0]?.[0];
  const text = typeof cell === 'string' ? cell : '';
  const current = /external_location = '((?:[^']|'')*)'/.exec(text)?.[1]?.replaceAll("''", "'");
  if (current === undefined)
    return {
      reason: `${table} exists and is not an external table; not replaced (dropping it would delete its data)`,
    };
  const described = await client.run(`DESCRIBE ${table}`);
  const same =
    current === location &&
    described.rows.length === columns.length &&
    described.rows.every((row, i) => row[0] === columns[i]!.name && row[1] === columns[i]!.type);
  if (same) return { status: 'unchanged' };
  await client.run(`DROP TABLE ${table}`);
  await client.run(create);
  return { status: 'replaced' };
}

/** Columns of a Parquet file, read by the build engine (DuckDB) without reading its rows. */
async function parquetDescriber(): Promise<
  ((file: string) => Promise<readonly BuildColumn[]>) & { close(): void }
> {
  const engine = await loadBuildEngine();
  const session = await engine.openSession({ threads: 1 });
  const connection = await session.connect();
  let n = 0;
  const describe = async (file: string): Promise<readonly BuildColumn[]> => {
    const view = `parquet_${n++}`;
    await connection.attach({ schema: null, name: view }, { kind: 'parquet', path: file });
    return connection.describeQuery(`SELECT * FROM ${view}`);
  };
  return Object.assign(describe, {
    close: () => {
      connection.close();
      session.close();
    },
  });
}

function hasControlCharacter(text: string): boolean {
  return [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}
