import type { Grant, GrantProvisioning } from '../../core/access/model.ts';
import type { AccessSettings, LoginEngine } from '../../core/access/engine-logins.ts';
import { databaseLogins, readAccessSettings } from '../../core/access/engine-logins.ts';
import type { ContractEntry } from '../../core/mesh/mesh-model.ts';
import type {
  Credentials,
  Engine,
  GrantAdmin,
  GrantTarget,
  GrantTargetRowFilter,
  ServerEntry,
} from '../../engines/engine.ts';
import { isRowFilterType } from '../../core/access/row-filter.ts';
import { loadEngine } from '../../engines/registry.ts';
import type { ServerSpec } from '../build/servers.ts';
import { contractServers, serverEntry } from '../build/servers.ts';
import { MeshworkError } from '../errors.ts';
import { credentialPrefix, resolveCredentials } from '../testing/credentials.ts';
import type { PortColumn } from './access-context.ts';
import { columnsOf, isPseudonymised, portView, selectColumns } from './access-context.ts';
import { teamsNamed } from './access-context.ts';
import type {
  AccessMesh,
  GrantProvisioner,
  MemberSyncResult,
  ProvisionContext,
} from './access-types.ts';

export interface EngineProvisionerOptions {
  /** The mesh folder (for the git-ignored secrets file); null: credentials from env only. */
  readonly meshRoot: string | null;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The engine of a server type; the registry by default (tests pass a fake). */
  readonly engineFor?: (serverType: string) => Promise<Engine | undefined>;
}

/**
 * Records of the other planes: the embedded data API's, and Trino's access rules
 * (trino-provisioner.ts), which are revoked by publishing the rules without the grant.
 */
const OTHER_PLANES = new Set(['embedded', 'trino']);
const isEngineRecord = (record: GrantProvisioning): boolean => !OTHER_PLANES.has(record.engine);

type GrantEngine = Engine & { openGrants: NonNullable<Engine['openGrants']> };

/** A server of the port's contract that holds grants: its engine can provision them. */
interface GrantServer {
  readonly spec: ServerSpec;
  readonly engine: GrantEngine;
}

/** Where a provisioned grant lives: the server entry stored with it, or none. */
interface HeldServer {
  readonly entry: ServerEntry;
  readonly engine: GrantEngine;
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

  async function grantEngine(type: string): Promise<GrantEngine | undefined> {
    const engine = await engineFor(type);
    return engine?.dialect.capabilities.canGrant && engine.openGrants
      ? (engine as GrantEngine)
      : undefined;
  }

  async function open(server: HeldServer): Promise<GrantAdmin> {
    const name = server.entry.server;
    const credentials = await credentialsOf(options, name);
    if (!credentials.url && !credentials.user)
      throw new MeshworkError(
        'engine',
        `no credentials for server "${name}" here (${credentialPrefix(name)}URL is not set)`,
      );
    return server.engine.openGrants({
      server: server.entry,
      credentials,
      baseDir: options.meshRoot ?? process.cwd(),
    });
  }

  const held = (server: GrantServer): HeldServer => ({
    entry: serverEntry(server.spec),
    engine: server.engine,
  });

  async function revokeOn(server: HeldServer, grant: Grant): Promise<void> {
    const admin = await open(server);
    try {
      await admin.revoke(grant.id, grant.consumerTeam, grant.consumerDomain);
    } finally {
      await admin.close();
    }
  }

  /**
   * The server a record was provisioned on: from the entry stored with it, so a grant is
   * revoked even after its product, port or server left the contract (and on the server
   * it was made on, should the contract now point elsewhere); a record without one (made
   * before entries were stored) falls back to the current contract.
   */
  async function heldServer(
    record: GrantProvisioning,
    current: readonly GrantServer[],
  ): Promise<HeldServer | string> {
    const name = record.server ?? '';
    if (record.serverEntry !== undefined) {
      const type = record.serverEntry.type;
      const engine = typeof type === 'string' ? await grantEngine(type) : undefined;
      if (!engine) return `the engine "${String(type)}" of server "${name}" cannot revoke grants`;
      return { entry: { ...record.serverEntry, server: name, type: String(type) }, engine };
    }
    const server = current.find((s) => s.spec.name === name);
    return server
      ? held(server)
      : `server "${name}" is not in the contract and its entry was not recorded`;
  }

