import { createHash } from 'node:crypto';
import type { GrantTarget } from '../engine.ts';
import { standardLiteral } from '../sql/literals.ts';
import { quoteIdentifier } from './dialect.ts';
import { rowFilterWhereSql } from './row-filter-sql.ts';

/**
 * The SQL of access grants in PostgreSQL (issue 10), pure so it is tested without a
 * database; grants.ts runs it. Per consumer team a NOLOGIN group role and a schema, per
 * grant a view in that schema with only the granted columns; the consumer's role gets
 * USAGE on the schema and SELECT on the view, never a right on the served table: the view
 * reads it with its owner's rights.
 *
 * Personal columns are pseudonymised as sha256(team key || value), the key a per-team
 * random 32 bytes in `meshwork_keys.team_keys`, which only its owner can read: a consumer
 * can neither read the key nor compute the pseudonym of a guessed value. The key is a
 * prefix of the hashed text, which SHA-256's length extension would let someone extend —
 * but only into texts with NUL bytes after the value (the padding), and PostgreSQL text
 * never holds NUL, so no value of a column has such a pseudonym.
 */

export const MAX_IDENTIFIER_BYTES = 63;
export const KEY_SCHEMA = 'meshwork_keys';
export const KEY_TABLE = 'team_keys';
/** Which view belongs to which grant: revoke and the rebuild of a served table read it. */
export const GRANT_VIEWS_TABLE = 'grant_views';
export const TEAM_ROLE_PREFIX = 'meshwork_team_';
export const TEAM_SCHEMA_PREFIX = 'meshwork_';

/** Schemas no team's schema may be named (its name gets a hash suffix instead). */
const RESERVED_SCHEMAS = new Set([KEY_SCHEMA]);

const HASH_CHARS = 10;

function shortHash(text: string, length = HASH_CHARS): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, length);
}

/**
 * A name part in [a-z0-9_]: kept as it is when it already is one, `-` turned into `_` for
 * kebab-case (teams); anything else is replaced and a hash of the original appended, so
 * two different inputs do not end as one name ("Sales" and "sales").
 */
export function namePart(raw: string): string {
  if (/^[a-z0-9_]+$/.test(raw)) return raw;
  if (/^[a-z0-9-]+$/.test(raw)) return raw.replaceAll('-', '_');
  const cleaned = raw
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `${cleaned === '' ? 'x' : cleaned}_${shortHash(raw)}`;
}

/**
 * `prefix + part + suffix` within PostgreSQL's 63 bytes: a longer one is cut and ends in a
 * hash of the whole, never silently truncated by the server (which would make two long
 * names one).
 */
export function boundedName(prefix: string, part: string, suffix = ''): string {
  const name = `${prefix}${part}${suffix}`;
  if (name.length <= MAX_IDENTIFIER_BYTES) return name;
  const tail = `_${shortHash(name)}${suffix}`;
  return `${prefix}${part}`.slice(0, MAX_IDENTIFIER_BYTES - tail.length) + tail;
}

/**
 * A team's identity in the database: `<domain>/<team>`. Team names are unique within a
 * domain only, so two domains' teams of one name must get two roles, schemas and keys. A
 * domain has no `/` (checked by the caller), so the text names exactly one team.
 */
export function teamIdentity(domain: string, team: string): string {
  return `${domain}/${team}`;
}

/** The role of a team identity (`teamIdentity`). */
export function teamRoleName(team: string): string {
  return boundedName(TEAM_ROLE_PREFIX, namePart(team));
}

/** The schema of a team identity (`teamIdentity`). */
export function teamSchemaName(team: string): string {
  const name = boundedName(TEAM_SCHEMA_PREFIX, namePart(team));
  return RESERVED_SCHEMAS.has(name) ? boundedName(name, `_${shortHash(team)}`) : name;
}

/** The short id that ends every view of a grant. */
export function grantShortId(grantId: string): string {
  return shortHash(grantId, 8);
}

/**
 * One view name per target: `<table>_<short grant id>`; `<schema>_<table>_<id>` for
 * targets of one grant that share a table name.
 */
export function grantViewNames(grantId: string, targets: readonly GrantTarget[]): string[] {
  const suffix = `_${grantShortId(grantId)}`;
  const counts = new Map<string, number>();
  for (const target of targets) counts.set(target.table, (counts.get(target.table) ?? 0) + 1);
  return targets.map((target) => {
    const part =
      (counts.get(target.table) ?? 0) > 1
        ? `${namePart(target.schema)}_${namePart(target.table)}`
        : namePart(target.table);
    return boundedName('', part, suffix);
  });
}

export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

/** The pseudonym of a column: hex SHA-256 of the key and the value's text; NULL stays NULL. */
export function pseudonymExpression(column: string): string {
  return `encode(sha256(k."key" || convert_to(CAST(${column} AS text), 'UTF8')), 'hex')`;
}

/** The comment that marks a role or schema as a team's, to tell ours from a stranger's. */
export function teamComment(team: string): string {
  return `meshwork grants of team ${team}`;
}

