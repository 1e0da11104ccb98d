import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import type { AccessSettings } from '../../core/access/engine-logins.ts';
import {
  DEFAULT_TRINO_SERVICE_USER,
  readAccessSettings,
  trinoUsers,
} from '../../core/access/engine-logins.ts';
import type { Grant } from '../../core/access/model.ts';
import type {
  TrinoGrantTarget,
  TrinoRuleSet,
  TrinoRulesProblem,
  TrinoTableColumn,
  TrinoTeamMembers,
} from '../../core/access/trino-rules.ts';
import { quoteTrinoIdentifier, trinoRuleSet } from '../../core/access/trino-rules.ts';
import { validateTrinoRules } from '../../core/access/trino-rules-validate.ts';
import { asList, asObject } from '../../core/json/loose.ts';
import type { ContractEntry } from '../../core/mesh/mesh-model.ts';
import { contractServers } from '../build/servers.ts';
import { MeshworkError } from '../errors.ts';
import type { MeshworkStore, TrinoRulesPublishOutcome } from '../store/store.ts';
import { columnsOf, isPseudonymised, portView, selectColumns } from './access-context.ts';
import type { AccessMesh } from './access-types.ts';

/**
 * Publishes the Trino access rules of the active grants (issue 14): resolves each grant
 * onto its port's `trino` server tables, generates the rules (core/access/trino-rules.ts),
 * checks them — structurally, then every mask and filter EXPLAINed on its table as the
 * service user — and only when all pass stores the set (`store.trinoRules`, a
 * compare-and-set on its version), then writes the group file and the rules file from
 * what the store holds, each to a temporary file renamed over the old one (Trino never
 * reads half a file). The store is the set in force: every server process behind a load
 * balancer serves it (the HTTP route) and brings its own files up to it (`sync`). A set
 * that fails is never stored nor written: the previous one stays in force, the failure is
 * thrown, audited (`trino.rules-failed`) and shown by the status.
 */

export const TRINO_RULES_PUBLISHED = 'trino.rules-published';
export const TRINO_RULES_FAILED = 'trino.rules-failed';
const MAX_PROBLEM_CHARS = 2000;

export interface TrinoAccessConfig {
  readonly url: string;
  readonly password?: string;
  readonly rulesFile: string;
  readonly groupsFile: string;
  readonly serviceUser: string;
}

/** A change to publish with: the grant being provisioned, or the one being revoked. */
export interface TrinoPublishChange {
  readonly add?: Grant;
  readonly remove?: string;
}

export interface TrinoPublishResult {
  /** The set's hash, shortened (as in the status). */
  readonly version: string;
  /** The store's version of the set in force (counts up from 1). */
  readonly revision: number;
  /** False when neither the store nor this server's files changed. */
  readonly changed: boolean;
  readonly grants: number;
  readonly tables: number;
}

export interface TrinoRulesPublisher {
  /** The settings of this mesh, or why there are none (Trino access is not configured). */
  config(mesh: AccessMesh): TrinoAccessConfig | { readonly missing: string };
  publish(mesh: AccessMesh, change?: TrinoPublishChange): Promise<TrinoPublishResult>;
  /**
   * Writes this server's rules and group files from the set in the store when they differ
   * (a server whose files are behind another's publish); null when none is stored yet.
   */
  sync(mesh: AccessMesh): Promise<{ readonly revision: number; readonly written: boolean } | null>;
}

/** What the publisher asks Trino: queries as the service user (runtime/ passes trino-client). */
export interface TrinoSqlClient {
  run(
    sql: string,
    options?: { readonly maxRows?: number },
  ): Promise<{ readonly rows: readonly (readonly unknown[])[] }>;
}

export type TrinoClientFactory = (config: TrinoAccessConfig) => TrinoSqlClient;

