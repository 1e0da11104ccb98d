import { lstat, mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../write-atomically.ts';
import { readMeshFiles } from '../workspace/read-mesh.ts';
import { CATALOG_FILE_HEADER, planCatalogFiles } from './catalog-files.ts';
import type { CatalogFile, CatalogPlan, SkippedServer, SourceServers } from './catalog-files.ts';

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
 *
 * `outDir` is usually the operator's etc/catalog, which holds catalogs Meshwork did not
 * write (hive, iceberg, …). A server named like one of them must not replace it (a source
 * contract's author would otherwise point the operator's catalog at a host of their
 * choosing), so a file is only replaced when it carries the header this command writes;
 * a name that differs only in case counts as the same catalog (Trino lower-cases them).
 */
export async function writeTrinoCatalogs(
  meshRoot: string,
  outDir: string,
): Promise<WrittenCatalogs> {
  const plan = planCatalogFiles(await sourceServers(meshRoot));
  await mkdir(outDir, { recursive: true });
  const present = await readdir(outDir);
  const written: CatalogFile[] = [];
  const skipped: SkippedServer[] = [...plan.skipped];
  for (const file of plan.files) {
    const refusal = await refusalToReplace(outDir, file.fileName, present);
    if (refusal !== undefined) {
      skipped.push({ server: file.server, contract: file.contracts.join(', '), reason: refusal });
      continue;
    }
    await writeFileAtomically(join(outDir, file.fileName), file.text, 0o644);
    written.push(file);
  }
  return { files: written, skipped, outDir };
}

/** Why `fileName` may not be written in `outDir`, or undefined when it may. */
async function refusalToReplace(
  outDir: string,
  fileName: string,
  present: readonly string[],
): Promise<string | undefined> {
  const same = present.filter((name) => name.toLowerCase() === fileName.toLowerCase());
  const other = same.find((name) => name !== fileName);
  if (other !== undefined)
    return `${other} in ${outDir} is the same catalog for Trino and was not written by meshwork; rename the server`;
  if (same.length === 0) return undefined;
  const path = join(outDir, fileName);
  const stat = await lstat(path);
  if (!stat.isFile())
    return `${fileName} in ${outDir} exists and is not a plain file; it is left as it is`;
  if (!(await startsWithHeader(path)))
    return `${fileName} in ${outDir} exists and was not written by \`meshwork trino catalogs\`; it is left as it is (rename the server or remove the file)`;
  return undefined;
}

async function startsWithHeader(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Buffer.byteLength(CATALOG_FILE_HEADER) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const start = buffer.subarray(0, bytesRead).toString('utf8');
    return start === `${CATALOG_FILE_HEADER}\n`;
  } finally {
    await handle.close();
  }
}
