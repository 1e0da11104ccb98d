import { dirname, join, resolve } from 'node:path';
import type { ServerEntry } from '../../engines/engine.ts';
import { readMeshFiles } from '../workspace/read-mesh.ts';

interface SchemaObjectData {
  readonly name?: unknown;
  readonly physicalName?: unknown;
  readonly properties?: readonly { readonly name?: unknown; readonly physicalName?: unknown }[];
}

export interface MeshObject {
  readonly physicalName: string;
  readonly columns: readonly string[];
  readonly columnByProperty: Readonly<Record<string, string>>;
  readonly baseDir: string;
  readonly server: ServerEntry;
}

function columnOf(property: { readonly name?: unknown; readonly physicalName?: unknown }): string {
  return typeof property.physicalName === 'string' ? property.physicalName : String(property.name);
}

/** Contract files of the mesh (products' and sources'), as absolute paths. */
export async function meshContractFiles(meshRoot: string): Promise<string[]> {
  const files = await readMeshFiles(meshRoot);
  return files.documents
    .filter((doc) => doc.role.kind === 'contract' || doc.role.kind === 'source-contract')
    .map((doc) => resolve(meshRoot, doc.path));
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
    const data = doc.source.data as { schema?: unknown; servers?: unknown } | undefined;
    const objects = Array.isArray(data?.schema) ? (data.schema as SchemaObjectData[]) : [];
    const object = objects.find((o) => o.name === name);
    if (!object) continue;
    const servers = Array.isArray(data?.servers) ? (data.servers as ServerEntry[]) : [];
    const server = servers.find((s) => serverTypes.includes(s.type));
    if (!server) continue;
    return {
      physicalName: typeof object.physicalName === 'string' ? object.physicalName : name,
      columns: (object.properties ?? []).map(columnOf),
      columnByProperty: Object.fromEntries(
        (object.properties ?? []).map((p) => [String(p.name), columnOf(p)]),
      ),
      baseDir: dirname(file),
      server,
    };
  }
  return undefined;
}
