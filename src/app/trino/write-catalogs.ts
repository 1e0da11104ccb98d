import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../write-atomically.ts';
import { readMeshFiles } from '../workspace/read-mesh.ts';
import { planCatalogFiles } from './catalog-files.ts';
import type { CatalogPlan, SourceServers } from './catalog-files.ts';

export interface WrittenCatalogs extends CatalogPlan {
  readonly outDir: string;
}

/** The servers of every source contract (`sources/<system>/*.odcs.yaml`) of the mesh. */
export async function sourceServers(meshRoot: string): Promise<SourceServers[]> {
  const files = await readMeshFiles(meshRoot);
  return files.documents
    .filter((doc) => doc.role.kind === 'source-contract')
    .map((doc) => {
      const servers = (doc.source.data as { servers?: unknown } | null | undefined)?.servers;
      return {
        contract: doc.path,
        servers: Array.isArray(servers)
          ? servers.filter((s): s is Record<string, unknown> => s !== null && typeof s === 'object')
          : [],
      };
    });
}

/**
 * Writes one catalog file per database server of the mesh's source contracts into `outDir`
 * (each file whole or not at all); a server that cannot become a catalog is returned in
 * `skipped` with the reason, never left out silently.
 */
export async function writeTrinoCatalogs(
  meshRoot: string,
  outDir: string,
): Promise<WrittenCatalogs> {
  const plan = planCatalogFiles(await sourceServers(meshRoot));
  await mkdir(outDir, { recursive: true });
  for (const file of plan.files)
    await writeFileAtomically(join(outDir, file.fileName), file.text, 0o644);
  return { ...plan, outDir };
}
