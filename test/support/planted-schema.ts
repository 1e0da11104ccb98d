import type { CatalogTable } from '../../src/core/import/catalog.ts';
import { seededRandom } from '../../src/core/discover/seeded-random.ts';

/**
 * A schema with known domains for `discover domains`: `domains` groups of 8–15 tables,
 * each group a tree of foreign keys plus extra keys inside it (dense), a share of keys
 * across groups (the noise a real schema has: an invoice pointing at a customer), and a
 * few tables with no key at all (to be said as isolated).
 */
export interface PlantedSchema {
  readonly tables: readonly CatalogTable[];
  /** Table → its planted domain; isolated tables are not in it. */
  readonly planted: ReadonlyMap<string, string>;
  readonly isolated: readonly string[];
  /** PostgreSQL DDL creating it (tables first, then the keys). */
  readonly sql: string;
}

const DOMAINS = ['sales', 'stock', 'hr', 'finance', 'production', 'marketing', 'service', 'fleet'];

export function plantedSchema(options: {
  readonly seed: number;
  readonly domains: number;
  /** Share of tables that get one key into another domain. */
  readonly crossShare: number;
  readonly isolated: number;
}): PlantedSchema {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const planted = new Map<string, string>();
  const keys = new Map<string, string[]>();
  const byDomain: string[][] = [];
  for (let d = 0; d < options.domains; d++) {
    const domain = `${DOMAINS[d % DOMAINS.length]}${d >= DOMAINS.length ? Math.floor(d / DOMAINS.length) : ''}`;
    const size = 8 + Math.floor(random() * 8);
    const tables: string[] = [];
    for (let i = 0; i < size; i++) {
      const name = `${domain}_${i}`;
      planted.set(name, domain);
      const references: string[] = [];
      if (i > 0) references.push(pick(tables));
      if (i > 1 && random() < 0.6) {
        const extra = pick(tables);
        if (!references.includes(extra)) references.push(extra);
      }
      keys.set(name, references);
      tables.push(name);
    }
    byDomain.push(tables);
  }
  const all = [...planted.keys()];
  const crossing = Math.round(all.length * options.crossShare);
  for (let k = 0; k < crossing; k++) {
    const from = pick(all);
    const to = pick(all.filter((t) => planted.get(t) !== planted.get(from)));
    keys.get(from)!.push(to);
  }
  const isolated = Array.from({ length: options.isolated }, (_, i) => `lookup_${i}`);
  for (const name of isolated) keys.set(name, []);

  const tables: CatalogTable[] = [...keys].map(([name, references]) => ({
    name,
    kind: 'table',
    columns: [],
    uniqueKeys: [],
    foreignKeys: references.map((table, i) => ({
      columns: [`fk_${i}`],
      table,
      referencedColumns: ['id'],
    })),
  }));
  return { tables, planted, isolated, sql: plantedSql(tables) };
}

/**
 * PostgreSQL DDL for the tables: each with `id` and a column `fk_<i>` per key, the keys
 * declared only where `declared(table, i)` says so (a legacy database often has the
 * columns and joins but not the constraints).
 */
export function plantedSql(
  tables: readonly CatalogTable[],
  declared: (table: string, index: number) => boolean = () => true,
): string {
  const create = tables.map(
    (t) =>
      `CREATE TABLE ${t.name} (id int PRIMARY KEY${t.foreignKeys.map((_, i) => `, fk_${i} int`).join('')});`,
  );
  const alter = tables.flatMap((t) =>
    t.foreignKeys.flatMap((key, i) =>
      declared(t.name, i)
        ? [`ALTER TABLE ${t.name} ADD FOREIGN KEY (fk_${i}) REFERENCES ${key.table} (id);`]
        : [],
    ),
  );
  return [...create, ...alter].join('\n');
}

/**
 * The share of planted tables found in "their" domain: found groups are matched one-to-one
 * to planted domains, largest overlap first, and a table counts when its group was matched
 * to its planted domain. (One-to-one, so splitting every table into its own group, or
 * putting all in one, cannot score well.)
 */
export function plantedShare(
  found: readonly (readonly string[])[],
  planted: ReadonlyMap<string, string>,
): number {
  const overlaps: { group: number; domain: string; n: number }[] = [];
  found.forEach((tables, group) => {
    const counts = new Map<string, number>();
    for (const t of tables) {
      const domain = planted.get(t);
      if (domain !== undefined) counts.set(domain, (counts.get(domain) ?? 0) + 1);
    }
    for (const [domain, n] of counts) overlaps.push({ group, domain, n });
  });
  overlaps.sort((a, b) => b.n - a.n);
  const usedGroups = new Set<number>();
  const usedDomains = new Set<string>();
  let matched = 0;
  for (const o of overlaps) {
    if (usedGroups.has(o.group) || usedDomains.has(o.domain)) continue;
    usedGroups.add(o.group);
    usedDomains.add(o.domain);
    matched += o.n;
  }
  return planted.size === 0 ? 1 : matched / planted.size;
}
