import type { GrantProvisioning } from '../../core/access/model.ts';
import { MeshworkError } from '../errors.ts';
import type { GrantProvisioner, MemberSyncResult } from './access-types.ts';
import { createEmbeddedProvisioner } from './embedded-provisioner.ts';
import type { EngineProvisionerOptions } from './engine-provisioner.ts';
import { createEngineProvisioner } from './engine-provisioner.ts';
import { createTrinoProvisioner } from './trino-provisioner.ts';
import type { TrinoRulesPublisher } from './trino-rules-publisher.ts';

/**
 * Several data planes for one grant (a port may be served in PostgreSQL and as a
 * snapshot): all of them, or none — when one fails, those before are revoked again.
 * Revoking asks every one and reports every failure.
 */
export function combineProvisioners(...planes: readonly GrantProvisioner[]): GrantProvisioner {
  return {
    async provision(grant, context) {
      const records: GrantProvisioning[] = [];
      const done: GrantProvisioner[] = [];
      try {
        for (const plane of planes) {
          records.push(...(await plane.provision(grant, context)));
          done.push(plane);
        }
      } catch (error) {
        const made = { ...grant, provisioning: records };
        for (const plane of done) await plane.revoke(made, context).catch(() => undefined);
        throw error;
      }
      return records;
    },
    async revoke(grant, context) {
      const problems: string[] = [];
      for (const plane of planes) {
        try {
          await plane.revoke(grant, context);
        } catch (error) {
          problems.push(error instanceof Error ? error.message : String(error));
        }
      }
      if (problems.length > 0) throw new MeshworkError('engine', problems.join('; '));
    },
    async syncMembers(grants, context) {
      const results: MemberSyncResult[] = [];
      for (const plane of planes)
        if (plane.syncMembers) results.push(...(await plane.syncMembers(grants, context)));
      return results;
    },
  };
}

/**
 * The data planes a server uses: the engines that hold grants, Trino's access rules when
 * a publisher is given (issue 14), and the embedded data API.
 */
export function createGrantProvisioner(
  options: EngineProvisionerOptions & { readonly trino?: TrinoRulesPublisher },
): GrantProvisioner {
  return combineProvisioners(
    createEngineProvisioner(options),
    ...(options.trino === undefined ? [] : [createTrinoProvisioner(options.trino)]),
    createEmbeddedProvisioner(),
  );
}
