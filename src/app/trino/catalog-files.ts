import { credentialPrefix } from '../testing/credentials.ts';

/**
 * Trino catalog files for the database servers of a mesh's source contracts (`meshwork trino
 * catalogs`): one `<catalog>.properties` per PostgreSQL, MySQL or MariaDB server, so Trino
 * reads the same systems the source contracts describe.
 *
 * The files hold no secret: user and password are `${ENV:MESHWORK_<SERVER>_USER}` /
 * `_PASSWORD`, the variables `meshwork test` reads too, which Trino resolves from its own
 * environment at start-up. Every value written comes from the mesh's YAML, and a line break
 * or `${` in one would add a property of the author's choosing (another connection URL, a
 * secret read from Trino's environment), so each is checked against a strict pattern and a
 * server that fails one is not written, with the reason.
 */

export interface SourceServers {
  /** The contract's path in the mesh, for messages. */
  readonly contract: string;
  readonly servers: readonly Readonly<Record<string, unknown>>[];
}

export interface CatalogFile {
  readonly catalog: string;
  /** `<catalog>.properties`. */
  readonly fileName: string;
  readonly text: string;
  readonly server: string;
  readonly connector: string;
  /** The source contracts that name this server. */
  readonly contracts: readonly string[];
}

export interface SkippedServer {
  readonly server: string;
  readonly contract: string;
  readonly reason: string;
}

export interface CatalogPlan {
  readonly files: readonly CatalogFile[];
  readonly skipped: readonly SkippedServer[];
}

interface Connector {
  readonly name: string;
  readonly defaultPort: number;
  /** Whether the JDBC URL names a database (PostgreSQL); MySQL's databases are Trino schemas. */
  readonly database: boolean;
  readonly jdbc: string;
}

const CONNECTORS: Readonly<Record<string, Connector>> = {
  postgresql: { name: 'postgresql', defaultPort: 5432, database: true, jdbc: 'postgresql' },
  postgres: { name: 'postgresql', defaultPort: 5432, database: true, jdbc: 'postgresql' },
  mysql: { name: 'mysql', defaultPort: 3306, database: false, jdbc: 'mysql' },
  mariadb: { name: 'mariadb', defaultPort: 3306, database: false, jdbc: 'mariadb' },
};

/** Server types that get a catalog file. */
export const CATALOG_SERVER_TYPES: readonly string[] = Object.keys(CONNECTORS);

/** A host name or IPv4 address, or an IPv6 address in brackets: nothing that ends a URL part. */
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|\[[0-9A-Fa-f:.]{2,45}\])$/;
const DATABASE = /^[A-Za-z0-9_][A-Za-z0-9_$-]{0,62}$/;
const MAX_CATALOG_NAME = 60;
/** Catalogs Trino itself has; a file of that name would clash with it. */
const RESERVED_CATALOGS: ReadonlySet<string> = new Set(['system']);

/** The first line of every file written here: only such a file is ever replaced. */
export const CATALOG_FILE_HEADER = '# Written by `meshwork trino catalogs`.';

/** Trino lower-cases catalog names; anything but `[a-z0-9_]` becomes `_`. */
export function catalogName(server: string): string {
  let name = server.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (!/^[a-z]/.test(name)) name = `c_${name}`;
  return name.slice(0, MAX_CATALOG_NAME);
}

export function planCatalogFiles(sources: readonly SourceServers[]): CatalogPlan {
  const files = new Map<string, CatalogFile>();
  const skipped: SkippedServer[] = [];
  for (const source of sources) {
    for (const entry of source.servers) {
      const type = entry.type;
      if (typeof type !== 'string' || !Object.hasOwn(CONNECTORS, type)) continue;
      const server = typeof entry.server === 'string' ? entry.server : '';
      const skip = (reason: string): void =>
        void skipped.push({ server, contract: source.contract, reason });
      if (server === '') {
        skip('the server entry has no name (`server`)');
        continue;
      }
      const built = catalogText(entry, CONNECTORS[type]!, server);
      if (typeof built !== 'string') {
        skip(built.reason);
        continue;
      }
      const catalog = catalogName(server);
      if (RESERVED_CATALOGS.has(catalog)) {
        skip(`catalog "${catalog}" is Trino's own; rename the server`);
        continue;
      }
      const existing = files.get(catalog);
      if (existing === undefined) {
        files.set(catalog, {
          catalog,
          fileName: `${catalog}.properties`,
          text: built,
          server,
          connector: CONNECTORS[type]!.name,
          contracts: [source.contract],
        });
      } else if (existing.text === built && existing.server === server) {
        files.set(catalog, { ...existing, contracts: [...existing.contracts, source.contract] });
      } else {
        skip(
          `catalog "${catalog}" is already written for server "${existing.server}" of ` +
            `${existing.contracts.join(', ')} with another address or name; rename one server`,
        );
      }
    }
  }
  return { files: [...files.values()].sort((a, b) => a.catalog.localeCompare(b.catalog)), skipped };
}

function catalogText(
  entry: Readonly<Record<string, unknown>>,
  connector: Connector,
  server: string,
): string | { reason: string } {
  const host = entry.host;
  if (typeof host !== 'string' || !HOST.test(host))
    return {
      reason:
        host === undefined
          ? 'no `host`: the catalog needs the server address'
          : '`host` is not a plain host name or address',
    };
  const port = entry.port ?? connector.defaultPort;
  const portNumber = typeof port === 'string' && /^\d{1,5}$/.test(port) ? Number(port) : port;
  if (
    typeof portNumber !== 'number' ||
    !Number.isInteger(portNumber) ||
    portNumber < 1 ||
    portNumber > 65535
  )
    return { reason: '`port` is not a port number (1–65535)' };
  let url = `jdbc:${connector.jdbc}://${host}:${portNumber}`;
  if (connector.database) {
    const database = entry.database;
    if (typeof database !== 'string' || !DATABASE.test(database))
      return {
        reason:
          database === undefined
            ? 'no `database`: a PostgreSQL catalog reads one database'
            : '`database` is not a plain database name',
      };
    url += `/${database}`;
  }
  const prefix = credentialPrefix(server);
  return [
    CATALOG_FILE_HEADER,
    "# The credentials are read from Trino's environment at start-up; this file holds no secret.",
    `connector.name=${connector.name}`,
    `connection-url=${url}`,
    `connection-user=\${ENV:${prefix}USER}`,
    `connection-password=\${ENV:${prefix}PASSWORD}`,
    '',
  ].join('\n');
}
