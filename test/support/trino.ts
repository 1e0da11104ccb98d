/**
 * The real Trino of the Trino tests, from the environment `npm run test:trino` sets
 * (scripts/trino.ts writes it; `source /work/shared-trino/env.sh` gives the shared one).
 * Undefined without `MESHWORK_TEST_TRINO_URL`: then a Trino variant is skipped with a
 * visible reason (`{ skip: 'no Trino: npm run test:trino' }`), never silently.
 *
 * `pgUrl` is a PostgreSQL URL of the database behind catalog `pg` (tests create their own
 * schema there and drop it); `mysqlUrl` the MariaDB behind catalog `mysql` (tests create
 * their own database). When the Trino-specific variables are unset they fall back to the
 * shared servers (`MESHWORK_TEST_PG_URL` with database `meshwork_trino`,
 * `MESHWORK_TEST_MYSQL_URL`), which is how the shared development Trino is set up.
 */
export interface TrinoForTests {
  readonly url: string;
  /** The admin/service user (full access in the rules file `npm run test:trino` starts with). */
  readonly user: string;
  /** `local.location` of catalogs hive and iceberg. */
  readonly hiveDir: string;
  /** Trino's file-based access rules (refresh 2 s). */
  readonly rulesFile: string;
  /** Trino's group file (refresh 2 s). */
  readonly groupsFile: string;
  readonly pgCatalog: string;
  readonly pgUrl: string;
  readonly mysqlCatalog: string;
  readonly mysqlUrl: string;
  readonly icebergCatalog: string;
  readonly hiveCatalog: string;
}

export const NO_TRINO = 'no Trino: npm run test:trino';

export function trinoForTests(env: NodeJS.ProcessEnv = process.env): TrinoForTests | undefined {
  const url = env.MESHWORK_TEST_TRINO_URL;
  if (!url) return undefined;
  return {
    url,
    user: 'meshwork',
    hiveDir: required(env, 'MESHWORK_TEST_TRINO_HIVE_DIR'),
    rulesFile: required(env, 'MESHWORK_TEST_TRINO_RULES_FILE'),
    groupsFile: required(env, 'MESHWORK_TEST_TRINO_GROUPS_FILE'),
    pgCatalog: 'pg',
    pgUrl: env.MESHWORK_TEST_TRINO_PG_URL ?? withDatabase(required(env, 'MESHWORK_TEST_PG_URL')),
    mysqlCatalog: 'mysql',
    mysqlUrl: env.MESHWORK_TEST_TRINO_MYSQL_URL ?? required(env, 'MESHWORK_TEST_MYSQL_URL'),
    icebergCatalog: 'iceberg',
    hiveCatalog: 'hive',
  };
}

/** A half-set environment is a broken setup, said loudly rather than skipped. */
function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`MESHWORK_TEST_TRINO_URL is set but ${name} is not`);
  return value;
}

function withDatabase(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.pathname = '/meshwork_trino';
  return url.toString();
}
