import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MeshworkError } from '../errors.ts';
import { readMeshFiles } from '../workspace/read-mesh.ts';
import type { CatalogDocument, ServerClient } from './server-client.ts';

export interface PublishResult {
  readonly url: string;
  readonly documents: number;
  readonly bytes: number;
  /** What the server answered, as it sent it. */
  readonly server: unknown;
}

/**
 * Every document of a mesh repository (the files the layout gives a part to — YAML and
 * the transform SQL) with its path relative to the mesh root and its text as it is on
 * disk, for `PUT /api/catalog`.
 */
export async function collectMeshDocuments(meshRoot: string): Promise<CatalogDocument[]> {
  const mesh = await readMeshFiles(meshRoot);
  const documents = await Promise.all(
    mesh.documents.map(async (doc) => ({
      path: doc.path,
      text: await readFile(join(meshRoot, doc.path), 'utf8'),
    })),
  );
  if (!documents.some((d) => d.path === 'meshwork.yaml'))
    throw new MeshworkError(
      'not-found',
      `${meshRoot} is not a mesh repository (no meshwork.yaml); give the mesh folder.`,
    );
  return documents;
}

/** Pushes a mesh repository to a server, which then serves it in place of what it had. */
export async function publishMesh(meshRoot: string, client: ServerClient): Promise<PublishResult> {
  const documents = await collectMeshDocuments(meshRoot);
  const server = await client.putCatalog(documents);
  return {
    url: client.url,
    documents: documents.length,
    bytes: documents.reduce((sum, d) => sum + Buffer.byteLength(d.text), 0),
    server,
  };
}
