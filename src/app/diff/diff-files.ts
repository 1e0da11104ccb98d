import { readFile, stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { buildMeshModel } from '../../core/mesh/mesh-model.ts';
import type { MeshModel } from '../../core/mesh/mesh-model.ts';
import { MESH_FILE } from '../../core/mesh/layout.ts';
import type { OdcsContract } from '../../core/standards/odcs/index.ts';
import { parseSourceDocument } from '../../core/yaml/source-document.ts';
import { MeshworkError } from '../errors.ts';
import { findMeshRootAbove, readMeshFiles } from '../workspace/read-mesh.ts';
import { asContract } from './load-contract.ts';
import type { ActiveGrants, DiffReport } from './report.ts';
import { buildReport } from './report.ts';

export interface DiffFilesOptions {
  /** The mesh whose lineage names the consumers; default: the mesh that holds NEW. */
  readonly mesh?: string;
  /** Reads the active grants of the mesh's workspace (its store); none asked: none named. */
  readonly grants?: (meshRoot: string) => Promise<ActiveGrants>;
}

/**
 * `meshwork diff OLD NEW`: two versions of one contract. Consumers come from the mesh
 * repository that holds NEW (the nearest folder upwards with a meshwork.yaml), or from
 * `mesh`; without one the report names none.
 */
export async function diffFiles(
  oldPath: string,
  newPath: string,
  cwd: string,
  options: DiffFilesOptions = {},
): Promise<DiffReport> {
  const from = await loadFile(oldPath, cwd);
  const to = await loadFile(newPath, cwd);
  const meshRoot =
    options.mesh !== undefined
      ? await requireFolder(resolve(cwd, options.mesh), options.mesh)
      : await findMeshRootAbove(dirname(resolve(cwd, newPath)));
  const model: MeshModel | undefined = meshRoot
    ? buildMeshModel((await readMeshFiles(meshRoot)).documents)
    : undefined;
  const file = relative(cwd, resolve(cwd, newPath)) || newPath;
  const note = model
    ? undefined
    : `No mesh repository (${MESH_FILE}) holds ${file}, so no consumers are named; pass --mesh PATH.`;
  const active = meshRoot && options.grants ? await options.grants(meshRoot) : undefined;
  return buildReport([{ file, from, to }], model, [], note, active);
}

async function loadFile(path: string, cwd: string): Promise<OdcsContract> {
  const absolute = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MeshworkError('not-found', `${path}: no such file.`);
    if (code === 'EISDIR')
      throw new MeshworkError(
        'usage',
        `${path} is a folder; compare a mesh with --base REF ${path}.`,
      );
    throw new MeshworkError('io', `${path}: cannot be read (${code ?? 'unknown error'}).`, {
      cause: error,
    });
  }
  const loaded = asContract(parseSourceDocument(path, text));
  if (!loaded.ok) throw new MeshworkError('invalid-input', `${path}: ${loaded.reason}.`);
  return loaded.contract;
}

async function requireFolder(absolute: string, shown: string): Promise<string> {
  const isFolder = await stat(absolute).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isFolder) throw new MeshworkError('not-found', `${shown}: no such mesh folder.`);
  return absolute;
}