  return {
    async provision(grant: Grant, context: ProvisionContext) {
      const servers = await grantServers(context.contract);
      if (servers.length === 0) return [];
      const all = context.contract ? columnsOf(context.contract) : [];
      const columns = selectColumns(all, grant.columns);
      const filter = filterOf(grant, all, columns);
      const done: GrantServer[] = [];
      const records: GrantProvisioning[] = [];
      try {
        for (const server of servers) {
          const admin = await open(held(server));
          try {
            const managed = loginsMapped(context.mesh, server.engine.name);
            const made = await admin.provision({
              grantId: grant.id,
              team: grant.consumerTeam,
              domain: grant.consumerDomain,
              targets: targetsOf(server.spec, columns, filter),
              personalInClear: grant.personalInClear,
              memberLogins: memberLogins(context.mesh, server.engine.name, context.members),
              ...(managed ? {} : { membersManaged: false }),
            });
            done.push(server);
            records.push({
              engine: server.engine.name,
              server: server.spec.name,
              objects: made.objects,
              role: made.role,
              ...(made.missingLogins ? { missingLogins: made.missingLogins } : {}),
              ...(made.removedLogins?.length ? { removedLogins: made.removedLogins } : {}),
              ...(managed ? {} : { membersUnmanaged: true }),
              serverEntry: storedEntry(server.spec),
            });
          } finally {
            await admin.close();
          }
        }
      } catch (error) {
        for (const server of done) await revokeOn(held(server), grant).catch(() => undefined);
        const reason = error instanceof Error ? error.message : String(error);
        throw new MeshworkError('engine', reason, { cause: error });
      }
      return records;
    },

    async revoke(grant: Grant, context: { readonly mesh: AccessMesh }) {
      const records = grant.provisioning.filter((p) => p.server !== null && isEngineRecord(p));
      if (records.length === 0) return;
      const view = portView(context.mesh, grant.productId, grant.port);
      const current = await grantServers(view?.contract);
      const problems: string[] = [];
      for (const record of records) {
        const server = await heldServer(record, current);
        if (typeof server === 'string') {
          problems.push(`${server}; drop ${record.objects.join(', ')} by hand`);
          continue;
        }
        try {
          await revokeOn(server, grant);
        } catch (error) {
          problems.push(
            `${record.server}: ${error instanceof Error ? error.message : String(error)}; ${record.objects.join(', ')} stay until it succeeds`,
          );
        }
      }
      if (problems.length > 0) throw new MeshworkError('engine', problems.join('; '));
    },

    async syncMembers(grants: readonly Grant[], context: { readonly mesh: AccessMesh }) {
      // Per server (its recorded entry), the teams holding a grant there.
      const servers = new Map<
        string,
        { record: GrantProvisioning; teams: Map<string, { domain: string; team: string }> }
      >();
      for (const grant of grants) {
        for (const record of grant.provisioning) {
          if (record.server === null || !isEngineRecord(record)) continue;
          const entry = servers.get(record.server) ?? { record, teams: new Map() };
          entry.teams.set(`${grant.consumerDomain}/${grant.consumerTeam}`, {
            domain: grant.consumerDomain,
            team: grant.consumerTeam,
          });
          servers.set(record.server, entry);
        }
      }
      const results: MemberSyncResult[] = [];
      for (const [name, { record, teams }] of servers) {
        const failAll = (reason: string): void => {
          for (const t of teams.values())
            results.push({
              server: name,
              ...t,
              removedLogins: [],
              missingLogins: [],
              error: reason,
            });
        };
        const server = await heldServer(record, await currentServers(context.mesh, grants, name));
        // Without a login mapping the memberships are the administrator's: not synced.
        if (typeof server !== 'string' && !loginsMapped(context.mesh, server.engine.name)) continue;
        if (typeof server === 'string') {
          failAll(server);
          continue;
        }
        let admin: GrantAdmin;
        try {
          admin = await open(server);
        } catch (error) {
          failAll(error instanceof Error ? error.message : String(error));
          continue;
        }
        try {
          for (const t of teams.values()) {
            const team = teamsNamed(context.mesh, t.team).find((x) => x.domain === t.domain);
            // A team gone from the mesh has no members: its logins lose the role.
            const members = team?.members.map((m) => m.username) ?? [];
            try {
              const synced = await admin.syncMembers({
                ...t,
                memberLogins: memberLogins(context.mesh, server.engine.name, members),
              });
              results.push({
                server: name,
                ...t,
                removedLogins: synced.removedLogins,
                missingLogins: synced.missingLogins,
              });
            } catch (error) {
              results.push({
                server: name,
                ...t,
                removedLogins: [],
                missingLogins: [],
                error: error instanceof Error ? error.message : String(error),
              });
            }
          }
        } finally {
          await admin.close();
        }
      }
      return results;
    },
  };

