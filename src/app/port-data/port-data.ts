import { createReadStream } from 'node:fs';
import { mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { ExportColumn, ExportFormat, ExportRowFilter } from '../../engines/build-engine.ts';
import { loadSnapshotExporter } from '../../engines/registry.ts';
import { CURRENT, currentSnapshot, productDir } from '../build/warehouse.ts';
import { MeshworkError } from '../errors.ts';

export type { ExportFormat } from '../../engines/build-engine.ts';

/**
 * A port's current embedded snapshot, cut to what one consumer may see and written by
 * DuckDB into a private temp folder, ready to be streamed: the embedded data API of issue
 * 10. The temp folder is removed once the stream closes (read to the end, or the client
 * went away) — or at once when the export fails.
 */
export interface PortDataRequest {
  readonly workspaceRoot: string;
  /** `<domain folder>/<product folder>`, as the catalog has it. */
  readonly productFolder: string;
  readonly port: string;
  /** The snapshot's file name in its folder (`warehouse.ts` `portFileName`). */
  readonly fileName: string;
  readonly columns: readonly ExportColumn[];
  readonly format: ExportFormat;
  /** The pseudonym key of the consumer team (`teamPseudonymKey`). */
  readonly key: string;
  /** Only these rows (the grant's row filter, a column of the snapshot); absent: every row. */
  readonly rowFilter?: ExportRowFilter;
}

export interface PortData {
  readonly stream: Readable;
  readonly bytes: number;
  readonly rows: number;
  /** The snapshot served, e.g. `20261124T221500123Z-a1b2c3`. */
  readonly snapshot: string;
}

/** No snapshot of this port exists yet: it was never built here. */
export class NotBuiltError extends Error {
  override readonly name = 'NotBuiltError';
}

/** The snapshot does not have a column the grant names (it was built from another contract). */
export class SnapshotColumnsError extends Error {
  override readonly name = 'SnapshotColumnsError';
  constructor(readonly missing: readonly string[]) {
    super(`the current snapshot has no column ${missing.map((m) => `"${m}"`).join(', ')}`);
  }
}

export async function openPortData(request: PortDataRequest): Promise<PortData> {
  for (const name of [request.port, ...request.productFolder.split('/')])
    if (!isPlainName(name))
      throw new MeshworkError('invalid-input', `"${name}" cannot name a folder of the warehouse.`);
  const portDir = join(
    productDir(request.workspaceRoot, ...splitFolder(request.productFolder)),
    request.port,
  );
  const snapshot = await currentSnapshot(portDir);
  if (snapshot === undefined) throw new NotBuiltError(`port "${request.port}" has no snapshot yet`);
  const source = await realSnapshotFile(portDir, request.fileName);
  const temp = await mkdtemp(join(tmpdir(), 'meshwork-data-'));
  try {
    const target = join(temp, `export.${request.format}`);
    const exportSnapshot = await loadSnapshotExporter();
    const result = await exportSnapshot(
      {
        source,
        target,
        columns: request.columns,
        format: request.format,
        key: request.key,
        ...(request.rowFilter === undefined ? {} : { rowFilter: request.rowFilter }),
      },
      temp,
    );
    if (result.missing.length > 0) throw new SnapshotColumnsError(result.missing);
    const { size } = await stat(target);
    const stream = createReadStream(target);
    stream.once('close', () => void rm(temp, { recursive: true, force: true }));
    return { stream, bytes: size, rows: result.rows, snapshot };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

function isPlainName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

function splitFolder(folder: string): [string, string] {
  const [domain, product, ...rest] = folder.split('/');
  if (!domain || !product || rest.length > 0)
    throw new MeshworkError('invalid-input', `"${folder}" is not a product folder.`);
  return [domain, product];
}

/**
 * The snapshot file with every symlink resolved, refused unless it lies inside the port's
 * own folder: a name from the mesh (port, schema object) or a planted link cannot make the
 * API serve another file.
 */
async function realSnapshotFile(portDir: string, fileName: string): Promise<string> {
  if (fileName.includes('/') || fileName.includes('\\') || fileName.startsWith('.'))
    throw new MeshworkError('invalid-input', `"${fileName}" is not a snapshot file name.`);
  let real: string;
  let realPort: string;
  try {
    realPort = await realpath(portDir);
    real = await realpath(join(portDir, CURRENT, fileName));
  } catch {
    throw new NotBuiltError(`the current snapshot has no file ${fileName}`);
  }
  const inside = relative(realPort, real);
  if (inside.startsWith('..') || inside.split(sep).length !== 2)
    throw new MeshworkError(
      'invalid-input',
      `the snapshot file of this port lies outside its folder.`,
    );
  return real;
}
