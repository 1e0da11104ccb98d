import type { Grant, GrantProvisioning } from '../../core/access/model.ts';
import type { AccessSettings, LoginEngine } from '../../core/access/engine-logins.ts';
import { databaseLogins, readAccessSettings } from '../../core/access/engine-logins.ts';
import type { ContractEntry } from '../../core/mesh/mesh-model.ts';
import type {
  Credentials,
  Engine,
  GrantAdmin,
  GrantTarget,
  ServerEntry,
} from '../../engines/engine.ts';
import { loadEngine } from '../../engines/registry.ts';
import type { ServerSpec } from '../build/servers.ts';
import { contractServers, serverEntry } from '../build/servers.ts';
import { MeshworkError } from '../errors.ts';
import { credentialPrefix, resolveCredentials } from '../testing/credentials.ts';
import type { PortColumn } from './access-context.ts';
import { columnsOf, portView, selectColumns } from './access-context.ts';
import type { AccessMesh, GrantProvisioner, ProvisionContext } from './access-types.ts';

export interface EngineProvisionerOptions {
  /** The mesh folder (for the git-ignored secrets file); null: credentials from env only. */
  readonly meshRoot: string | null;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The engine of a server type; the registry by default (tests pass a fake). */
  readonly engineFor?: (serverType: string) => Promise<Engine | undefined>;
}

/** A server of the port's contract that holds grants: its engine can provision them. */
interface GrantServer {
  readonly spec: ServerSpec;
  readonly engine: Engine & { openGrants: NonNullable<Engine['openGrants']> };
}

/**
 * Grants in the engines that hold a port's served tables: for every server of the port's
 * contract whose engine says `canGrant` (PostgreSQL: a role per team, a view per grant),
 * with the same credentials the build serves with (`MESHWORK_<SERVER>_URL` …, or the
 * secrets file). A server that cannot be reached or has no credentials here fails the
 * provisioning — a grant is never reported where it does not exist — and what was already
 * made on other servers is revoked again.
 */
export function createEngineProvisioner(options: EngineProvisionerOptions): GrantProvisioner {
  const engineFor = options.engineFor ?? loadEngine;

  async function grantServers(contract: ContractEntry | undefined): Promise<GrantServer[]> {
    if (!contract) return [];
    const found: GrantServer[] = [];
    for (const spec of contractServers(contract)) {
      const engine = await engineFor(spec.type);
      if (engine?.dialect.capabilities.canGrant && engine.openGrants)
        found.push({ spec, engine: engine as GrantServer['engine'] });
    }
    return found;
  }

  async function open(server: GrantServer): Promise<GrantAdmin> {
    const credentials = await credentialsOf(options, server.spec.name);
    if (!credentials.url && !credentials.user)
      throw new MeshworkError(
        'engine',
        `no credentials for server "${server.spec.name}" here (${credentialPrefix(server.spec.name)}URL is not set)`,
      );
    const entry: ServerEntry = serverEntry(server.spec);
    return server.engine.openGrants({
      server: entry,
      credentials,
      baseDir: options.meshRoot ?? process.cwd(),
    });
  }

  async function revokeOn(server: GrantServer, grant: Grant): Promise<void> {
    const admin = await open(server);
    try {
      await admin.revoke(grant.id, grant.consumerTeam);
    } finally {
      await admin.close();
    }
  }

  return {
    async provision(grant: Grant, context: ProvisionContext) {
      const servers = await grantServers(context.contract);
      if (servers.length === 0) return [];
      const columns = selectColumns(
        context.contract ? columnsOf(context.contract) : [],
        grant.columns,
      );
      const done: GrantServer[] = [];
      const records: GrantProvisioning[] = [];
      try {
        for (const server of servers) {
          const admin = await open(server);
          try {
            const made = await admin.provision({
              grantId: grant.id,
              team: grant.consumerTeam,
              targets: targetsOf(server.spec, columns),
              personalInClear: grant.personalInClear,
              memberLogins: memberLogins(context.mesh, server.engine.name, context.members),
            });
            done.push(server);
            records.push({
              engine: server.engine.name,
              server: server.spec.name,
              objects: made.objects,
              role: made.role,
            });
          } finally {
            await admin.close();
          }
        }
      } catch (error) {
        for (const server of done) await revokeOn(server, grant).catch(() => undefined);
        const reason = error instanceof Error ? error.message : String(error);
        throw new MeshworkError('engine', reason, { cause: error });
      }
      return records;
    },

    async revoke(grant: Grant, context: { readonly mesh: AccessMesh }) {
      const held = grant.provisioning.filter((p) => p.server !== null && p.engine !== 'embedded');
      if (held.length === 0) return;
      const view = portView(context.mesh, grant.productId, grant.port);
      const servers = await grantServers(view?.contract);
      const problems: string[] = [];
      for (const record of held) {
        const server = servers.find((s) => s.spec.name === record.server);
        if (!server) {
          problems.push(
            `server "${record.server}" is no longer in the contract of ${grant.productId}/${grant.port}; drop ${record.objects.join(', ')} by hand`,
          );
          continue;
        }
        try {
          await revokeOn(server, grant);
        } catch (error) {
          problems.push(
            `${record.server}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      if (problems.length > 0) throw new MeshworkError('engine', problems.join('; '));
    },
  };
}

/** The served tables of the granted columns, per schema object, in contract order. */
function targetsOf(server: ServerSpec, columns: readonly PortColumn[]): GrantTarget[] {
  const schema = typeof server.fields.schema === 'string' ? server.fields.schema : 'public';
  const byTable = new Map<string, PortColumn[]>();
  for (const c of columns) {
    const list = byTable.get(c.physicalObject) ?? [];
    list.push(c);
    byTable.set(c.physicalObject, list);
  }
  return [...byTable].map(([table, list]) => ({
    schema,
    table,
    columns: list.map((c) => ({ name: c.physicalName, personal: c.personal })),
  }));
}

/**
 * Database logins of the consumer team's members, from `access.<engine>.login` in
 * meshwork.yaml (core/access/engine-logins.ts). Without it nobody's login is made a
 * member: that is configured, never guessed.
 */
export function memberLogins(
  mesh: AccessMesh,
  engine: string,
  members: readonly string[],
): string[] {
  const { settings } = readAccessSettings(mesh.model.organisation?.source.data);
  return isLoginEngine(settings, engine) ? databaseLogins(settings, engine, members) : [];
}

function isLoginEngine(settings: AccessSettings, engine: string): engine is LoginEngine {
  return Object.hasOwn(settings, engine);
}

async function credentialsOf(
  options: EngineProvisionerOptions,
  server: string,
): Promise<Credentials> {
  if (options.meshRoot !== null) return resolveCredentials(options.meshRoot, server, options.env);
  const prefix = credentialPrefix(server);
  const pick = (key: string): string | undefined => options.env[`${prefix}${key}`];
  const url = pick('URL');
  const user = pick('USER');
  const password = pick('PASSWORD');
  return {
    ...(url !== undefined ? { url } : {}),
    ...(user !== undefined ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}