  /** The grant servers of the current contracts of the grants held on `name` (fallback for old records). */
  async function currentServers(
    mesh: AccessMesh,
    grants: readonly Grant[],
    name: string,
  ): Promise<GrantServer[]> {
    for (const grant of grants) {
      if (!grant.provisioning.some((p) => p.server === name)) continue;
      const found = (
        await grantServers(portView(mesh, grant.productId, grant.port)?.contract)
      ).find((s) => s.spec.name === name);
      if (found) return [found];
    }
    return [];
  }
}

/**
 * The server entry stored with a grant: its scalar fields (host, port, database, schema,
 * type …), without anything a secret might hide in — ODCS keeps credentials out of the
 * contract, but a field named like one is not stored should someone have put one there.
 */
function storedEntry(server: ServerSpec): Readonly<Record<string, string | number | boolean>> {
  const entry: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(serverEntry(server))) {
    if (/pass|secret|token|key|credential/i.test(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      entry[key] = value;
  }
  return entry;
}

/** A grant's row filter on the contract's column, or why the grant cannot be served with it. */
interface TableFilter {
  readonly physicalObject: string;
  readonly filter: GrantTargetRowFilter;
}

/**
 * The row filter of a grant on the served table it narrows. The contract may have changed
 * since the owner set it: a filter column that is gone, of another type now, or a grant
 * that now spans several tables fails the provisioning — served without its filter, the
 * grant would show every row.
 */
function filterOf(
  grant: Grant,
  all: readonly PortColumn[],
  granted: readonly PortColumn[],
): TableFilter | undefined {
  const rowFilter = grant.rowFilter;
  if (rowFilter === undefined || rowFilter === null) return undefined;
  const column = all.find((c) => c.name === rowFilter.column);
  if (!column)
    throw new MeshworkError(
      'engine',
      `the row filter's column ${rowFilter.column} is not in the port's contract any more`,
    );
  if (!isRowFilterType(column.logicalType))
    throw new MeshworkError(
      'engine',
      `the row filter's column ${rowFilter.column} is of logical type ${column.logicalType ?? '(none)'} now`,
    );
  const others = granted.filter((c) => c.physicalObject !== column.physicalObject);
  if (others.length > 0)
    throw new MeshworkError(
      'engine',
      `the row filter narrows ${column.physicalObject}, but the grant also serves ${others.map((c) => c.name).join(', ')}`,
    );
  return {
    physicalObject: column.physicalObject,
    filter: {
      column: column.physicalName,
      logicalType: column.logicalType,
      values: rowFilter.values,
    },
  };
}

/** The served tables of the granted columns, per schema object, in contract order. */
function targetsOf(
  server: ServerSpec,
  columns: readonly PortColumn[],
  filter: TableFilter | undefined,
): GrantTarget[] {
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
    columns: list.map((c) => ({ name: c.physicalName, personal: isPseudonymised(c) })),
    ...(filter !== undefined && filter.physicalObject === table
      ? { rowFilter: filter.filter }
      : {}),
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

/** Whether meshwork.yaml maps users to logins of the engine (`access.<engine>.login`). */
function loginsMapped(mesh: AccessMesh, engine: string): boolean {
  const { settings } = readAccessSettings(mesh.model.organisation?.source.data);
  return isLoginEngine(settings, engine) && settings[engine]?.login !== undefined;
}

function isLoginEngine(settings: AccessSettings, engine: string): engine is LoginEngine {
  return engine === 'postgresql' && Object.hasOwn(settings, engine);
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
