import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { JobOutcome } from '../../core/jobs/job-model.ts';
import type { Catalog } from '../catalog/catalog-model.ts';
import { indexMesh, readMeshTexts } from '../catalog/load-mesh.ts';
import type { JobContext, JobExecutor, SystemSchedule } from '../jobs/job-executor.ts';
import type { MeshworkStore } from '../store/store.ts';
import { recordAdoption } from './measure-adoption.ts';

/** Once a day: a day without a catalog index still gets its snapshot. */
export const ADOPTION_SYSTEM_SCHEDULE: SystemSchedule = {
  kind: 'adoption-snapshot',
  target: 'mesh',
  everyMinutes: 24 * 60,
};

/**
 * The `adoption-snapshot` job: indexes the mesh as the server serves it (the folder, else
 * the last published mesh in the store) and records the day's snapshot. Idempotent: a
 * second run the same day replaces the day's snapshot with a newer measure.
 */
export const adoptionSnapshotExecutor: JobExecutor = {
  kind: 'adoption-snapshot',
  async run(_job, context: JobContext): Promise<JobOutcome> {
    const now = context.now();
    const catalog = await servedCatalog(context.store, context.meshRoot, now);
    if (catalog === null)
      return {
        state: 'failed',
        error: {
          code: 'no-mesh',
          message: 'no mesh to measure: no meshwork.yaml and nothing published',
        },
      };
    const snapshot = await recordAdoption({
      store: context.store,
      catalog,
      now,
      source: 'schedule',
    });
    return {
      state: 'succeeded',
      result: { day: snapshot.day, products: snapshot.figures.products },
    };
  },
};

async function servedCatalog(
  store: MeshworkStore,
  meshRoot: string,
  now: Date,
): Promise<Catalog | null> {
  if (existsSync(join(meshRoot, 'meshwork.yaml')))
    return indexMesh({
      texts: await readMeshTexts(meshRoot),
      source: meshRoot,
      store,
      meshRoot,
      now,
    });
  const published = await store.catalog.current();
  if (published === null) return null;
  return indexMesh({
    texts: published.documents,
    source: published.source,
    store,
    meshRoot: null,
    now,
  });
}