export interface TrinoRulesPublisherOptions {
  readonly store: MeshworkStore;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative rules/group file paths of meshwork.yaml resolve against it. */
  readonly meshRoot: string | null;
  readonly now?: () => Date;
  /** A client of the Trino the rules are for, as the service user. */
  readonly client: TrinoClientFactory;
  /** Who publishes, stored with the set (a server's host and process); default host:pid. */
  readonly publishedBy?: string;
}

/**
 * Compare-and-set rounds before a publish gives up: each lost round means another server
 * stored a newer set meanwhile, so this one is rebuilt from the grants of now.
 */
const PUBLISH_ROUNDS = 5;

/** A port's trino servers: catalog and schema per server (the contract's `servers`). */
export function trinoServersOf(
  contract: ContractEntry | undefined,
): { readonly name: string; readonly catalog: string; readonly schema: string }[] {
  if (!contract) return [];
  return contractServers(contract).flatMap((server) => {
    if (server.type !== 'trino') return [];
    const { catalog, schema } = server.fields;
    return typeof catalog === 'string' && typeof schema === 'string'
      ? [{ name: server.name, catalog, schema }]
      : [];
  });
}

/**
 * One publish at a time per rules file in this process (the access plane's and the
 * job's publishers alike): each reads the active grants after the one before wrote, so a
 * revoke is not overwritten by a set read before it.
 */
const queues = new Map<string, Promise<void>>();