/** The schema with the team keys and the grant registry, creatable again without harm. */
export function keySetupSql(): string[] {
  const schema = quoteIdentifier(KEY_SCHEMA);
  const keys = qualifiedName(KEY_SCHEMA, KEY_TABLE);
  const views = qualifiedName(KEY_SCHEMA, GRANT_VIEWS_TABLE);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${schema}`,
    `REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`,
    `CREATE TABLE IF NOT EXISTS ${keys} (team text PRIMARY KEY, "key" bytea NOT NULL CHECK (octet_length("key") = 32))`,
    `CREATE TABLE IF NOT EXISTS ${views} (view_schema text NOT NULL, view_name text NOT NULL, grant_id text NOT NULL, team text NOT NULL, PRIMARY KEY (view_schema, view_name))`,
    `REVOKE ALL ON ${keys}, ${views} FROM PUBLIC`,
  ];
}

/**
 * The team's key, made on first use. gen_random_uuid() (built in since PostgreSQL 13, from
 * the server's strong random source) rather than pgcrypto's gen_random_bytes, which needs
 * an extension, or random(), which is not made for secrets; two version-4 UUIDs are 32
 * bytes with 244 random bits. Made inside the server, the key never travels to Meshwork.
 */
export function ensureTeamKeySql(team: string): string {
  return `INSERT INTO ${qualifiedName(KEY_SCHEMA, KEY_TABLE)} (team, "key")
    VALUES (${standardLiteral(team)}, decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'))
    ON CONFLICT (team) DO NOTHING`;
}

export interface GrantViewRequest {
  readonly viewSchema: string;
  readonly viewName: string;
  readonly team: string;
  readonly target: GrantTarget;
  readonly personalInClear: boolean;
}

/** Whether the view hashes any column (and so needs the team's key). */
export function needsKey(target: GrantTarget, personalInClear: boolean): boolean {
  return !personalInClear && target.columns.some((column) => column.personal);
}

/**
 * The grant's view: the granted columns in their order, personal ones hashed unless in
 * clear, only the rows of the grant's row filter when it has one. A consumer's own (leaky) function in a WHERE clause on a pseudonym needs the key
 * and the value, so it runs at the join, after the key table's filter on the team; the
 * security_barrier keeps that so should the view's shape ever change (a filter on the
 * key table pushed below a consumer's function would show it other teams' pseudonyms).
 */
export function createGrantViewSql(request: GrantViewRequest): string {
  const { target, personalInClear } = request;
  const hashed = needsKey(target, personalInClear);
  const select = target.columns
    .map((column) => {
      const value = `t.${quoteIdentifier(column.name)}`;
      return column.personal && !personalInClear
        ? `${pseudonymExpression(value)} AS ${quoteIdentifier(column.name)}`
        : value;
    })
    .join(', ');
  const from = `${qualifiedName(target.schema, target.table)} AS t`;
  const key = hashed
    ? ` CROSS JOIN (SELECT "key" FROM ${qualifiedName(KEY_SCHEMA, KEY_TABLE)} WHERE team = ${standardLiteral(request.team)}) AS k`
    : '';
  // A row filter is the view's own WHERE: with security_barrier, no consumer's function
  // in a query over the view sees a row the filter leaves out.
  const where = target.rowFilter === undefined ? '' : rowFilterWhereSql(target.rowFilter);
  return `CREATE VIEW ${qualifiedName(request.viewSchema, request.viewName)} WITH (security_barrier = true) AS SELECT ${select} FROM ${from}${key}${where}`;
}

/** The consumer's rights on a view: SELECT for the team's role, nothing for PUBLIC. */
export function grantViewSql(viewSchema: string, viewName: string, role: string): string[] {
  const view = qualifiedName(viewSchema, viewName);
  return [
    `REVOKE ALL ON ${view} FROM PUBLIC`,
    `GRANT SELECT ON ${view} TO ${quoteIdentifier(role)}`,
  ];
}

/** The team's schema and the role's USAGE on it (nothing else: no CREATE). */
export function teamSchemaSql(schema: string, role: string, team: string): string[] {
  const quoted = quoteIdentifier(schema);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${quoted}`,
    `COMMENT ON SCHEMA ${quoted} IS ${standardLiteral(teamComment(team))}`,
    `REVOKE ALL ON SCHEMA ${quoted} FROM PUBLIC`,
    `GRANT USAGE ON SCHEMA ${quoted} TO ${quoteIdentifier(role)}`,
  ];
}

export function createTeamRoleSql(role: string, team: string): string[] {
  const quoted = quoteIdentifier(role);
  return [
    `CREATE ROLE ${quoted} NOLOGIN`,
    `COMMENT ON ROLE ${quoted} IS ${standardLiteral(teamComment(team))}`,
  ];
}

export function grantMembershipSql(role: string, login: string): string {
  return `GRANT ${quoteIdentifier(role)} TO ${quoteIdentifier(login)}`;
}

export function revokeMembershipSql(role: string, login: string): string {
  return `REVOKE ${quoteIdentifier(role)} FROM ${quoteIdentifier(login)}`;
}

/** Advisory-lock keys: one per team, one for creating the key schema. */
export const LOCK_NAMESPACE = 'meshwork-grants:';
export function teamLockKey(team: string): string {
  return `${LOCK_NAMESPACE}team:${team}`;
}
export const SETUP_LOCK_KEY = `${LOCK_NAMESPACE}setup`;
