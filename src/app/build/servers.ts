import { join } from 'node:path';
import type { ContractEntry } from '../../core/mesh/mesh-model.ts';
import { credentialPrefix, resolveCredentials } from '../testing/credentials.ts';

/** A contract's `servers` entry, read loosely: each use picks the keys it knows. */
export interface ServerSpec {
  readonly name: string;
  readonly type: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export function contractServers(contract: ContractEntry): ServerSpec[] {
  const data = contract.doc.source.data;
  const servers =
    data !== null && typeof data === 'object' && 'servers' in data ? data.servers : undefined;
  if (!Array.isArray(servers)) return [];
  return servers.flatMap((raw: unknown): ServerSpec[] => {
    if (raw === null || typeof raw !== 'object') return [];
    const fields = raw as Record<string, unknown>;
    const name = typeof fields.server === 'string' ? fields.server : undefined;
    const type = typeof fields.type === 'string' ? fields.type : undefined;
    return name !== undefined && type !== undefined ? [{ name, type, fields }] : [];
  });
}

export function field(server: ServerSpec, key: string): string | undefined {
  const value = server.fields[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function isPostgresServer(server: ServerSpec): boolean {
  return server.type === 'postgresql' || server.type === 'postgres';
}

/** The schema objects of a contract with their physical names (table or file stem). */
export function contractObjects(
  contract: ContractEntry,
): { readonly name: string; readonly physicalName: string }[] {
  const data = contract.doc.source.data;
  const schema =
    data !== null && typeof data === 'object' && 'schema' in data ? data.schema : undefined;
  if (!Array.isArray(schema)) return [];
  return schema.flatMap((raw: unknown) => {
    if (raw === null || typeof raw !== 'object') return [];
    const object = raw as Record<string, unknown>;
    if (typeof object.name !== 'string') return [];
    const physical = typeof object.physicalName === 'string' ? object.physicalName : object.name;
    return [{ name: object.name, physicalName: physical }];
  });
}

export function contractFile(meshRoot: string, contract: ContractEntry): string {
  return join(meshRoot, contract.doc.path);
}

/**
 * Connection URL of a PostgreSQL server entry, from the credentials `meshwork test` uses
 * (`MESHWORK_<SERVER>_URL`, or `_USER` / `_PASSWORD` with the entry's host, port and
 * database; or the git-ignored secrets file). Undefined when none are set: the server
 * is not configured on this machine. Credentials never come from the contract.
 */
export async function postgresUrl(
  meshRoot: string,
  server: ServerSpec,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const credentials = await resolveCredentials(meshRoot, server.name, env);
  if (credentials.url) return credentials.url;
  const host = field(server, 'host');
  const database = field(server, 'database');
  if (!credentials.user || !host || !database) return undefined;
  const built = new URL('postgres://placeholder');
  built.hostname = host;
  built.port = field(server, 'port') ?? '5432';
  built.pathname = `/${encodeURIComponent(database)}`;
  built.username = credentials.user;
  if (credentials.password) built.password = credentials.password;
  return built.toString();
}

export function credentialVariable(server: ServerSpec): string {
  return `${credentialPrefix(server.name)}URL`;
}
