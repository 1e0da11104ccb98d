import type {
  QualifiedTable,
  ServerEntry,
  TableBuildEngine,
  TableBuildOpen,
  TableBuildSession,
} from '../engine.ts';
import type { TrinoClient } from './client.ts';
import { createTrinoClient } from './client.ts';
import {
  assertOneTrinoQuery,
  connectorSql,
  countSql,
  createSchemaSql,
  ctasSql,
  dropSchemaSql,
  dropTableSql,
  listSnapshotTablesSql,
  snapshotOfTable,
  snapshotOfView,
  snapshotTable,
  snapshotsToDrop,
  viewDefinitionSql,
  viewSql,
} from './ctas-build.ts';

/** Catalogs whose connector writes Parquet tables by CREATE TABLE AS and keeps views. */
const SNAPSHOT_CONNECTORS: readonly string[] = ['hive', 'iceberg'];

/** The Trino user a build runs as when `MESHWORK_<SERVER>_USER` is not set. */
export const DEFAULT_BUILD_USER = 'meshwork';

/**
 * Products built in Trino (`meshworkEngine: trino`): ctas-build.ts writes the SQL, this
 * runs it through the one Trino client. Every port's new snapshot is a table of its own;
 * the served view is switched to it only after its tests passed, by one CREATE OR REPLACE
 * VIEW, so a reader sees the old snapshot or the new one and a build that dies at any point
 * leaves the view where it was.
 */
export const trinoTableBuild: TableBuildEngine = {
  title: 'Trino',
  serverType: 'trino',
  tableOf(server, physicalName) {
    const catalog = text(server.catalog);
    const schema = text(server.schema);
    if (catalog === undefined || schema === undefined)
      return { problem: `server "${server.server}" (trino) needs "catalog" and "schema"` };
    return { catalog, schema, name: physicalName };
  },
  outputProblem(server) {
    const catalog = text(server.catalog);
    if (catalog === undefined || text(server.schema) === undefined)
      return `server "${server.server}" (trino) needs "catalog" and "schema"`;
    if (!SNAPSHOT_CONNECTORS.includes(catalog.toLowerCase()))
      return `server "${server.server}" (trino) has catalog "${catalog}"; snapshot tables are written into a hive or iceberg catalog`;
    return undefined;
  },
  open: openTrinoBuild,
};

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** `MESHWORK_<SERVER>_URL`, else `http://host:port` from the entry. */
export function trinoUrlOf(server: ServerEntry, url: string | undefined): string {
  if (url !== undefined) return url;
  const host = text(server.host);
  const port =
    typeof server.port === 'number' || typeof server.port === 'string' ? server.port : 8080;
  if (host === undefined)
    throw new Error(
      `server "${server.server}" (trino) has no "host" and no URL is set for it (MESHWORK_<SERVER>_URL)`,
    );
  return `http://${host}:${port}`;
}

async function openTrinoBuild(options: TableBuildOpen): Promise<TableBuildSession> {
  const user = options.credentials.user ?? DEFAULT_BUILD_USER;
  const client = createTrinoClient({
    server: trinoUrlOf(options.server, options.credentials.url),
    user,
    ...(options.credentials.password === undefined
      ? {}
      : { password: options.credentials.password }),
  });
  const signal = options.signal;
  const run = (sql: string, extra: { catalog?: string; schema?: string } = {}) =>
    client.run(sql, { ...extra, ...(signal === undefined ? {} : { signal }) });
  const catalog = options.scratchCatalog;
  const inputs = `meshwork_build_${options.buildKey}_in`;
  const tests = `meshwork_build_${options.buildKey}_test`;
  await assertSnapshotCatalog(client, catalog);
  // Left by a killed build of this product (the caller holds its lock): views only.
  for (const schema of [inputs, tests]) await run(dropSchemaSql(catalog, schema));
  for (const schema of [inputs, tests]) await run(createSchemaSql(catalog, schema));
  const checked = new Set<string>([catalog.toLowerCase()]);
  const snapshot = options.snapshot;
  return {
    testFields: { catalog, schema: tests },
    testCredentials: { ...options.credentials, user },
    async attachInput(name, source) {
      await run(viewSql({ catalog, schema: inputs, name }, source));
    },
    assertOneQuery: assertOneTrinoQuery,
    async writeSnapshot(target, query) {
      if (!checked.has(target.catalog.toLowerCase())) {
        await assertSnapshotCatalog(client, target.catalog);
        checked.add(target.catalog.toLowerCase());
      }
      await run(createSchemaSql(target.catalog, target.schema));
      const table = snapshotTable(target, snapshot);
      // Unqualified names in the query are the input ports' views.
      await run(ctasSql(table, query), { catalog, schema: inputs });
      const result = await run(countSql(table));
      return Number(result.rows[0]?.[0]);
    },
    async exposeForTest(target) {
      await run(
        viewSql({ catalog, schema: tests, name: target.name }, snapshotTable(target, snapshot)),
      );
    },
    currentSnapshot: (target) => currentOf(client, target, signal),
    async publish(target) {
      await run(viewSql(target, snapshotTable(target, snapshot)));
    },
    async discard(target) {
      // Not cancelled by the build's signal: a stopped build still removes its tables.
      await client.run(dropTableSql(snapshotTable(target, snapshot)));
    },
    async prune(target, keep) {
      const listed = await run(listSnapshotTablesSql(target));
      const snapshots = listed.rows.flatMap((row) => {
        const s = snapshotOfTable(target.name, String(row[0]));
        return s === undefined ? [] : [s];
      });
      const drop = snapshotsToDrop(snapshots, await currentOf(client, target, signal), keep);
      for (const old of drop) await run(dropTableSql(snapshotTable(target, old)));
      return drop;
    },
    async close() {
      // Not cancelled by the build's signal: a stopped build still clears its scratch.
      for (const schema of [inputs, tests]) await client.run(dropSchemaSql(catalog, schema));
    },
  };
}

async function currentOf(
  client: TrinoClient,
  target: QualifiedTable,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  const result = await client.run(
    viewDefinitionSql(target),
    signal === undefined ? {} : { signal },
  );
  const definition = result.rows[0]?.[0];
  return typeof definition === 'string' ? snapshotOfView(target.name, definition) : undefined;
}

/** The catalog is one whose connector can hold snapshot tables (its name alone says nothing). */
async function assertSnapshotCatalog(client: TrinoClient, catalog: string): Promise<void> {
  const result = await client.run(connectorSql(catalog));
  const connector = result.rows[0]?.[0];
  if (typeof connector !== 'string') throw new Error(`Trino has no catalog "${catalog}"`);
  if (!SNAPSHOT_CONNECTORS.includes(connector))
    throw new Error(
      `Trino catalog "${catalog}" uses the ${connector} connector; builds write snapshot tables into a hive or iceberg catalog`,
    );
}
