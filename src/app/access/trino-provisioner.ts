import type { GrantProvisioning } from '../../core/access/model.ts';
import { teamGroup } from '../../core/access/trino-rules.ts';
import { contractObjects } from '../build/servers.ts';
import { MeshworkError } from '../errors.ts';
import type { GrantProvisioner } from './access-types.ts';
import type { TrinoRulesPublisher } from './trino-rules-publisher.ts';
import { trinoServersOf } from './trino-rules-publisher.ts';

export const TRINO_ENGINE = 'trino';

/**
 * The Trino data plane (issue 14): a grant on a port served by a `trino` server is in
 * force once the rules holding it are published; provisioning publishes the active
 * grants plus this one and fails — so the grant is not made active, and the planes
 * before are revoked again (combineProvisioners) — when the set cannot be published.
 * Revoking publishes the set without it. A port with no trino server is not this
 * plane's: nothing is published for it.
 */
export function createTrinoProvisioner(publisher: TrinoRulesPublisher): GrantProvisioner {
  return {
    async provision(grant, context) {
      const servers = trinoServersOf(context.contract);
      if (servers.length === 0) return [];
      const config = publisher.config(context.mesh);
      if ('missing' in config)
        throw new MeshworkError(
          'engine',
          `The port "${grant.port}" of ${grant.productId} is served by Trino, but its access rules cannot be published here: ${config.missing}.`,
        );
      await publisher.publish(context.mesh, { add: grant });
      const tables = context.contract ? contractObjects(context.contract) : [];
      return servers.map((server): GrantProvisioning => ({
        engine: TRINO_ENGINE,
        server: server.name,
        objects: tables.map((t) => `${server.catalog}.${server.schema}.${t.physicalName}`),
        role: teamGroup(grant.consumerDomain, grant.consumerTeam),
        serverEntry: {
          server: server.name,
          type: 'trino',
          catalog: server.catalog,
          schema: server.schema,
        },
      }));
    },
    async revoke(grant, context) {
      if (!grant.provisioning.some((p) => p.engine === TRINO_ENGINE)) return;
      await publisher.publish(context.mesh, { remove: grant.id });
    },
    async syncMembers(grants, context) {
      // Members live in the group file: a publish writes every team's current members.
      if (!grants.some((g) => g.provisioning.some((p) => p.engine === TRINO_ENGINE))) return [];
      if ('missing' in publisher.config(context.mesh)) return [];
      try {
        await publisher.publish(context.mesh);
        return [];
      } catch (error) {
        return [
          {
            server: TRINO_ENGINE,
            domain: '',
            team: '',
            removedLogins: [],
            missingLogins: [],
            error: error instanceof Error ? error.message : String(error),
          },
        ];
      }
    },
  };
}
