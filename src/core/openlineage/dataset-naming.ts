/**
 * Dataset names after the OpenLineage naming conventions
 * (https://openlineage.io/docs/spec/naming): the namespace says where the data lives
 * (`postgres://host:port`, `mysql://host:port`, `trino://host:port`, `file` for a local path),
 * the name what it is there (`database.schema.table`, `database.table`, `catalog.schema.table`,
 * the absolute path). Two tools that
 * follow them name one table alike, so a lineage server joins Meshwork's runs with theirs.
 * Nothing here holds a secret: a URL gives only its host, port and database.
 */

export interface DatasetName {
  readonly namespace: string;
  readonly name: string;
}

/** A source server as the contract declares it, with what the build found for it. */
export interface ServerLocation {
  readonly type: string;
  readonly fields: Readonly<Record<string, unknown>>;
  /** The files the server names for the object (absolute paths, globs or URLs), if its data are files. */
  readonly files: readonly string[];
  /** The physical name of the object (table) read. */
  readonly object: string;
  /** The connection URL from the credentials, if any (host, port and database are taken from it). */
  readonly url?: string;
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = {
  postgres: '5432',
  mysql: '3306',
  trino: '8080',
};

/** `postgresql`/`postgres` → postgres, `mysql`/`mariadb` → mysql (the conventions' schemes). */
function scheme(type: string): string | undefined {
  const t = type.toLowerCase();
  if (t === 'postgresql' || t === 'postgres') return 'postgres';
  if (t === 'mysql' || t === 'mariadb') return 'mysql';
  if (t === 'trino') return 'trino';
  return undefined;
}

export function fileDataset(path: string): DatasetName {
  const remote = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(\/[^?#]*)?/i.exec(path);
  if (remote) {
    // s3://bucket/key → namespace s3://bucket, name key; credentials in the authority dropped.
    const authority = remote[2]!.replace(/^.*@/, '');
    return {
      namespace: `${remote[1]!.toLowerCase()}://${authority}`,
      name: (remote[3] ?? '/').replace(/^\//, '') || '/',
    };
  }
  return { namespace: 'file', name: path };
}

export function serverDataset(location: ServerLocation): DatasetName {
  const [first] = location.files;
  if (first !== undefined) return fileDataset(first);
  const kind = scheme(location.type);
  const text = (key: string): string | undefined => {
    const value = location.fields[key];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
  const url = parseUrl(location.url);
  const host = text('host') ?? url?.hostname;
  const port = text('port') ?? (url?.port || undefined);
  const database = text('database') ?? url?.database;
  if (kind === undefined || host === undefined) {
    // No convention for this type, or no host known: say which server it is, not where.
    const server = text('server') ?? location.type;
    return {
      namespace: `${location.type.toLowerCase()}://${server}`,
      name: [database, text('schema'), location.object].filter((x) => x).join('.'),
    };
  }
  const namespace = `${kind}://${host}:${port ?? DEFAULT_PORTS[kind]!}`;
  const parts =
    kind === 'postgres'
      ? [database, text('schema') ?? 'public', location.object]
      : kind === 'trino'
        ? [text('catalog'), text('schema'), location.object]
        : [database, location.object];
  return { namespace, name: parts.filter((x) => x).join('.') };
}

function parseUrl(
  url: string | undefined,
): { hostname: string; port: string; database: string | undefined } | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || undefined;
    return { hostname: parsed.hostname, port: parsed.port, database };
  } catch {
    return undefined;
  }
}
