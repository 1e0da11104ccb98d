import { UndirectedGraph } from 'graphology';
import * as louvainModule from 'graphology-communities-louvain';
import { domainNameOf, uniqueNames } from './domain-name.ts';
import { seededRandom } from './seeded-random.ts';
import { byCodePoint } from './table-graph.ts';
import type { TableEdge, TableGraph } from './table-graph.ts';

/**
 * `meshwork discover domains`: groups of tables that hang together — by foreign keys and,
 * where known, by statements that use them together — found by Louvain community
 * detection (modularity, weighted edges, a fixed seed so the same schema gives the same
 * answer). A suggestion to start a conversation about domains, each table with the
 * evidence that put it where it is.
 */
export interface DomainDiscovery {
  readonly domains: readonly DomainSuggestion[];
  /** Tables with no edge at all: no foreign key to or from another table, no co-access. */
  readonly isolated: readonly TableSuggestion[];
  /** Modularity of the partition (−0.5…1; above about 0.3 the groups are clearly apart). */
  readonly modularity: number;
  readonly resolution: number;
}

export interface DomainSuggestion {
  /** Suggested name (kebab-case) after the hub table; rename freely. */
  readonly name: string;
  /** The table with the most weight inside the domain. */
  readonly hub: string;
  /** The hub first, then by weight inside the domain. */
  readonly tables: readonly TableSuggestion[];
}

export interface TableSuggestion {
  readonly table: string;
  /** In words: the keys and co-access that tie it to its domain (and to others). */
  readonly reason: string;
  /** The same evidence as data. */
  readonly links: readonly TableLink[];
}

export interface TableLink {
  readonly table: string;
  /** The suggested domain of the other table. */
  readonly domain: string;
  /** Foreign keys from this table to the other. */
  readonly keysTo: number;
  /** Foreign keys from the other table to this one. */
  readonly keysFrom: number;
  /** Calls of statements that used both. */
  readonly calls: number;
}

export interface SuggestOptions {
  /** Louvain's resolution: above 1 more, smaller domains; below 1 fewer, larger. Default 1. */
  readonly resolution?: number;
  readonly seed?: number;
  /** Whether co-access was read, so that an isolated table's reason can say so. */
  readonly coAccessRead?: boolean;
}

// The package is CommonJS (`module.exports = fn`) whose types declare an ES default
// export, so under NodeNext TypeScript expects `default.default`; at run time Node's
// interop makes `module.exports` itself the namespace's `default`.
const louvain = louvainModule.default as unknown as typeof louvainModule.default.default;

export const DEFAULT_RESOLUTION = 1;
export const DEFAULT_SEED = 12;
/** A reason names this many tables per kind of link, then counts the rest. */
const NAMES_IN_REASON = 5;

export function suggestDomains(graph: TableGraph, options: SuggestOptions = {}): DomainDiscovery {
  const resolution = options.resolution ?? DEFAULT_RESOLUTION;
  const communities = communitiesOf(graph, resolution, options.seed ?? DEFAULT_SEED);
  const adjacency = adjacencyOf(graph.edges);
  const groups = new Map<number, string[]>();
  for (const table of graph.tables) {
    const community = communities.membership.get(table);
    if (community === undefined) continue;
    groups.set(community, [...(groups.get(community) ?? []), table]);
  }
  const weightInside = (table: string, members: ReadonlySet<string>): number =>
    (adjacency.get(table) ?? [])
      .filter((n) => members.has(n.other))
      .reduce((sum, n) => sum + n.edge.weight, 0);
  const ordered = [...groups.values()].map((tables) => {
    const members = new Set(tables);
    const sorted = [...tables].sort(
      (x, y) => weightInside(y, members) - weightInside(x, members) || byCodePoint(x, y),
    );
    return sorted;
  });
  ordered.sort((x, y) => y.length - x.length || byCodePoint(x[0]!, y[0]!));
  const names = uniqueNames(ordered.map((tables) => domainNameOf(tables[0]!)));
  const domainOf = new Map<string, string>();
  ordered.forEach((tables, i) => tables.forEach((t) => domainOf.set(t, names[i]!)));

  const suggestion = (table: string): TableSuggestion => {
    const links = (adjacency.get(table) ?? [])
      .map(({ other, edge }) => ({
        table: other,
        domain: domainOf.get(other) ?? '',
        keysTo: edge.a === table ? edge.keysAtoB : edge.keysBtoA,
        keysFrom: edge.a === table ? edge.keysBtoA : edge.keysAtoB,
        calls: edge.calls,
      }))
      .sort((x, y) => byCodePoint(x.table, y.table));
    return { table, reason: reasonOf(table, domainOf.get(table), links, graph, options), links };
  };
  return {
    domains: ordered.map((tables, i) => ({
      name: names[i]!,
      hub: tables[0]!,
      tables: tables.map(suggestion),
    })),
    isolated: graph.tables.filter((t) => !domainOf.has(t)).map(suggestion),
    modularity: communities.modularity,
    resolution,
  };
}

