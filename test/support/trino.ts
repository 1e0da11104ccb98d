/**
 * The Trino the tests run against, from the environment `npm run test:trino` (or the shared
 * development Trino) sets; undefined when `MESHWORK_TEST_TRINO_URL` is unset, so that a
 * Trino variant is skipped with its reason instead of failing. Minimal copy until
 * trino-infra's version lands (same shape; theirs wins at merge).
 */
export interface TrinoForTests {
  readonly url: string;
  readonly user: 'meshwork';
  readonly hiveDir: string;
  readonly rulesFile: string;
  readonly groupsFile: string;
  readonly pgCatalog: 'pg';
  readonly pgUrl: string;
  readonly mysqlCatalog: 'mysql';
  readonly mysqlUrl: string;
  readonly icebergCatalog: 'iceberg';
  readonly hiveCatalog: 'hive';
}

export function trinoForTests(): TrinoForTests | undefined {
  const env = process.env;
  const url = env.MESHWORK_TEST_TRINO_URL;
  if (url === undefined || url === '') return undefined;
  return {
    url,
    user: 'meshwork',
    hiveDir: env.MESHWORK_TEST_TRINO_HIVE_DIR ?? '',
    rulesFile: env.MESHWORK_TEST_TRINO_RULES_FILE ?? '',
    groupsFile: env.MESHWORK_TEST_TRINO_GROUPS_FILE ?? '',
    pgCatalog: 'pg',
    pgUrl: env.MESHWORK_TEST_TRINO_PG_URL ?? '',
    mysqlCatalog: 'mysql',
    mysqlUrl: env.MESHWORK_TEST_TRINO_MYSQL_URL ?? '',
    icebergCatalog: 'iceberg',
    hiveCatalog: 'hive',
  };
}
