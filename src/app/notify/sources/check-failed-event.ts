import type { MeshEvent } from '../../../core/notify/mesh-event.ts';
import { sourceNodeId } from '../../catalog/build-catalog.ts';
import type { Catalog } from '../../catalog/catalog-model.ts';
import type { StoredRun } from '../../store/store.ts';
import { joinBounded } from './publish-events.ts';

/**
 * `check.failed` for a stored run with at least one failed check, or null when none
 * failed (a warning or a check that could not run is not a failed promise; the run's
 * status says it). Addressed to the team owning the product whose contract it is; for a
 * source system's contract, to the teams of the products that read it. The id is the
 * run's, so a run handled twice (a retried report, a job run again) publishes once.
 * The scheduler's build and test jobs publish the same shape (app/jobs/executors/job-events.ts).
 */
export function checkFailedEvent(run: StoredRun, catalog: Catalog, at: Date): MeshEvent | null {
  const failed = run.run.checks.filter((c) => c.status === 'failed');
  if (failed.length === 0) return null;
  const product = run.productId === null ? undefined : catalog.productsById.get(run.productId);
  const readers =
    run.productId === null
      ? (catalog.downstream.get(sourceNodeId(run.contractId)) ?? []).flatMap(
          (link) => catalog.productsById.get(link.to) ?? [],
        )
      : [];
  const teams = product
    ? [product.detail.team?.name ?? []].flat()
    : readers.flatMap((r) => r.detail.team?.name ?? []);
  return {
    id: `check.failed:${run.id}`,
    type: 'check.failed',
    at: at.toISOString(),
    subject: run.contractId,
    productId: run.productId,
    domain: product?.detail.domain ?? null,
    recipients: { users: [], teams: [...new Set(teams)].sort() },
    data: {
      runId: run.id,
      contractId: run.contractId,
      port: run.port,
      server: run.server,
      status: run.run.status,
      failedChecks: failed.length,
      checks: run.run.checks.length,
      failed: joinBounded(failed.map((c) => c.id)),
      startedAt: run.run.startedAt,
      trigger: run.run.trigger ?? null,
    },
  };
}