function communitiesOf(
  graph: TableGraph,
  resolution: number,
  seed: number,
): { membership: Map<string, number>; modularity: number } {
  const g = new UndirectedGraph({ multi: false, allowSelfLoops: false });
  for (const edge of graph.edges) {
    if (!g.hasNode(edge.a)) g.addNode(edge.a);
    if (!g.hasNode(edge.b)) g.addNode(edge.b);
    g.addEdge(edge.a, edge.b, { weight: edge.weight });
  }
  if (g.size === 0) return { membership: new Map(), modularity: 0 };
  const result = louvain.detailed(g, {
    getEdgeWeight: 'weight',
    resolution,
    rng: seededRandom(seed),
  });
  return {
    membership: new Map(Object.entries(result.communities)),
    modularity: result.modularity,
  };
}

function adjacencyOf(
  edges: readonly TableEdge[],
): Map<string, { other: string; edge: TableEdge }[]> {
  const adjacency = new Map<string, { other: string; edge: TableEdge }[]>();
  const add = (from: string, other: string, edge: TableEdge): void => {
    adjacency.set(from, [...(adjacency.get(from) ?? []), { other, edge }]);
  };
  for (const edge of edges) {
    add(edge.a, edge.b, edge);
    add(edge.b, edge.a, edge);
  }
  return adjacency;
}

function reasonOf(
  table: string,
  domain: string | undefined,
  links: readonly TableLink[],
  graph: TableGraph,
  options: SuggestOptions,
): string {
  const parts: string[] = [];
  if (domain === undefined) {
    parts.push(
      options.coAccessRead
        ? 'isolated: no foreign key to or from another table, and no statement read uses it together with another'
        : 'isolated: no foreign key to or from another table',
    );
  } else {
    const inside = links.filter((l) => l.domain === domain);
    parts.push(...linkPhrases(inside));
    const across = links.filter((l) => l.domain !== domain);
    const acrossPhrases = linkPhrases(across, (l) => `${l.table} (${l.domain})`);
    if (acrossPhrases.length > 0) parts.push(`across domains: ${acrossPhrases.join(', ')}`);
  }
  if (graph.views.has(table)) parts.push('a view (views have no keys of their own)');
  if (graph.selfReferences.has(table)) parts.push('a foreign key to itself (a hierarchy)');
  const outside = graph.outside.get(table);
  if (outside)
    parts.push(
      `${count(outside.length, 'foreign key')} to tables not described here: ${listed(outside)}`,
    );
  return parts.join('; ');
}

function linkPhrases(
  links: readonly TableLink[],
  nameOf: (link: TableLink) => string = (l) => l.table,
): string[] {
  const phrases: string[] = [];
  const to = links.filter((l) => l.keysTo > 0);
  if (to.length > 0)
    phrases.push(
      `${count(
        sum(to, (l) => l.keysTo),
        'foreign key',
      )} to ${listed(to.map(nameOf))}`,
    );
  const from = links.filter((l) => l.keysFrom > 0);
  if (from.length > 0)
    phrases.push(
      `referenced by ${count(
        sum(from, (l) => l.keysFrom),
        'foreign key',
      )} from ${listed(from.map(nameOf))}`,
    );
  const used = links.filter((l) => l.calls > 0);
  if (used.length > 0)
    phrases.push(
      `used together with ${listed(used.map(nameOf))} in ${count(
        sum(used, (l) => l.calls),
        'call',
      )}`,
    );
  return phrases;
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}

function listed(names: readonly string[]): string {
  if (names.length <= NAMES_IN_REASON) return names.join(', ');
  return `${names.slice(0, NAMES_IN_REASON).join(', ')} and ${names.length - NAMES_IN_REASON} more`;
}

/** `1 foreign key`, `1,204 calls`: grouped digits, the same on every machine. */
export function count(n: number, noun: string): string {
  const digits = String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${digits} ${noun}${n === 1 ? '' : 's'}`;
}
