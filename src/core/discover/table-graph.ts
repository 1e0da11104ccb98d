import type { CatalogTable } from '../import/catalog.ts';
import type { CoAccessPair } from './co-access.ts';

/**
 * The tables of a system as an undirected weighted graph: an edge where one table has a
 * foreign key to the other, or where statements use both. Each edge keeps its evidence
 * (which keys, how many calls), so every suggestion can say why.
 */
export interface TableGraph {
  /** Table names, sorted (so the graph and everything drawn from it is deterministic). */
  readonly tables: readonly string[];
  readonly edges: readonly TableEdge[];
  /** Foreign keys that point outside the described tables, per table (said, not drawn). */
  readonly outside: ReadonlyMap<string, readonly string[]>;
  /** Tables with a foreign key to themselves (a hierarchy), said in their reason. */
  readonly selfReferences: ReadonlySet<string>;
  /** Views: they have no keys of their own, so only co-access can link them. */
  readonly views: ReadonlySet<string>;
}

export interface TableEdge {
  /** The two tables, `a` < `b` in code-point order. */
  readonly a: string;
  readonly b: string;
  /** Foreign keys from `a` to `b`. */
  readonly keysAtoB: number;
  /** Foreign keys from `b` to `a`. */
  readonly keysBtoA: number;
  /** Calls of statements that used both (0 without co-access). */
  readonly calls: number;
  readonly weight: number;
}

/** What one foreign key weighs; co-access adds at most CO_ACCESS_WEIGHT per pair. */
export const FOREIGN_KEY_WEIGHT = 1;
/**
 * The weight of the most-called pair; others scale by log(1 + calls) against it, so a pair
 * used a million times does not drown every foreign key, and a pair used a few times
 * still counts a little.
 */
export const CO_ACCESS_WEIGHT = 1;

export function tableGraph(
  tables: readonly CatalogTable[],
  coAccess: readonly CoAccessPair[] = [],
): TableGraph {
  const names = [...new Set(tables.map((t) => t.name))].sort(byCodePoint);
  const known = new Set(names);
  const edges = new Map<string, { a: string; b: string; ab: number; ba: number; calls: number }>();
  const edgeOf = (
    x: string,
    y: string,
  ): { a: string; b: string; ab: number; ba: number; calls: number } => {
    const [a, b] = x < y ? [x, y] : [y, x];
    const key = JSON.stringify([a, b]);
    let edge = edges.get(key);
    if (!edge) {
      edge = { a, b, ab: 0, ba: 0, calls: 0 };
      edges.set(key, edge);
    }
    return edge;
  };
  const outside = new Map<string, string[]>();
  const selfReferences = new Set<string>();
  for (const table of tables) {
    for (const key of table.foreignKeys) {
      // A key into another schema points at a table of that name there, not here.
      if (key.schema !== undefined || !known.has(key.table)) {
        const target = key.schema === undefined ? key.table : `${key.schema}.${key.table}`;
        outside.set(table.name, [...(outside.get(table.name) ?? []), target]);
        continue;
      }
      if (key.table === table.name) {
        selfReferences.add(table.name);
        continue;
      }
      const edge = edgeOf(table.name, key.table);
      if (edge.a === table.name) edge.ab++;
      else edge.ba++;
    }
  }
  const coAccessed = coAccess.filter(
    (p) => p.tables[0] !== p.tables[1] && known.has(p.tables[0]) && known.has(p.tables[1]),
  );
  for (const pair of coAccessed) edgeOf(pair.tables[0], pair.tables[1]).calls += pair.calls;
  const maxCalls = Math.max(0, ...[...edges.values()].map((e) => e.calls));
  return {
    tables: names,
    edges: [...edges.values()]
      .map((e) => ({
        a: e.a,
        b: e.b,
        keysAtoB: e.ab,
        keysBtoA: e.ba,
        calls: e.calls,
        weight:
          (e.ab + e.ba) * FOREIGN_KEY_WEIGHT +
          (maxCalls > 0 ? (CO_ACCESS_WEIGHT * Math.log1p(e.calls)) / Math.log1p(maxCalls) : 0),
      }))
      .filter((e) => e.weight > 0)
      .sort((x, y) => byCodePoint(x.a, y.a) || byCodePoint(x.b, y.b)),
    outside,
    selfReferences,
    views: new Set(tables.filter((t) => t.kind === 'view').map((t) => t.name)),
  };
}

export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
