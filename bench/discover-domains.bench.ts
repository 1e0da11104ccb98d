import { discoverDomains } from '../src/app/discover/index.ts';
import { suggestDomains, tableGraph } from '../src/core/discover/index.ts';
import type { TableGraph } from '../src/core/discover/index.ts';
import {
  createTestDatabase,
  startEmbeddedPostgres,
  startTestPostgres,
  withClient,
} from '../test/support/postgres.ts';
import { plantedSchema, plantedShare, plantedSql } from '../test/support/planted-schema.ts';
import { seededRandom } from '../src/core/discover/seeded-random.ts';

const SCHEMAS = Number(process.env.MESHWORK_BENCH_DISCOVER_SCHEMAS ?? 5);
const DOMAINS = 6;
const CROSS_SHARE = 0.1;
const ISOLATED = 5;
const REPEAT = 30;

/** The baseline: connected components of the same graph (what "follow the keys" gives). */
function components(graph: TableGraph): string[][] {
  const parent = new Map(graph.tables.map((t) => [t, t]));
  const root = (t: string): string => {
    let r = t;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(t, r);
    return r;
  };
  for (const e of graph.edges) parent.set(root(e.a), root(e.b));
  const groups = new Map<string, string[]>();
  const linked = new Set(graph.edges.flatMap((e) => [e.a, e.b]));
  for (const t of graph.tables)
    if (linked.has(t)) groups.set(root(t), [...(groups.get(root(t)) ?? []), t]);
  return [...groups.values()];
}

function timed<T>(work: () => T): { value: T; ms: number } {
  let value = work();
  const started = performance.now();
  for (let i = 0; i < REPEAT; i++) value = work();
  return { value, ms: (performance.now() - started) / REPEAT };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * `meshwork discover domains` on generated schemas with planted domains (SCHEMAS schemas
 * of DOMAINS × 8–15 tables, dense keys inside, CROSS_SHARE of tables with a key across,
 * ISOLATED tables with none) created in a real PostgreSQL and read back through the
 * command's own path (catalog read + graph + Louvain). Reported: the share of tables in
 * their planted domain (one-to-one best match) and the time, against connected components
 * of the same graph in the same run.
 */
export async function benchDiscoverDomains(): Promise<void> {
  const pg = await startTestPostgres();
  const louvainShares: number[] = [];
  const componentShares: number[] = [];
  const endToEnd: number[] = [];
  const louvainMs: number[] = [];
  const componentMs: number[] = [];
  try {
    console.log(
      `planted: ${SCHEMAS} schemas × ${DOMAINS} domains of 8–15 tables, ${pct(CROSS_SHARE)} of tables with a key across domains, ${ISOLATED} isolated tables; PostgreSQL ${pg.external ? '(MESHWORK_TEST_PG_URL)' : '(embedded)'}`,
    );
    for (let seed = 1; seed <= SCHEMAS; seed++) {
      const schema = plantedSchema({
        seed,
        domains: DOMAINS,
        crossShare: CROSS_SHARE,
        isolated: ISOLATED,
      });
      const db = await createTestDatabase(pg.url, 'meshwork_bench_discover');
      try {
        await withClient(db.url, (c) => c.query(schema.sql));
        const started = performance.now();
        const report = await discoverDomains(
          { kind: 'database', url: db.url, serverType: 'postgresql' },
          { cwd: process.cwd(), env: {} },
        );
        endToEnd.push(performance.now() - started);
        const found = report.discovery.domains.map((d) => d.tables.map((t) => t.table));
        const louvainShare = plantedShare(found, schema.planted);
        const isolatedFound = report.discovery.isolated.filter((t) =>
          schema.isolated.includes(t.table),
        ).length;

        const graph = tableGraph(schema.tables);
        const louvain = timed(() => suggestDomains(graph));
        const baseline = timed(() => components(graph));
        const componentShare = plantedShare(baseline.value, schema.planted);
        louvainShares.push(louvainShare);
        componentShares.push(componentShare);
        louvainMs.push(louvain.ms);
        componentMs.push(baseline.ms);
        console.log(
          `schema ${seed}: ${report.tables} tables, ${report.foreignKeys} foreign keys — ` +
            `Louvain ${found.length} domains, ${pct(louvainShare)} in their planted domain, ` +
            `${isolatedFound}/${ISOLATED} isolated said as such; ` +
            `connected components ${baseline.value.length} groups, ${pct(componentShare)}`,
        );
      } finally {
        await db.drop();
      }
    }
  } finally {
    await pg.stop();
  }
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `share of tables in their planted domain: Louvain mean ${pct(mean(louvainShares))} (min ${pct(Math.min(...louvainShares))}), ` +
      `baseline connected components mean ${pct(mean(componentShares))}`,
  );
  const l = median(louvainMs);
  const c = median(componentMs);
  console.log(
    `time: discover end-to-end (catalog read over the wire + graph + Louvain) median ${median(endToEnd).toFixed(0)} ms; ` +
      `graph step alone: Louvain with reasons ${l.toFixed(2)} ms vs connected components ${c.toFixed(3)} ms (ratio ${(l / c).toFixed(0)})`,
  );

  // The same at ten times the size, in memory only: does the graph step stay cheap?
  const large = plantedSchema({ seed: 99, domains: 60, crossShare: CROSS_SHARE, isolated: 50 });
  const graph = tableGraph(large.tables);
  const louvain = timed(() => suggestDomains(graph));
  const baseline = timed(() => components(graph));
  const finer = [2, 4].map((resolution) => {
    const d = suggestDomains(graph, { resolution });
    return `--resolution ${resolution}: ${d.domains.length} domains, ${pct(
      plantedShare(
        d.domains.map((x) => x.tables.map((t) => t.table)),
        large.planted,
      ),
    )}`;
  });
  console.log(
    `in memory, ${large.tables.length} tables (60 planted domains): Louvain ${louvain.value.domains.length} domains, ` +
      `${pct(
        plantedShare(
          louvain.value.domains.map((d) => d.tables.map((t) => t.table)),
          large.planted,
        ),
      )} in their planted domain, ` +
      `${louvain.ms.toFixed(1)} ms; connected components ${pct(plantedShare(baseline.value, large.planted))}, ${baseline.ms.toFixed(2)} ms (ratio ${(louvain.ms / baseline.ms).toFixed(0)}); ` +
      `with ${finer.join('; ')}`,
  );

  await benchCoAccess();
}