export function createTrinoRulesPublisher(
  options: TrinoRulesPublisherOptions,
): TrinoRulesPublisher {
  const now = options.now ?? (() => new Date());

  function config(mesh: AccessMesh): TrinoAccessConfig | { readonly missing: string } {
    const { settings } = readAccessSettings(mesh.model.organisation?.source.data);
    const env = options.env;
    const url = env.MESHWORK_TRINO_URL;
    if (url === undefined || url.trim() === '') return { missing: 'MESHWORK_TRINO_URL is not set' };
    const rules = env.MESHWORK_TRINO_RULES_FILE ?? settings.trino?.rulesFile;
    if (rules === undefined || rules.trim() === '')
      return { missing: 'no rules file (MESHWORK_TRINO_RULES_FILE or access.trino.rulesFile)' };
    const rulesFile = resolvePath(options.meshRoot, rules);
    const groups = env.MESHWORK_TRINO_GROUPS_FILE ?? settings.trino?.groupsFile;
    return {
      url,
      ...(env.MESHWORK_TRINO_PASSWORD ? { password: env.MESHWORK_TRINO_PASSWORD } : {}),
      rulesFile,
      groupsFile:
        groups === undefined
          ? join(dirname(rulesFile), 'groups.txt')
          : resolvePath(options.meshRoot, groups),
      serviceUser: settings.trino?.serviceUser ?? DEFAULT_TRINO_SERVICE_USER,
    };
  }

  async function publishNow(
    mesh: AccessMesh,
    change: TrinoPublishChange,
  ): Promise<TrinoPublishResult> {
    const found = config(mesh);
    if ('missing' in found)
      throw new MeshworkError(
        'engine',
        `Trino access rules cannot be published: ${found.missing}.`,
      );
    const client = options.client(found);
    const { settings } = readAccessSettings(mesh.model.organisation?.source.data);
    try {
      const describe = describer(client);
      const build = async (grants: readonly Grant[]) => {
        const targets: TrinoGrantTarget[] = [];
        const problems: TrinoRulesProblem[] = [];
        for (const grant of grants)
          targets.push(...(await targetsOf(mesh, grant, describe, problems)));
        const set = trinoRuleSet({
          serviceUser: found.serviceUser,
          targets,
          teams: teamMembers(mesh, settings, grants),
        });
        problems.push(...set.problems, ...validateTrinoRules(set.rules, found.serviceUser));
        if (problems.length === 0) problems.push(...(await explainAll(client, set)));
        return { set, problems };
      };
      let grants: Grant[] = [];
      let round: Awaited<ReturnType<typeof build>> | null = null;
      let leftOut: TrinoRulesProblem[] = [];
      let stored: TrinoRulesPublishOutcome | null = null;
      for (let attempt = 0; attempt < PUBLISH_ROUNDS && stored === null; attempt++) {
        // The version in force is read before the grants: a set stored on it is built
        // from grants read after every set stored before it.
        const base = (await options.store.trinoRules.current())?.version ?? 0;
        grants = await activeGrants(options.store, change);
        round = await build(grants);
        // A grant already in force that Trino now refuses (its table gone, a column changed)
        // must not hold up every other change — a revocation least of all: it is left out,
        // which only narrows access, and reported. The grant being provisioned is not: it
        // fails, as does a problem no grant can be blamed for.
        const held = blamedGrants(round.problems);
        const droppable =
          held !== null && held.size > 0 && (change.add === undefined || !held.has(change.add.id));
        leftOut = droppable ? round.problems : [];
        if (round.problems.length > 0 && droppable) {
          grants = grants.filter((g) => !held.has(g.id));
          round = await build(grants);
        }
        // Only a validated set is ever stored.
        if (round.problems.length > 0) throw rulesRefused(round.problems);
        const rules = `${JSON.stringify(round.set.rules, null, 2)}\n`;
        const outcome = await options.store.trinoRules.publish(
          {
            hash: rulesHash(rules, round.set.groups),
            rules,
            groups: round.set.groups,
            publishedAt: now().toISOString(),
            publishedBy: options.publishedBy ?? `${hostname()}:${process.pid}`,
          },
          base,
        );
        if (outcome.outcome !== 'conflict') stored = outcome;
      }
      if (stored === null || round === null)
        throw new MeshworkError(
          'conflict',
          `The Trino access rules were not published: other servers stored a newer set ${PUBLISH_ROUNDS} times while this one was built; the next publish (within a minute) tries again.`,
        );
      const set = round.set;
      const version = stored.current.hash.slice(0, 16);
      const written = await syncFiles(options.store, found);
      const changed = stored.outcome === 'published' || written;
      // Audited when stored, and when a failure is to be cleared from the status.
      if (stored.outcome === 'published' || (await failedSinceLastPublish(options.store)))
        await options.store.audit.append({
          id: randomUUID(),
          at: now().toISOString(),
          actor: 'system',
          action: TRINO_RULES_PUBLISHED,
          target: 'trino',
          details: {
            version,
            revision: stored.current.version,
            grants: grants.length,
            tables: set.rules.tables.length - 1,
          },
        });
      if (leftOut.length > 0)
        // After the publish: the status shows the set in force as failing until they pass.
        await options.store.audit.append({
          id: randomUUID(),
          at: now().toISOString(),
          actor: 'system',
          action: TRINO_RULES_FAILED,
          target: 'trino',
          details: {
            reason: rulesRefused(
              leftOut,
              'were published without the grants Trino refused',
            ).message.slice(0, MAX_PROBLEM_CHARS),
          },
        });
      return {
        version,
        revision: stored.current.version,
        changed,
        grants: grants.length,
        tables: set.rules.tables.length - 1,
      };
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(
        0,
        MAX_PROBLEM_CHARS,
      );
      await options.store.audit
        .append({
          id: randomUUID(),
          at: now().toISOString(),
          actor: 'system',
          action: TRINO_RULES_FAILED,
          target: 'trino',
          details: { reason: message },
        })
        .catch(() => undefined);
      throw error instanceof MeshworkError ? error : new MeshworkError('engine', message);
    }
  }

  /** One at a time with the publishes of this rules file in this process. */
  function queued<R>(mesh: AccessMesh, work: () => Promise<R>): Promise<R> {
    const found = config(mesh);
    const file = 'missing' in found ? '' : found.rulesFile;
    const run = (queues.get(file) ?? Promise.resolve()).then(work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    queues.set(file, settled);
    void settled.then(() => {
      if (queues.get(file) === settled) queues.delete(file);
    });
    return run;
  }

  return {
    config,
    publish: (mesh, change = {}) => queued(mesh, () => publishNow(mesh, change)),
    sync: (mesh) =>
      queued(mesh, async () => {
        const found = config(mesh);
        if ('missing' in found)
          throw new MeshworkError(
            'engine',
            `Trino access rules cannot be written: ${found.missing}.`,
          );
        const inForce = await options.store.trinoRules.current();
        if (inForce === null) return null;
        return { revision: inForce.version, written: await syncFiles(options.store, found) };
      }),
  };
}

async function failedSinceLastPublish(store: MeshworkStore): Promise<boolean> {
  return (await trinoRulesStatus(store)).failing;
}

export interface TrinoRulesStatus {
  /** The rule set in force (its hash, shortened); null: none yet. */
  readonly version: string | null;
  /** The store's version of it, counting up from 1; null: none yet. */
  readonly revision: number | null;
  readonly publishedAt: string | null;
  /** The server process that stored it (host:pid). */
  readonly publishedBy: string | null;
  readonly grants: number | null;
  readonly lastFailure: { readonly at: string; readonly reason: string } | null;
  /** The last publish failed: the rules in force are older than the grants. */
  readonly failing: boolean;
}

/**
 * The status from the store, so every server of a team server answers alike: the set in
 * force (`store.trinoRules`), the last publish and the last failure (the audit trail).
 */
export async function trinoRulesStatus(store: MeshworkStore): Promise<TrinoRulesStatus> {
  const [inForce, published, failed] = await Promise.all([
    store.trinoRules.current(),
    store.audit.list({ action: TRINO_RULES_PUBLISHED, limit: 1 }),
    store.audit.list({ action: TRINO_RULES_FAILED, limit: 1 }),
  ]);
  const last = published.items[0];
  const failure = failed.items[0];
  return {
    version: inForce === null ? null : inForce.hash.slice(0, 16),
    revision: inForce?.version ?? null,
    publishedAt: inForce?.publishedAt ?? null,
    publishedBy: inForce?.publishedBy ?? null,
    grants: typeof last?.details.grants === 'number' ? last.details.grants : null,
    lastFailure:
      failure === undefined
        ? null
        : { at: failure.at, reason: String(failure.details.reason ?? '') },
    failing: failure !== undefined && (last === undefined || failure.seq > last.seq),
  };
}

function resolvePath(root: string | null, path: string): string {
  return isAbsolute(path) ? path : join(root ?? process.cwd(), path);
}

function rulesRefused(
  problems: readonly TrinoRulesProblem[],
  what = 'were not published (the previous ones stay in force)',
): MeshworkError {
  const shown = problems.slice(0, 10).map((p) => `${p.code}: ${p.message}`);
  const more = problems.length > 10 ? ` (and ${problems.length - 10} more)` : '';
  return new MeshworkError('engine', `The Trino access rules ${what}: ${shown.join('; ')}${more}`);
}

/** The grants the problems are about; null when one of them is about no grant. */
function blamedGrants(problems: readonly TrinoRulesProblem[]): Set<string> | null {
  const ids = new Set<string>();
  for (const problem of problems) {
    const blamed = problem.grantIds ?? (problem.grantId === undefined ? [] : [problem.grantId]);
    if (blamed.length === 0) return null;
    for (const id of blamed) ids.add(id);
  }
  return ids;
}

async function activeGrants(store: MeshworkStore, change: TrinoPublishChange): Promise<Grant[]> {
  const grants: Grant[] = [];
  let cursor: string | null = null;
  // Bounded: 10,000 pages of 500 is beyond any mesh; a store handing cursors for ever stops here.
  for (let page = 0; page < 10_000; page++) {
    const found = await store.grants.list({ states: ['active'], limit: 500, cursor });
    grants.push(...found.items);
    cursor = found.next;
    if (cursor === null) break;
  }
  const kept = grants.filter((g) => g.id !== change.remove && g.id !== change.add?.id);
  if (change.add !== undefined) kept.push(change.add);
  return kept.sort((a, b) => a.id.localeCompare(b.id));
}

type Describe = (catalog: string, schema: string, table: string) => Promise<TrinoTableColumn[]>;

function describer(client: TrinoSqlClient): Describe {
  const cache = new Map<string, Promise<TrinoTableColumn[]>>();
  return (catalog, schema, table) => {
    const key = JSON.stringify([catalog, schema, table]);
    let found = cache.get(key);
    if (found === undefined) {
      const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
      found = client
        .run(
          `SELECT column_name, data_type FROM ${quoteTrinoIdentifier(catalog)}.information_schema.columns WHERE table_schema = ${literal(schema)} AND table_name = ${literal(table)} ORDER BY ordinal_position`,
          { maxRows: 10_000 },
        )
        .then((result) =>
          result.rows.map((row) => ({ name: String(row[0]), type: String(row[1]) })),
        );
      cache.set(key, found);
    }
    return found;
  };
}

/** The grant's tables on its port's trino servers; problems when one cannot be described. */
async function targetsOf(
  mesh: AccessMesh,
  grant: Grant,
  describe: Describe,
  problems: TrinoRulesProblem[],
): Promise<TrinoGrantTarget[]> {
  let view;
  try {
    view = portView(mesh, grant.productId, grant.port);
  } catch (error) {
    problems.push({
      code: 'trino-rules/port',
      message: error instanceof Error ? error.message : String(error),
      grantId: grant.id,
    });
    return [];
  }
  // A port that left the mesh: its grant has nothing to read in Trino any more.
  if (view === undefined) return [];
  const servers = trinoServersOf(view.contract);
  if (servers.length === 0 || view.contract === undefined) return [];
  const columns = selectColumns(columnsOf(view.contract), grant.columns);
  const types = logicalTypes(view.contract);
  const targets: TrinoGrantTarget[] = [];
  for (const server of servers) {
    const byTable = new Map<string, typeof columns>();
    for (const column of columns)
      byTable.set(column.physicalObject, [...(byTable.get(column.physicalObject) ?? []), column]);
    for (const [table, granted] of byTable) {
      const catalog = server.catalog.toLowerCase();
      const schema = server.schema.toLowerCase();
      const name = table.toLowerCase();
      let tableColumns: TrinoTableColumn[];
      try {
        tableColumns = await describe(catalog, schema, name);
      } catch (error) {
        problems.push({
          code: 'trino-rules/describe',
          message: `${catalog}.${schema}.${name} of grant ${grant.id} could not be described: ${error instanceof Error ? error.message : String(error)}`,
          grantId: grant.id,
        });
        continue;
      }
      if (tableColumns.length === 0) {
        problems.push({
          code: 'trino-rules/missing-table',
          message: `${catalog}.${schema}.${name} (server "${server.name}" of grant ${grant.id}) does not exist in Trino`,
          grantId: grant.id,
        });
        continue;
      }
      const filter = grant.rowFilter ?? null;
      const filterColumn =
        filter === null ? undefined : columns.find((c) => c.name === filter.column);
      if (filter !== null && filterColumn === undefined) {
        problems.push({
          code: 'trino-rules/filter-column',
          message: `the row filter column "${filter.column}" of grant ${grant.id} is not a granted column of the port`,
          grantId: grant.id,
        });
        continue;
      }
      // A filter narrows its own table only: another table of the port (one the contract
      // gained later, say) would be served with every row. Refused, as in PostgreSQL.
      if (filterColumn !== undefined && filterColumn.physicalObject !== table) {
        problems.push({
          code: 'trino-rules/filter-other-table',
          message: `the row filter of grant ${grant.id} narrows ${filterColumn.physicalObject}, but the grant also serves ${granted.map((c) => c.name).join(', ')}`,
          grantId: grant.id,
        });
        continue;
      }
      targets.push({
        grantId: grant.id,
        domain: grant.consumerDomain,
        team: grant.consumerTeam,
        catalog,
        schema,
        table: name,
        tableColumns,
        granted: granted.map((c) => ({
          name: c.physicalName,
          masked: isPseudonymised(c) && !grant.personalInClear,
        })),
        rowFilter:
          filter === null || filterColumn === undefined
            ? null
            : {
                column: filterColumn.physicalName,
                logicalType: types.get(filterColumn.name) ?? null,
                values: filter.values,
              },
      });
    }
  }
  return targets;
}

/** `object.property` → logicalType of the contract. */
function logicalTypes(contract: ContractEntry): Map<string, string> {
  const found = new Map<string, string>();
  for (const rawObject of asList(asObject(contract.doc.source.data)?.schema)) {
    const object = asObject(rawObject);
    if (!object || typeof object.name !== 'string') continue;
    for (const rawProperty of asList(object.properties)) {
      const property = asObject(rawProperty);
      if (property && typeof property.name === 'string' && typeof property.logicalType === 'string')
        found.set(`${object.name}.${property.name}`, property.logicalType);
    }
  }
  return found;
}

/** The members' Trino users of every team holding a grant (`access.trino.user`). */
function teamMembers(
  mesh: AccessMesh,
  settings: AccessSettings,
  grants: readonly Grant[],
): TrinoTeamMembers[] {
  const seen = new Set<string>();
  const teams: TrinoTeamMembers[] = [];
  for (const grant of grants) {
    const key = JSON.stringify([grant.consumerDomain, grant.consumerTeam]);
    if (seen.has(key)) continue;
    seen.add(key);
    const team = (mesh.teams.get(grant.consumerDomain) ?? []).find(
      (t) => t.name === grant.consumerTeam,
    );
    const usernames = team?.members.map((m) => m.username) ?? [];
    teams.push({
      domain: grant.consumerDomain,
      team: grant.consumerTeam,
      users: trinoUsers(settings, usernames),
    });
  }
  return teams;
}

/** Every mask and filter as Trino plans it on its table: a problem per one it refuses. */
async function explainAll(client: TrinoSqlClient, set: TrinoRuleSet): Promise<TrinoRulesProblem[]> {
  const problems: TrinoRulesProblem[] = [];
  for (const item of set.expressions) {
    const table = [item.catalog, item.schema, item.table].map(quoteTrinoIdentifier).join('.');
    const sql =
      item.kind === 'mask'
        ? `EXPLAIN SELECT ${item.expression} FROM ${table}`
        : `EXPLAIN SELECT 1 FROM ${table} WHERE ${item.expression}`;
    try {
      await client.run(sql, { maxRows: 1000 });
    } catch (error) {
      problems.push({
        grantIds: item.grantIds,
        code: `trino-rules/${item.kind}-refused`,
        message: `the ${item.kind}${item.column === undefined ? '' : ` of ${item.column}`} on ${item.catalog}.${item.schema}.${item.table} (grant ${item.grantIds.join(', ')}) fails in Trino: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  return problems;
}

/** SHA-256 (hex) of a rule set: the rules, a NUL, the groups. */
export function rulesHash(rules: string, groups: string): string {
  return createHash('sha256').update(rules).update('\u0000').update(groups).digest('hex');
}

/**
 * Brings this server's files up to the set in the store (read now, so a set stored by
 * another server meanwhile is the one written): groups first, so a rule naming a new
 * group finds its members already there. True when a file was written.
 */
async function syncFiles(
  store: MeshworkStore,
  files: { readonly rulesFile: string; readonly groupsFile: string },
): Promise<boolean> {
  const inForce = await store.trinoRules.current();
  if (inForce === null) return false;
  const rulesBefore = await readFile(files.rulesFile, 'utf8').catch(() => null);
  const groupsBefore = await readFile(files.groupsFile, 'utf8').catch(() => null);
  if (rulesBefore === inForce.rules && groupsBefore === inForce.groups) return false;
  await writeAtomically(files.groupsFile, inForce.groups);
  await writeAtomically(files.rulesFile, inForce.rules);
  return true;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, text, { mode: 0o640 });
  await rename(temp, file);
}
