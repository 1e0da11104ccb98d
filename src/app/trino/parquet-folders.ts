import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { entryPath } from '../../engines/engine.ts';
import { CURRENT, warehouseRoot } from '../build/warehouse.ts';
import { readMeshFiles } from '../workspace/read-mesh.ts';

/**
 * The Parquet data of a mesh that `meshwork trino register` can make Hive tables of: the
 * files of source contracts' `local` Parquet servers, and each product port's served
 * snapshot (`.meshwork/warehouse/<domain>/<product>/<port>/current`, one file per snapshot).
 *
 * A Hive table reads every file of its folder (except names starting with `.` or `_`), so a
 * folder is registered only when all its files belong to the one object: a contract whose
 * `path` is one file beside other files would otherwise give a table that mixes them. Such
 * data, URLs and missing files are returned as skipped with the reason.
 */
export interface ParquetFolder {
  /** The table name to register (not yet made safe: see `tableName`). */
  readonly name: string;
  /** The folder, symbolic links resolved (a served snapshot, not `current`). */
  readonly folder: string;
  /** One Parquet file of the folder, whose columns the table declares. */
  readonly sample: string;
  /** Where it comes from, for the report. */
  readonly from: string;
}

export interface SkippedData {
  readonly from: string;
  readonly reason: string;
}

export interface ParquetFolders {
  readonly folders: readonly ParquetFolder[];
  readonly skipped: readonly SkippedData[];
  /** What was looked through, so an empty result can say why nothing qualified. */
  readonly searched: SearchedData;
}

export interface SearchedData {
  readonly sourceContracts: number;
  /** `local` servers of source contracts, and of them those holding Parquet. */
  readonly localServers: number;
  readonly localParquetServers: number;
  /** Port folders in the warehouse, and of them those with a served snapshot (`current`). */
  readonly portFolders: number;
  readonly builtPorts: number;
}

interface SchemaObject {
  readonly name?: unknown;
  readonly physicalName?: unknown;
}

export async function findParquetFolders(meshRoot: string): Promise<ParquetFolders> {
  const folders: ParquetFolder[] = [];
  const skipped: SkippedData[] = [];
  const searched = {
    sourceContracts: 0,
    localServers: 0,
    localParquetServers: 0,
    portFolders: 0,
    builtPorts: 0,
  };
  const files = await readMeshFiles(meshRoot);
  for (const doc of files.documents) {
    if (doc.role.kind !== 'source-contract') continue;
    searched.sourceContracts++;
    const system = doc.role.system;
    const data = doc.source.data as { servers?: unknown; schema?: unknown } | null | undefined;
    const servers = Array.isArray(data?.servers) ? (data.servers as unknown[]) : [];
    const objects = Array.isArray(data?.schema) ? (data.schema as SchemaObject[]) : [];
    for (const server of servers) {
      const entry = server as Record<string, unknown> | null;
      if (entry === null || typeof entry !== 'object' || entry.type !== 'local') continue;
      searched.localServers++;
      const path = typeof entry.path === 'string' ? entry.path : '';
      if (entry.format !== 'parquet' && !path.endsWith('.parquet')) continue;
      searched.localParquetServers++;
      for (const object of objects) {
        const physical =
          typeof object.physicalName === 'string' ? object.physicalName : object.name;
        if (typeof physical !== 'string') continue;
        const from = `${doc.path} (server ${String(entry.server)}, object ${physical})`;
        const target = entryPath(
          { ...entry, server: String(entry.server), type: 'local' },
          physical,
          dirname(resolve(meshRoot, doc.path)),
        );
        const found = await folderOf(target);
        if ('reason' in found) skipped.push({ from, reason: found.reason });
        else folders.push({ name: `${system}__${physical}`, ...found, from });
      }
    }
  }
  await addSnapshots(meshRoot, folders, skipped, searched);
  return { folders, skipped, searched };
}

/** Each port's served snapshot: `<domain>/<product>/<port>/current` in the warehouse. */
async function addSnapshots(
  meshRoot: string,
  folders: ParquetFolder[],
  skipped: SkippedData[],
  searched: { portFolders: number; builtPorts: number },
): Promise<void> {
  const root = warehouseRoot(meshRoot);
  for (const domain of await dirs(root))
    for (const product of await dirs(join(root, domain)))
      for (const port of await dirs(join(root, domain, product))) {
        const current = join(root, domain, product, port, CURRENT);
        const from = `.meshwork/warehouse/${domain}/${product}/${port}`;
        searched.portFolders++;
        let folder: string;
        try {
          folder = await realpath(current);
        } catch {
          continue; // never published
        }
        searched.builtPorts++;
        if (dirname(folder) !== (await realpath(join(root, domain, product, port)))) {
          skipped.push({ from, reason: '`current` points outside the port folder; refused' });
          continue;
        }
        const parquet = (await visibleFiles(folder)).filter((f) => f.endsWith('.parquet'));
        if (parquet.length !== 1) {
          skipped.push({
            from,
            reason: `the snapshot holds ${parquet.length} Parquet files, not one`,
          });
          continue;
        }
        folders.push({
          name: `${domain}__${product}__${port}`,
          folder,
          sample: join(folder, parquet[0]!),
          from,
        });
      }
}

async function folderOf(
  target: string,
): Promise<{ folder: string; sample: string } | { reason: string }> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target))
    return { reason: 'a URL: only folders on this machine are registered' };
  const glob = /[*?[]/.test(basename(target));
  if (/[*?[]/.test(dirname(target)))
    return { reason: 'a glob over folders: Hive reads one folder' };
  const info = glob ? undefined : await stat(target).catch(() => undefined);
  if (!glob && info === undefined) return { reason: `${target} is not on this machine` };
  const folder = info?.isDirectory() ? target : dirname(target);
  let real: string;
  try {
    real = await realpath(folder);
  } catch {
    return { reason: `${folder} is not on this machine` };
  }
  const inFolder = await visibleFiles(real);
  const belongs = info?.isDirectory()
    ? (name: string): boolean => name.endsWith('.parquet')
    : glob
      ? globMatcher(basename(target))
      : (name: string): boolean => name === basename(target);
  const others = inFolder.filter((name) => !belongs(name));
  if (others.length > 0)
    return {
      reason:
        `its folder also holds ${others.length} other file(s) (${others.slice(0, 3).join(', ')}), ` +
        'and a Hive table reads the whole folder: give the object a folder of its own',
    };
  const own = inFolder.filter(belongs).sort();
  if (own.length === 0) return { reason: `no Parquet file in ${real}` };
  return { folder: real, sample: join(real, own[0]!) };
}

/** Files Hive reads: it skips names starting with `.` or `_`. */
async function visibleFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && !e.name.startsWith('_'))
    .map((e) => e.name);
}

async function dirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

function globMatcher(pattern: string): (name: string) => boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${source}$`);
  return (name) => regex.test(name);
}
