import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAccessService,
  createEmbeddedProvisioner,
} from '../src/app/access/access-service.ts';
import { createEmbeddedStore } from '../src/stores/embedded/index.ts';
import { grant } from '../test/conformance/stores/access-conformance.ts';
import { meshOf } from '../test/app/access/access-fixture.ts';

const GRANTS = 10_000;
const DAY = 86_400_000;

/**
 * `meshwork access sweep` over 10,000 active grants in the embedded store (issue 10): a
 * third past their end (expired), a third ending within the reminder window (reminded), a
 * third untouched. The embedded data plane, so the figure is the service's and the store's
 * share; an engine adds one revoke per ended grant. Baseline in the same run: a plain `get`
 * of every grant.
 */
export async function benchAccessSweep(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'meshwork-bench-sweep-'));
  try {
    const store = createEmbeddedStore({ directory: dir });
    await store.migrate();
    const now = new Date('2026-03-01T00:00:00.000Z');
    const ends = (i: number): string =>
      new Date(now.getTime() + (i % 3 === 0 ? -1 : i % 3 === 1 ? 5 : 100) * DAY).toISOString();
    for (let i = 0; i < GRANTS; i++)
      await store.grants.create(
        grant(`g${i}`, {
          productId: 'sales-kpis',
          port: 'kpis',
          consumerTeam: 'marketing-team',
          endsAt: ends(i),
          certifiedAt: now.toISOString(),
        }),
      );
    let started = performance.now();
    for (let i = 0; i < GRANTS; i++) await store.grants.get(`g${i}`);
    const gets = performance.now() - started;

    const mesh = await meshOf();
    const service = createAccessService({
      store,
      mesh: () => Promise.resolve(mesh),
      now: () => now,
      provision: createEmbeddedProvisioner(),
    });
    started = performance.now();
    const report = await service.sweep(now);
    const swept = performance.now() - started;
    if (report.failed.length > 0) throw new Error(`${report.failed.length} grants failed`);
    started = performance.now();
    const again = await service.sweep(now);
    const idle = performance.now() - started;
    console.log(
      `embedded: ${GRANTS} active grants → ${report.expired.length} expired, ${report.reminded.length} reminded, ${report.lapsed.length} lapsed`,
    );
    console.log(`  baseline get one by one: ${(gets / 1000).toFixed(1)} s`);
    console.log(
      `  sweep: ${(swept / 1000).toFixed(1)} s (${(swept / GRANTS).toFixed(2)} ms a grant, ${(swept / gets).toFixed(1)}x the gets)`,
    );
    console.log(
      `  second sweep, nothing to do: ${(idle / 1000).toFixed(2)} s (${again.expired.length + again.reminded.length} changes)`,
    );
    await store.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
