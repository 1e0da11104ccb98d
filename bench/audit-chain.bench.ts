import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAudit } from '../src/app/audit/index.ts';
import type { AuditEventInput, MeshworkStore } from '../src/app/store/store.ts';
import { createEmbeddedStore } from '../src/stores/embedded/index.ts';
import { createPostgresStore } from '../src/stores/postgresql/index.ts';
import { createTestDatabase, startTestPostgres } from '../test/support/postgres.ts';

const SEQUENTIAL = 1000;
const TOTAL = 20_000;
const IN_FLIGHT = 200;

/**
 * The audit chain on both stores: an append one after the other (a sign-in), appends with
 * 200 in flight (a burst of requests), and `verifyAudit` over 20,000 entries. Baseline in
 * the same run: a plain `runs.record` — an append without the chain's lock and head read.
 */
export async function benchAuditChain(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'meshwork-bench-audit-'));
  const server = await startTestPostgres();
  const db = await createTestDatabase(server.url, 'meshwork_bench_audit');
  try {
    const embedded = createEmbeddedStore({ directory: dir });
    await embedded.migrate();
    await measure('embedded', embedded);
    const postgres = createPostgresStore({ connectionString: db.url });
    await postgres.migrate();
    await measure('postgresql', postgres);
    await postgres.close();
  } finally {
    await db.drop();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function measure(name: string, store: MeshworkStore): Promise<void> {
  let started = performance.now();
  for (let i = 0; i < SEQUENTIAL; i++)
    await store.runs.record({
      id: `r${i}`,
      contractId: 'c',
      productId: null,
      port: null,
      server: null,
      reportedBy: 'bench',
      run: { status: 'passed', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1, checks: [] },
    });
  const baseline = (performance.now() - started) / SEQUENTIAL;
  started = performance.now();
  for (let i = 0; i < SEQUENTIAL; i++) await store.audit.append(input(`s${i}`));
  const sequential = (performance.now() - started) / SEQUENTIAL;
  started = performance.now();
  for (let i = SEQUENTIAL; i < TOTAL; i += IN_FLIGHT)
    await Promise.all(
      Array.from({ length: Math.min(IN_FLIGHT, TOTAL - i) }, (_, k) =>
        store.audit.append(input(`c${i + k}`)),
      ),
    );
  const burst = (performance.now() - started) / (TOTAL - SEQUENTIAL);
  started = performance.now();
  const { verdict } = await verifyAudit(store);
  const verify = performance.now() - started;
  if (!verdict.ok || verdict.count !== TOTAL) throw new Error(`${name}: chain not intact`);
  console.log(
    `${name}: audit append ${sequential.toFixed(2)} ms one after the other (runs.record ${baseline.toFixed(2)} ms, ${(sequential / baseline).toFixed(1)}x), ` +
      `${burst.toFixed(2)} ms each with ${IN_FLIGHT} in flight; verify ${TOTAL} entries ${Math.round(verify)} ms`,
  );
}

function input(id: string): AuditEventInput {
  return {
    id,
    at: '2026-01-01T00:00:00.000Z',
    actor: 'anna',
    action: 'auth.login',
    target: null,
    details: { address: '10.0.0.1', method: 'password' },
  };
}
