import pg from 'pg';
import type {
  ConnectOptions,
  GrantAdmin,
  GrantSpec,
  GrantTarget,
  MemberSync,
  ProvisionedGrant,
  TeamMembers,
} from '../engine.ts';
import { tableColumns } from './bulk.ts';
import { quoteIdentifier } from './dialect.ts';
import { postgresClientConfig } from './driver.ts';
import { requireStandardStrings } from './standard-strings.ts';
import {
  GRANT_VIEWS_TABLE,
  KEY_SCHEMA,
  KEY_TABLE,
  MAX_IDENTIFIER_BYTES,
  SETUP_LOCK_KEY,
  createGrantViewSql,
  createTeamRoleSql,
  ensureTeamKeySql,
  grantMembershipSql,
  grantViewNames,
  grantViewSql,
  keySetupSql,
  needsKey,
  qualifiedName,
  revokeMembershipSql,
  teamComment,
  teamIdentity,
  teamLockKey,
  teamRoleName,
  teamSchemaName,
  teamSchemaSql,
} from './grant-sql.ts';

/**
 * Access grants in PostgreSQL (grant-sql.ts has the SQL and the why). Each provision and
 * revoke is one transaction under an advisory lock per team, so two provisions for one
 * team at once run one after the other instead of racing on CREATE ROLE; calls on one
 * GrantAdmin share its connection and are queued.
 */

