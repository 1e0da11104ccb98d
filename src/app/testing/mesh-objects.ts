import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { ServerEntry } from '../../engines/engine.ts';
import { readMeshFiles } from '../workspace/read-mesh.ts';

interface PropertyData {
  readonly id?: unknown;
  readonly name?: unknown;
  readonly physicalName?: unknown;
}

interface SchemaObjectData {
  readonly id?: unknown;
  readonly name?: unknown;
  readonly physicalName?: unknown;
  readonly properties?: readonly PropertyData[];
}

export interface MeshObject {
  readonly physicalName: string;
  readonly columns: readonly string[];
  /** Property name or id → column. */
  readonly columnByProperty: Readonly<Record<string, string>>;
  readonly baseDir: string;
  readonly server: ServerEntry;
}

function columnOf(property: PropertyData): string {
  return typeof property.physicalName === 'string' ? property.physicalName : String(property.name);
}

/** Contract files of the mesh (products' and sources'), as absolute paths. */
export async function meshContractFiles(meshRoot: string): Promise<string[]> {
  const files = await readMeshFiles(meshRoot);
  return files.documents
    .filter((doc) => doc.role.kind === 'contract' || doc.role.kind === 'source-contract')
    .map((doc) => resolve(meshRoot, doc.path));
}

/** A schema object (by name or id) of a parsed contract, with a server this engine reads. */
function objectIn(
  data: unknown,
  key: string,
  file: string,
  serverTypes: readonly string[],
): MeshObject | undefined {
  const contract = data as { schema?: unknown; servers?: unknown } | null | undefined;
  const objects = Array.isArray(contract?.schema) ? (contract.schema as SchemaObjectData[]) : [];
  const object = objects.find((o) => o.name === key || o.id === key);
  if (!object) return undefined;
  const servers = Array.isArray(contract?.servers) ? (contract.servers as ServerEntry[]) : [];
  const server = servers.find((s) => serverTypes.includes(s.type));
  if (!server) return undefined;
  const properties = object.properties ?? [];
  const byProperty: Record<string, string> = {};
  for (const property of properties) {
    if (typeof property.id === 'string') byProperty[property.id] = columnOf(property);
    byProperty[String(property.name)] = columnOf(property);
  }
  return {
    physicalName:
      typeof object.physicalName === 'string' ? object.physicalName : String(object.name),
    columns: properties.map(columnOf),
    columnByProperty: byProperty,
    baseDir: dirname(file),
    server,
  };
}

/**
 * A schema object of another contract of the mesh, by name, with a server this engine
 * reads: how a relationship to it is checked on the same connection.
 */
export async function findObjectInMesh(
  meshRoot: string,
  name: string,
  excludeFile: string,
  serverTypes: readonly string[],
): Promise<MeshObject | undefined> {
  const files = await readMeshFiles(meshRoot);
  for (const doc of files.documents) {
    if (doc.role.kind !== 'contract' && doc.role.kind !== 'source-contract') continue;
    const file = join(meshRoot, doc.path);
    if (resolve(file) === resolve(excludeFile)) continue;
    const found = objectIn(doc.source.data, name, file, serverTypes);
    if (found) return found;
  }
  return undefined;
}

/** A schema object of the contract file a qualified reference names (relative to `fromDir`). */
export async function findObjectInFile(
  fromDir: string,
  contractFile: string,
  key: string,
  serverTypes: readonly string[],
): Promise<MeshObject | undefined> {
  const file = resolve(fromDir, contractFile);
  let data: unknown;
  try {
    data = parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
  return objectIn(data, key, file, serverTypes);
}
