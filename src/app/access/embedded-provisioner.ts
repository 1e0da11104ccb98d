import type { GrantProvisioning } from '../../core/access/model.ts';
import type { GrantProvisioner } from './access-types.ts';

/** Where the embedded data API serves a port's current snapshot (issue 10). */
export function dataRoute(productId: string, port: string): string {
  return `/api/products/${encodeURIComponent(productId)}/ports/${encodeURIComponent(port)}/data`;
}

/**
 * The embedded data plane (Parquet snapshots): nothing to create — the data route asks
 * `dataAccess`, which reads the grant's state — so provisioning only says where to read,
 * and revoking is the grant's state change itself.
 */
export function createEmbeddedProvisioner(): GrantProvisioner {
  return {
    provision(grant) {
      const record: GrantProvisioning = {
        engine: 'embedded',
        server: null,
        objects: [dataRoute(grant.productId, grant.port)],
        role: null,
      };
      return Promise.resolve([record]);
    },
    revoke: () => Promise.resolve(),
  };
}