/** Share of keys not declared as constraints in the co-access run (the joins still happen). */
const UNDECLARED = 0.5;

/**
 * Co-access where keys are missing: the planted schema with half of its keys not declared
 * (columns and joins, no constraint — common in older databases), in an embedded
 * PostgreSQL started with pg_stat_statements; every key, declared or not, is joined 1–20
 * times as an application would. Keys alone vs keys + co-access, through the command's path.
 */
async function benchCoAccess(): Promise<void> {
  let pg;
  try {
    pg = await startEmbeddedPostgres({ sharedPreloadLibraries: ['pg_stat_statements'] });
  } catch (error) {
    console.log(
      `co-access: not measured (no embedded PostgreSQL: ${(error as Error).message.split('\n')[0]})`,
    );
    return;
  }
  const keysOnly: number[] = [];
  const withCoAccess: number[] = [];
  try {
    for (let seed = 1; seed <= SCHEMAS; seed++) {
      const schema = plantedSchema({
        seed,
        domains: DOMAINS,
        crossShare: CROSS_SHARE,
        isolated: ISOLATED,
      });
      const random = seededRandom(seed * 7919);
      const declared = new Set<string>();
      for (const t of schema.tables)
        t.foreignKeys.forEach((_, i) => {
          if (random() >= UNDECLARED) declared.add(`${t.name}.${i}`);
        });
      const db = await createTestDatabase(pg.url, 'meshwork_bench_coaccess');
      try {
        await withClient(db.url, async (c) => {
          await c.query('CREATE EXTENSION pg_stat_statements');
          await c.query(plantedSql(schema.tables, (table, i) => declared.has(`${table}.${i}`)));
          for (const t of schema.tables)
            for (const [i, key] of t.foreignKeys.entries()) {
              // Without aliases: PostgreSQL 18's pg_stat_statements groups statements of
              // one shape by their alias names, so `FROM x a JOIN y b` over other tables
              // would be counted as the first such statement (docs/discover.md).
              const calls = 1 + Math.floor(random() * 20);
              for (let n = 0; n < calls; n++)
                await c.query(
                  `SELECT ${t.name}.id FROM ${t.name} JOIN ${key.table} ON ${key.table}.id = ${t.name}.fk_${i} WHERE ${t.name}.id = $1`,
                  [n],
                );
            }
        });
        const report = await discoverDomains(
          { kind: 'database', url: db.url, serverType: 'postgresql' },
          { cwd: process.cwd(), env: {} },
        );
        if (!report.coAccess.available)
          throw new Error(`co-access not read: ${report.coAccess.reason}`);
        const onlyKeys = suggestDomains(
          tableGraph(
            schema.tables.map((t) => ({
              ...t,
              foreignKeys: t.foreignKeys.filter((_, i) => declared.has(`${t.name}.${i}`)),
            })),
          ),
        );
        keysOnly.push(
          plantedShare(
            onlyKeys.domains.map((d) => d.tables.map((t) => t.table)),
            schema.planted,
          ),
        );
        withCoAccess.push(
          plantedShare(
            report.discovery.domains.map((d) => d.tables.map((t) => t.table)),
            schema.planted,
          ),
        );
      } finally {
        await db.drop();
      }
    }
  } finally {
    await pg.stop();
  }
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `co-access: ${pct(UNDECLARED)} of keys not declared, every key joined 1–20 times (pg_stat_statements, embedded PostgreSQL): ` +
      `declared keys alone ${pct(mean(keysOnly))}, keys + co-access ${pct(mean(withCoAccess))} of tables in their planted domain (mean of ${SCHEMAS})`,
  );
}
