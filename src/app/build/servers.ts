import { join } from 'node:path';
import type { ContractEntry } from '../../core/mesh/mesh-model.ts';
import type { ServerEntry } from '../../engines/engine.ts';
import { credentialPrefix } from '../testing/credentials.ts';

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

/** The entry as the engines read it. */
export function serverEntry(server: ServerSpec): ServerEntry {
  return { ...server.fields, server: server.name, type: server.type };
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

export function credentialVariable(server: ServerSpec): string {
  return `${credentialPrefix(server.name)}URL`;
}