/** The members of a pg client used here (typed structurally). */
interface PgClient {
  query(sql: string, values?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  connect(): Promise<unknown>;
  end(): Promise<void>;
}

const MAX_NAME_CHARS = 200;
const MAX_TARGETS = 200;
const MAX_COLUMNS = 1600;
const MAX_LOGINS = 10_000;

export async function openPostgresGrants(options: ConnectOptions): Promise<GrantAdmin> {
  const client: PgClient = new pg.Client(postgresClientConfig(options));
  await client.connect();
  // Row-filter values and the team name are written as literals (standard-strings.ts).
  try {
    await requireStandardStrings(client);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  let closed = false;
  return {
    provision: (spec) => serial(() => inTransaction(client, () => provision(client, spec))),
    revoke: (grantId, team, domain) =>
      serial(() => inTransaction(client, () => revoke(client, grantId, team, domain))),
    syncMembers: (members) =>
      serial(() => inTransaction(client, () => syncMembers(client, members))),
    close: () =>
      serial(async () => {
        if (closed) return;
        closed = true;
        await client.end();
      }),
  };
}

async function inTransaction<T>(client: PgClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function checkText(what: string, value: string, maxChars = MAX_NAME_CHARS): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxChars) {
    throw new Error(`${what} must be a text of 1 to ${maxChars} characters`);
  }
  if (value.includes('\0')) throw new Error(`${what} must not contain NUL`);
}

/** An existing object's name: longer than 63 bytes it cannot exist, and the server would cut it to another's. */
function checkObjectName(what: string, value: string): void {
  checkText(what, value);
  if (byteLength(value) > MAX_IDENTIFIER_BYTES) {
    throw new Error(
      `${what} ${JSON.stringify(value)} is longer than ${MAX_IDENTIFIER_BYTES} bytes`,
    );
  }
}

/** The team's identity (`<domain>/<team>`), its parts checked so it names one team only. */
function identityOf(team: string, domain: string): string {
  checkText('the team', team);
  checkText('the domain', domain);
  if (domain.includes('/')) throw new Error('the domain must not contain "/"');
  return teamIdentity(domain, team);
}

function validateSpec(spec: GrantSpec): void {
  checkText('the grant id', spec.grantId);
  identityOf(spec.team, spec.domain);
  if (spec.targets.length === 0) throw new Error('a grant names at least one table');
  if (spec.targets.length > MAX_TARGETS)
    throw new Error(`a grant names at most ${MAX_TARGETS} tables`);
  const seen = new Set<string>();
  for (const target of spec.targets) {
    checkObjectName('a schema', target.schema);
    checkObjectName('a table', target.table);
    const key = `${target.schema}\0${target.table}`;
    if (seen.has(key)) throw new Error(`${target.schema}.${target.table} is named twice`);
    seen.add(key);
    if (target.columns.length === 0 || target.columns.length > MAX_COLUMNS) {
      throw new Error(`${target.schema}.${target.table}: 1 to ${MAX_COLUMNS} columns are granted`);
    }
    const columns = new Set<string>();
    for (const column of target.columns) {
      checkObjectName('a column', column.name);
      if (columns.has(column.name)) {
        throw new Error(`${target.schema}.${target.table}: column ${column.name} is named twice`);
      }
      columns.add(column.name);
    }
    if (target.rowFilter !== undefined) checkObjectName('a filter column', target.rowFilter.column);
  }
  if (spec.memberLogins.length > MAX_LOGINS) throw new Error(`at most ${MAX_LOGINS} logins`);
}

async function lock(client: PgClient, key: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
}

async function provision(client: PgClient, spec: GrantSpec): Promise<ProvisionedGrant> {
  validateSpec(spec);
  const team = identityOf(spec.team, spec.domain);
  await ensureKeySchema(client);
  await lock(client, teamLockKey(team));
  const role = teamRoleName(team);
  const schema = teamSchemaName(team);
  await ensureTeamRole(client, role, team);
  await ensureTeamSchema(client, schema, role, team);

  // The served tables first, in one order: a build replacing one of them holds it and
  // then drops its grant views, so a provision must not hold a view and wait for the table.
  for (const target of spec.targets) {
    await checkTarget(client, target);
    await client.query(
      `LOCK TABLE ${qualifiedName(target.schema, target.table)} IN ACCESS SHARE MODE`,
    );
  }
  const names = grantViewNames(spec.grantId, spec.targets);
  const registered = await registeredViews(client, schema);
  const objects: string[] = [];
  for (const [index, target] of spec.targets.entries()) {
    const viewName = names[index] ?? '';
    await claimViewName(client, schema, viewName, spec.grantId, team, registered.get(viewName));
    if (needsKey(target, spec.personalInClear)) await client.query(ensureTeamKeySql(team));
    await client.query(`DROP VIEW IF EXISTS ${qualifiedName(schema, viewName)}`);
    await client.query(
      createGrantViewSql({
        viewSchema: schema,
        viewName,
        team,
        target,
        personalInClear: spec.personalInClear,
      }),
    );
    for (const statement of grantViewSql(schema, viewName, role)) await client.query(statement);
    await revokeStrangers(client, { kind: 'table', schema, name: viewName }, [role]);
    await client.query(
      `INSERT INTO ${qualifiedName(KEY_SCHEMA, GRANT_VIEWS_TABLE)} (view_schema, view_name, grant_id, team)
       VALUES ($1, $2, $3, $4) ON CONFLICT (view_schema, view_name) DO NOTHING`,
      [schema, viewName, spec.grantId, team],
    );
    objects.push(`${schema}.${viewName}`);
  }
  // A grant provisioned again with fewer tables loses the views it no longer names.
  const kept = new Set(names);
  for (const [viewName, owner] of registered) {
    if (owner.grantId === spec.grantId && owner.team === team && !kept.has(viewName)) {
      await dropGrantView(client, schema, viewName);
    }
  }
  if (spec.membersManaged === false) return { objects, role };
  const { missingLogins, removedLogins } = await setMembers(client, role, spec.memberLogins);
  return { objects, role, missingLogins, removedLogins };
}

async function revoke(
  client: PgClient,
  grantId: string,
  teamName: string,
  domain: string,
): Promise<void> {
  checkText('the grant id', grantId);
  const team = identityOf(teamName, domain);
  if (!(await registryExists(client))) return;
  await lock(client, teamLockKey(team));
  const rows = await client.query(
    `SELECT view_schema, view_name FROM ${qualifiedName(KEY_SCHEMA, GRANT_VIEWS_TABLE)}
      WHERE grant_id = $1 AND team = $2`,
    [grantId, team],
  );
  for (const row of rows.rows) {
    await dropGrantView(client, String(row.view_schema), String(row.view_name));
  }
}

async function dropGrantView(client: PgClient, schema: string, viewName: string): Promise<void> {
  await client.query(`DROP VIEW IF EXISTS ${qualifiedName(schema, viewName)}`);
  await client.query(
    `DELETE FROM ${qualifiedName(KEY_SCHEMA, GRANT_VIEWS_TABLE)} WHERE view_schema = $1 AND view_name = $2`,
    [schema, viewName],
  );
}

async function registryExists(client: PgClient): Promise<boolean> {
  const result = await client.query(
    'SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL AS present',
    [qualifiedName(KEY_SCHEMA, KEY_TABLE), qualifiedName(KEY_SCHEMA, GRANT_VIEWS_TABLE)],
  );
  return result.rows[0]?.present === true;
}

/**
 * The key schema, made once under a lock of its own (CREATE … IF NOT EXISTS is not safe
 * against a concurrent CREATE). Its objects must belong to us: a schema of that name that
 * someone else owns could hand them the keys.
 */
async function ensureKeySchema(client: PgClient): Promise<void> {
  if (!(await registryExists(client))) {
    await lock(client, SETUP_LOCK_KEY);
    for (const statement of keySetupSql()) await client.query(statement);
  }
  const owners = await client.query(
    `SELECT pg_has_role(current_user, o.owner, 'USAGE') AS ours
       FROM (SELECT n.nspowner AS owner FROM pg_namespace n WHERE n.nspname = $1
             UNION ALL
             SELECT c.relowner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = $1 AND c.relname = ANY($2::text[])) o`,
    [KEY_SCHEMA, [KEY_TABLE, GRANT_VIEWS_TABLE]],
  );
  const foreign = owners.rows.filter((row) => row.ours !== true);
  if (foreign.length > 0) {
    throw new Error(
      `${KEY_SCHEMA} (or a table in it) belongs to another role; Meshwork keeps its keys only in a schema it owns`,
    );
  }
  await revokeStrangers(client, { kind: 'schema', schema: KEY_SCHEMA }, []);
  await revokeStrangers(client, { kind: 'table', schema: KEY_SCHEMA, name: KEY_TABLE }, []);
  await revokeStrangers(client, { kind: 'table', schema: KEY_SCHEMA, name: GRANT_VIEWS_TABLE }, []);
}

async function ensureTeamRole(client: PgClient, role: string, team: string): Promise<void> {
  const existing = await readRole(client, role);
  if (existing === undefined) {
    // The lock is per database, roles are per cluster: another database's Meshwork may
    // create the same role a moment earlier.
    await client.query('SAVEPOINT meshwork_team_role');
    try {
      for (const statement of createTeamRoleSql(role, team)) await client.query(statement);
      await client.query('RELEASE SAVEPOINT meshwork_team_role');
      return;
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT meshwork_team_role');
      const code = (error as { code?: unknown }).code;
      if (code !== '42710' && code !== '23505') throw error;
    }
  }
  const found = existing ?? (await readRole(client, role));
  if (found === undefined) throw new Error(`the role ${role} could not be created`);
  if (found.canLogin || found.comment !== teamComment(team)) {
    throw new Error(
      `the role ${role} exists but is not Meshwork's group role of team ${JSON.stringify(team)}; ` +
        'rename or drop it (Meshwork never reuses a role it did not make)',
    );
  }
}

async function readRole(
  client: PgClient,
  role: string,
): Promise<{ canLogin: boolean; comment: string | null } | undefined> {
  const result = await client.query(
    `SELECT r.rolcanlogin AS login, shobj_description(r.oid, 'pg_authid') AS comment
       FROM pg_roles r WHERE r.rolname = $1`,
    [role],
  );
  const row = result.rows[0];
  if (row === undefined) return undefined;
  return {
    canLogin: row.login === true,
    comment: typeof row.comment === 'string' ? row.comment : null,
  };
}

async function ensureTeamSchema(
  client: PgClient,
  schema: string,
  role: string,
  team: string,
): Promise<void> {
  const existing = await client.query(
    `SELECT obj_description(n.oid, 'pg_namespace') AS comment,
            pg_has_role(current_user, n.nspowner, 'USAGE') AS ours
       FROM pg_namespace n WHERE n.nspname = $1`,
    [schema],
  );
  const row = existing.rows[0];
  if (row !== undefined && (row.comment !== teamComment(team) || row.ours !== true)) {
    throw new Error(
      `the schema ${schema} exists but is not Meshwork's grant schema of team ${JSON.stringify(team)}; ` +
        'rename or drop it',
    );
  }
  for (const statement of teamSchemaSql(schema, role, team)) await client.query(statement);
  await revokeStrangers(client, { kind: 'schema', schema }, [role]);
}

interface RegisteredView {
  readonly grantId: string;
  readonly team: string;
}

async function registeredViews(
  client: PgClient,
  schema: string,
): Promise<Map<string, RegisteredView>> {
  const result = await client.query(
    `SELECT view_name, grant_id, team FROM ${qualifiedName(KEY_SCHEMA, GRANT_VIEWS_TABLE)} WHERE view_schema = $1`,
    [schema],
  );
  return new Map(
    result.rows.map((row) => [
      String(row.view_name),
      { grantId: String(row.grant_id), team: String(row.team) },
    ]),
  );
}

/** The view's name is this grant's, or free: never another grant's view, never a stranger's object. */
async function claimViewName(
  client: PgClient,
  schema: string,
  viewName: string,
  grantId: string,
  team: string,
  owner: RegisteredView | undefined,
): Promise<void> {
  if (owner !== undefined) {
    if (owner.grantId === grantId && owner.team === team) return;
    throw new Error(
      `${schema}.${viewName} already belongs to grant ${owner.grantId}; the two grant ids share a short id`,
    );
  }
  const taken = await client.query('SELECT to_regclass($1) IS NOT NULL AS taken', [
    qualifiedName(schema, viewName),
  ]);
  if (taken.rows[0]?.taken === true) {
    throw new Error(`${schema}.${viewName} exists and is not a Meshwork grant view`);
  }
}

async function checkTarget(client: PgClient, target: GrantTarget): Promise<void> {
  const columns = await tableColumns(client, target);
  if (columns.length === 0) {
    throw new Error(
      `the table ${target.schema}.${target.table} does not exist (is the port served into this server?)`,
    );
  }
  const present = new Set(columns.map((column) => column.name));
  const missing = target.columns.filter((column) => !present.has(column.name));
  if (missing.length > 0) {
    throw new Error(
      `the table ${target.schema}.${target.table} has no column ${missing.map((c) => c.name).join(', ')}`,
    );
  }
}

type AclObject =
  | { readonly kind: 'schema'; readonly schema: string }
  | { readonly kind: 'table'; readonly schema: string; readonly name: string };

/**
 * Takes every right on the object from everyone but its owner and `keep` — rights PUBLIC
 * or another role got through ALTER DEFAULT PRIVILEGES, or by hand — and checks that none
 * is left (a REVOKE by a role that did not grant the right silently does nothing).
 */
async function revokeStrangers(
  client: PgClient,
  object: AclObject,
  keep: readonly string[],
): Promise<void> {
  const target =
    object.kind === 'schema'
      ? `SCHEMA ${quoteIdentifier(object.schema)}`
      : qualifiedName(object.schema, object.name);
  const strangers = async (): Promise<(string | null)[]> => {
    const result =
      object.kind === 'schema'
        ? await client.query(
            `SELECT DISTINCT CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END AS grantee
               FROM pg_namespace n CROSS JOIN LATERAL aclexplode(n.nspacl) a
              WHERE n.nspname = $1 AND a.grantee <> n.nspowner`,
            [object.schema],
          )
        : await client.query(
            `SELECT DISTINCT CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END AS grantee
               FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
              WHERE c.oid = to_regclass($1) AND a.grantee <> c.relowner`,
            [qualifiedName(object.schema, object.name)],
          );
    return result.rows
      .map((row) => (typeof row.grantee === 'string' ? row.grantee : null))
      .filter((grantee) => grantee === null || !keep.includes(grantee));
  };
  const found = await strangers();
  if (found.length === 0) return;
  for (const grantee of found) {
    await client.query(
      `REVOKE ALL ON ${target} FROM ${grantee === null ? 'PUBLIC' : quoteIdentifier(grantee)}`,
    );
  }
  const left = await strangers();
  if (left.length > 0) {
    throw new Error(
      `rights on ${target} that Meshwork cannot take back remain with ${left.map((g) => g ?? 'PUBLIC').join(', ')} ` +
        '(granted by another role); revoke them as that role',
    );
  }
}

async function syncMembers(client: PgClient, members: TeamMembers): Promise<MemberSync> {
  const team = identityOf(members.team, members.domain);
  if (members.memberLogins.length > MAX_LOGINS) throw new Error(`at most ${MAX_LOGINS} logins`);
  await lock(client, teamLockKey(team));
  const role = teamRoleName(team);
  const found = await readRole(client, role);
  // No role: the team holds no grant here. A role of that name that is not ours is
  // never touched (provision refuses it, too).
  if (found === undefined || found.canLogin || found.comment !== teamComment(team)) {
    return { role: null, removedLogins: [], missingLogins: [] };
  }
  return { role, ...(await setMembers(client, role, members.memberLogins)) };
}

/**
 * Makes the team role's LOGIN members exactly the given logins that exist, and returns the
 * others (missing) and the logins that lost the role (removed). Only LOGIN roles are made
 * members: a mapped name that is a group role would hand the grant to all its members. A
 * name over 63 bytes is reported, never cut to some other role's name. Memberships with
 * ADMIN OPTION are administration (PostgreSQL 16 gives one to the role that created the
 * team role, Meshwork itself), not a consumer's, and are left alone.
 */
async function setMembers(
  client: PgClient,
  role: string,
  logins: readonly string[],
): Promise<{ missingLogins: string[]; removedLogins: string[] }> {
  const unique = [...new Set(logins)];
  const candidates = unique.filter(
    (login) =>
      typeof login === 'string' &&
      login.length > 0 &&
      !login.includes('\0') &&
      byteLength(login) <= MAX_IDENTIFIER_BYTES,
  );
  const existing = new Set<string>();
  if (candidates.length > 0) {
    const result = await client.query(
      'SELECT rolname FROM pg_roles WHERE rolcanlogin AND rolname = ANY($1::text[])',
      [candidates],
    );
    for (const row of result.rows) existing.add(String(row.rolname));
  }
  for (const login of candidates) {
    if (existing.has(login)) await client.query(grantMembershipSql(role, login));
  }
  const strangers = async (): Promise<string[]> => {
    const result = await client.query(
      `SELECT DISTINCT m.rolname
         FROM pg_auth_members a
         JOIN pg_roles r ON r.oid = a.roleid
         JOIN pg_roles m ON m.oid = a.member
        WHERE r.rolname = $1 AND m.rolcanlogin AND m.rolname <> current_user
          AND NOT EXISTS (SELECT 1 FROM pg_auth_members x
                           WHERE x.roleid = a.roleid AND x.member = a.member AND x.admin_option)
          AND NOT (m.rolname = ANY($2::text[]))
        ORDER BY 1`,
      [role, [...existing]],
    );
    return result.rows.map((row) => String(row.rolname));
  };
  const removedLogins = await strangers();
  for (const login of removedLogins) await client.query(revokeMembershipSql(role, login));
  // A REVOKE of a membership another role granted does nothing (with a warning): said.
  const left = await strangers();
  if (left.length > 0) {
    throw new Error(
      `the logins ${left.join(', ')} are no longer members of the team but keep the role ${role}, ` +
        'granted by another role; revoke it as that role',
    );
  }
  return { missingLogins: unique.filter((login) => !existing.has(login)), removedLogins };
}
