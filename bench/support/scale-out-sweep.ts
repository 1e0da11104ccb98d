import { accessMeshFromTexts } from '../../src/app/access/access-mesh.ts';
import { createAccessService } from '../../src/app/access/access-service.ts';
import { createGrantProvisioner } from '../../src/app/access/grant-provisioner.ts';
import { RECOVERY_GRACE_MS } from '../../src/app/access/recover-approved.ts';
import type { RecoveryReport } from '../../src/app/access/access-types.ts';
import type { MeshworkStore } from '../../src/app/store/store.ts';

/**
 * The servers' own access sweep, run once after the load and before the checks: what
 * completes the requests the kill left `approved` (access-service's approval is three
 * writes). It runs as of a moment past the recovery grace — the load is over, no
 * activation is still in flight — so a request left without its grant is activated now
 * instead of after the grace; nothing in the load ends within minutes, so nothing expires.
 */
export async function sweepAfterLoad(
  store: MeshworkStore,
  meshRoot: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<RecoveryReport> {
  const texts = (await store.catalog.current())?.documents ?? [];
  const mesh = await accessMeshFromTexts(texts);
  const service = createAccessService({
    store,
    mesh: () => Promise.resolve(mesh),
    provision: createGrantProvisioner({ meshRoot, env }),
  });
  const report = await service.sweep(new Date(Date.now() + RECOVERY_GRACE_MS + 1000));
  if (report.recovery === undefined) throw new Error('the sweep did not recover requests');
  return report.recovery;
}
