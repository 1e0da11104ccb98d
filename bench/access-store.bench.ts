import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MeshworkStore } from '../src/app/store/store.ts';
import { createEmbeddedStore } from '../src/stores/embedded/index.ts';
import { createPostgresStore } from '../src/stores/postgresql/index.ts';
import { grant } from '../test/conformance/stores/access-conformance.ts';
import { createTestDatabase } from '../test/support/postgres.ts';

const GRANTS = 10_000;

/**
 * The store's share of a sweep of 10,000 grants (issue 10): find the active grants that
 * ended (paging through `list({ states: ['active'], endsBefore })`) and expire each with an
 * atomic `update`, one after the other — what the sweep does besides the engine's revoke.
 * Baseline in the same run: the same number of plain `get`s. Embedded always; PostgreSQL
 * when `MESHWORK_TEST_PG_URL` names a server.
 */
export async function benchAccessStore(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'meshwork-bench-access-'));
  try {
    const embedded = createEmbeddedStore({ directory: dir });
    await embedded.migrate();
    await sweep('embedded', embedded);
    await embedded.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const url = process.env.MESHWORK_TEST_PG_URL;
  if (!url) {
    console.log('postgresql: skipped (MESHWORK_TEST_PG_URL not set)');
    return;
  }
  const database = await createTestDatabase(url, 'meshwork_bench_access');
  try {
    const store = createPostgresStore({ connectionString: database.url, maxConnections: 4 });
    await store.migrate();
    await sweep('postgresql', store);
    await store.close();
  } finally {
    await database.drop();
  }
}

async function sweep(name: string, store: MeshworkStore): Promise<void> {
  const ends = (i: number): string =>
    new Date(Date.UTC(2026, 0, 1) + (i % 100) * 86_400_000).toISOString();
  let started = performance.now();
  for (let i = 0; i < GRANTS; i++) await store.grants.create(grant(`g${i}`, { endsAt: ends(i) }));
  const created = performance.now() - started;

  started = performance.now();
  for (let i = 0; i < GRANTS; i++) await store.grants.get(`g${i}`);
  const gets = performance.now() - started;

  const now = '2026-03-01T00:00:00.000Z';
  started = performance.now();
  const due: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<MeshworkStore['grants']['list']>> = await store.grants.list({
      states: ['active'],
      endsBefore: now,
      limit: 500,
      cursor,
    });
    for (const g of page.items) due.push(g.id);
    cursor = page.next;
  } while (cursor !== null);
  const listed = performance.now() - started;

  started = performance.now();
  for (const id of due)
    await store.grants.update(id, (g) =>
      g.state === 'active' ? { ...g, state: 'expired', endedAt: now, endedBy: 'system' } : null,
    );
  const updated = performance.now() - started;
  const left = await store.grants.list({ states: ['active'], endsBefore: now, limit: 1 });
  if (left.items.length > 0) throw new Error('a due grant was not expired');

  const rate = (count: number, ms: number): string => `${Math.round((count / ms) * 1000)}/s`;
  console.log(`${name}: ${GRANTS} grants, ${due.length} due (ended before ${now})`);
  console.log(`  create one by one: ${(created / 1000).toFixed(1)} s (${rate(GRANTS, created)})`);
  console.log(`  baseline get one by one: ${(gets / 1000).toFixed(1)} s (${rate(GRANTS, gets)})`);
  console.log(`  list the due grants (pages of 500): ${listed.toFixed(0)} ms`);
  console.log(
    `  expire each by atomic update: ${(updated / 1000).toFixed(1)} s (${rate(due.length, updated)}), ${(updated / due.length / (gets / GRANTS)).toFixed(1)}x a get`,
  );
}
