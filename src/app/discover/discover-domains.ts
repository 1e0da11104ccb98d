import { relative } from 'node:path';
import {
  coAccessOf,
  MAX_STATEMENTS,
  suggestDomains,
  tableGraph,
} from '../../core/discover/index.ts';
import type { DomainDiscovery, TableGraph } from '../../core/discover/index.ts';
import type { CatalogTable } from '../../core/import/catalog.ts';
import type { EngineConnection } from '../../engines/engine.ts';
import { MeshworkError } from '../errors.ts';
import { maskSecrets } from '../mask-secrets.ts';
import { openScanSource } from '../privacy/scan/scan-sources.ts';
import type { DiscoverSource } from './discover-source.ts';
import { meshCatalog } from './mesh-catalog.ts';

export interface DiscoverOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--schema`: the database's schema (PostgreSQL default public, a DuckDB file's main). */
  readonly schema?: string;
  readonly resolution?: number;
}

/** Whether co-access was read, and what it found; or why not. */
export type CoAccessEvidence =
  | {
      readonly available: true;
      readonly source: string;
      /** Statements read, those that joined two or more tables, and the pairs found. */
      readonly statements: number;
      readonly joining: number;
      readonly pairs: number;
      /** Statements not used: too wide (a report over many tables), too many, too long, or not readable by this login. */
      readonly tooWide: number;
      readonly tooLong: number;
      /** The statistics hold more statements than were read (the most-called were). */
      readonly truncated: boolean;
      readonly unreadable: number;
      /** What the statistics cannot tell apart on this server (the engine says). */
      readonly caveat?: string;
    }
  | { readonly available: false; readonly reason: string };

export interface DiscoverReport {
  /** What was read, without credentials. */
  readonly source: string;
  readonly tables: number;
  readonly foreignKeys: number;
  readonly coAccess: CoAccessEvidence;
  readonly discovery: DomainDiscovery;
  readonly graph: TableGraph;
  /** What could not be read, in words (tables beyond the bound, keys whose target is unclear). */
  readonly notes: readonly string[];
}

export async function discoverDomains(
  source: DiscoverSource,
  options: DiscoverOptions,
): Promise<DiscoverReport> {
  if (source.kind === 'mesh') {
    if (options.schema !== undefined)
      throw new MeshworkError('usage', '--schema names a database schema: a mesh folder has none.');
    const catalog = await meshCatalog(source.root);
    if (catalog.contracts === 0)
      throw new MeshworkError(
        'not-found',
        'the mesh has no source contracts (sources/<system>/*.odcs.yaml) to read relationships from.',
      );
    const notes =
      catalog.unresolved > 0
        ? [
            `${catalog.unresolved} relationship(s) point to no source contract's object of this mesh and were left out`,
          ]
        : [];
    return report(relative(options.cwd, source.root) || '.', catalog.tables, {
      coAccess: { available: false, reason: 'a mesh folder has no statement statistics' },
      notes,
      resolution: options.resolution,
    });
  }
  const opened = await openScanSource(
    source.kind === 'database'
      ? { kind: 'database', url: source.url, serverType: source.serverType }
      : { kind: 'duckdb-file', path: source.path },
    {
      cwd: options.cwd,
      env: options.env,
      ...(options.schema === undefined ? {} : { schema: options.schema }),
    },
  );
  const { connection } = opened;
  const secrets = source.kind === 'database' ? { url: source.url } : {};
  try {
    const names = opened.objects.map((o) => o.name);
    const notes = opened.notScanned.length
      ? [
          `${opened.notScanned.length} table(s) beyond the first ${names.length} (by name) were not read`,
        ]
      : [];
    const tables = await describeTables(connection, names, opened.target, secrets);
    const coAccess = await readCoAccess(connection, new Set(names), options.schema, secrets);
    return report(opened.target, tables, {
      coAccess: coAccess.evidence,
      pairs: coAccess.pairs,
      notes,
      resolution: options.resolution,
    });
  } finally {
    await connection.close();
  }
}

async function describeTables(
  connection: EngineConnection,
  names: readonly string[],
  where: string,
  secrets: { readonly url?: string },
): Promise<readonly CatalogTable[]> {
  if (!connection.describe)
    throw new MeshworkError(
      'usage',
      `cannot read the foreign keys of ${where}: its engine has no catalog to describe.`,
    );
  try {
    return await connection.describe(names);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new MeshworkError(
      'engine',
      `cannot read the foreign keys of ${where}: ${maskSecrets(message, secrets)}`,
      { cause: error },
    );
  }
}

async function readCoAccess(
  connection: EngineConnection,
  known: ReadonlySet<string>,
  schema: string | undefined,
  secrets: { readonly url?: string },
): Promise<{ evidence: CoAccessEvidence; pairs: ReturnType<typeof coAccessOf>['pairs'] }> {
  if (!connection.statementStatistics)
    return {
      evidence: { available: false, reason: 'this engine keeps no statement statistics' },
      pairs: [],
    };
  let stats;
  try {
    stats = await connection.statementStatistics(MAX_STATEMENTS + 1);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    return {
      evidence: {
        available: false,
        reason: `reading them failed: ${maskSecrets(message, secrets)}`,
      },
      pairs: [],
    };
  }
  if (!stats.available) return { evidence: stats, pairs: [] };
  // Without `--schema` a qualified name counts whatever its schema: the statistics do not
  // say which schema an unqualified name resolved to either.
  const coAccess = coAccessOf(stats.statements, known, schema);
  return {
    evidence: {
      available: true,
      source: stats.source,
      statements: coAccess.statements,
      joining: coAccess.joining,
      pairs: coAccess.pairs.length,
      tooWide: coAccess.tooWide,
      tooLong: coAccess.tooLong,
      truncated: coAccess.truncated,
      unreadable: stats.unreadable,
      ...(stats.caveat === undefined ? {} : { caveat: stats.caveat }),
    },
    pairs: coAccess.pairs,
  };
}

function report(
  source: string,
  tables: readonly CatalogTable[],
  options: {
    coAccess: CoAccessEvidence;
    pairs?: ReturnType<typeof coAccessOf>['pairs'];
    notes: readonly string[];
    resolution: number | undefined;
  },
): DiscoverReport {
  const graph = tableGraph(tables, options.pairs ?? []);
  const discovery = suggestDomains(graph, {
    coAccessRead: options.coAccess.available,
    ...(options.resolution === undefined ? {} : { resolution: options.resolution }),
  });
  return {
    source,
    tables: graph.tables.length,
    foreignKeys: tables.reduce((n, t) => n + t.foreignKeys.length, 0),
    coAccess: options.coAccess,
    discovery,
    graph,
    notes: options.notes,
  };
}
