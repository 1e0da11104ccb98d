import { dirname, relative, resolve, sep } from 'node:path';
import type { ExportContract, ExportFormat, ExportOutput } from '../../core/export/index.ts';
import { renderExport } from '../../core/export/index.ts';
import { MeshworkError } from '../errors.ts';
import { nearPathHint } from '../near-path.ts';
import { findMeshRootAbove } from '../workspace/read-mesh.ts';
import { ddlDialectFor } from './ddl-dialect.ts';
import { readContract, readRelatedContracts } from './related-contracts.ts';

export interface ExportFilesOptions {
  readonly cwd: string;
  /** The mesh folder references may be read from; default: the one holding the first file. */
  readonly mesh?: string;
}

/** At most this many contracts in one export. */
export const MAX_EXPORT_CONTRACTS = 500;

/**
 * `meshwork export CONTRACT… --format F`: reads the contract files, and the contracts their
 * foreign keys point into (inside the mesh folder, else the first file's folder), and
 * renders them together — several contracts of one system give one DDL script with the keys
 * between their tables.
 */
export async function exportFiles(
  paths: readonly string[],
  format: ExportFormat,
  options: ExportFilesOptions,
): Promise<ExportOutput> {
  if (paths.length === 0) throw new MeshworkError('usage', 'Name at least one contract file.');
  if (paths.length > MAX_EXPORT_CONTRACTS) {
    throw new MeshworkError('usage', `At most ${MAX_EXPORT_CONTRACTS} contracts in one export.`);
  }
  const contracts: ExportContract[] = [];
  for (const path of paths) {
    const absolute = resolve(options.cwd, path);
    const loaded = await readContract(absolute);
    if (typeof loaded === 'string') {
      const missing = loaded.endsWith('no such file.');
      throw new MeshworkError(
        missing ? 'not-found' : 'invalid-input',
        missing
          ? `${path}: no such file.${nearPathHint(path, options.cwd)}`
          : loaded.replace(absolute, path),
      );
    }
    if (!contracts.some((c) => c.path === loaded.path)) contracts.push(loaded);
  }
  const first = contracts[0]!.path;
  const root =
    options.mesh !== undefined
      ? resolve(options.cwd, options.mesh)
      : ((await findMeshRootAbove(dirname(first))) ?? dirname(first));
  const { related, notes } = await readRelatedContracts(contracts, root);
  // Paths relative to the root: references resolve the same, and nothing in the output
  // names the machine's folders.
  const shown = (entry: ExportContract): ExportContract => ({
    ...entry,
    path: relative(root, entry.path).split(sep).join('/'),
  });
  const output = renderExport(
    format,
    { contracts: contracts.map(shown), related: related.map(shown) },
    await ddlDialectFor(format),
  );
  return { ...output, notes: [...notes, ...output.notes] };
}
