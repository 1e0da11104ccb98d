import { randomBytes } from 'node:crypto';
import {
  mkdir,
  readdir,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { isPlainFolderName } from '../../core/mesh/folder-name.ts';
import { MeshworkError } from '../errors.ts';

/**
 * The embedded warehouse: output ports as Parquet snapshots in the workspace.
 *
 * ```
 * <mesh root>/.meshwork/warehouse/<domain>/<product>/
 *   .lock                          the pid of the build running now
 *   <port>/
 *     current -> <snapshot id>     the served snapshot (a relative symlink)
 *     <snapshot id>/<object>.parquet
 *     .tmp-<snapshot id>/          a snapshot being written
 * ```
 *
 * A snapshot is written into a `.tmp-` folder and renamed once complete; `current` is
 * switched by creating a new symlink beside it and renaming it over the old one. Both
 * renames are atomic on POSIX, so a reader (or a build killed at any point) sees the old
 * snapshot or the new one, never a half-written one. Readers need no Meshwork code: the
 * operating system resolves `current/<object>.parquet`.
 */
export const CURRENT = 'current';
const TEMP_PREFIX = '.tmp-';
const POINTER_TEMP_PREFIX = '.current-';
const SNAPSHOT_ID = /^\d{8}T\d{9}Z-[0-9a-f]{6}$/;

export function warehouseRoot(meshRoot: string): string {
  return join(meshRoot, '.meshwork', 'warehouse');
}

export function productDir(meshRoot: string, domain: string, product: string): string {
  return join(warehouseRoot(meshRoot), domain, product);
}

/**
 * Refuses a domain, product or port name that is not one plain folder name
 * (`isPlainFolderName`): they come from the mesh's YAML, and a `..` in one would point a
 * build, retention or erasure at another product's snapshots. Call it before anything is
 * created (`lockProduct` makes the product folder).
 */
export function assertWarehouseNames(
  domain: string,
  product: string,
  ports: readonly string[],
): void {
  for (const [what, name] of [
    ['domain', domain],
    ['product', product],
    ...ports.map((p) => ['port', p] as const),
  ] as const) {
    if (!isPlainFolderName(name))
      throw new MeshworkError(
        'invalid-input',
        `${what} name ${JSON.stringify(name)} cannot name a folder of the warehouse (refused: a path, a leading dot or a control character); nothing was written.`,
      );
  }
}

/**
 * A port's folder, checked once the product folder exists: its real path must be the
 * product folder's own child, so neither a planted symlink at the port nor one at the
 * domain or product folder leads the rewrite out of the product's part of the warehouse.
 * A port folder that does not exist yet is fine (nothing was built there).
 */
export async function resolvePortDir(
  meshRoot: string,
  domain: string,
  product: string,
  port: string,
): Promise<string> {
  assertWarehouseNames(domain, product, [port]);
  const dir = productDir(meshRoot, domain, product);
  const realProduct = await realpath(dir);
  const realWarehouse = await realpath(warehouseRoot(meshRoot));
  if (realProduct !== join(realWarehouse, domain, product))
    throw new MeshworkError(
      'invalid-input',
      `${dir} resolves to ${realProduct}, outside the product's place in the warehouse (a symbolic link?); refused.`,
    );
  const portDir = join(dir, port);
  let realPort: string;
  try {
    realPort = await realpath(portDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return portDir;
    throw error;
  }
  if (dirname(realPort) !== realProduct || realPort !== join(realProduct, port))
    throw new MeshworkError(
      'invalid-input',
      `${portDir} resolves to ${realPort}, outside the product's folder (a symbolic link?); refused.`,
    );
  return portDir;
}

/**
 * The file a port's snapshot holds: named after its contract's one schema object (its
 * `name`, not its `physicalName`), or after the port when the contract has none.
 */
export function portFileName(port: string, objectName: string | undefined): string {
  return `${objectName ?? port}.parquet`;
}

/** A port's served file relative to the mesh root, as a consumer opens it. */
export function servedPortFile(
  productFolder: string,
  port: string,
  objectName: string | undefined,
): string {
  return posix.join(
    '.meshwork',
    'warehouse',
    productFolder,
    port,
    CURRENT,
    portFileName(port, objectName),
  );
}

/** Sortable by time: `20261124T221500123Z-a1b2c3`. */
export function newSnapshotId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function isSnapshotId(name: string): boolean {
  return SNAPSHOT_ID.test(name);
}

export async function startSnapshot(portDir: string, id: string): Promise<string> {
  const temp = join(portDir, `${TEMP_PREFIX}${id}`);
  await mkdir(temp, { recursive: true });
  return temp;
}

/** Renames a complete temp folder to its snapshot id; the snapshot is not served yet. */
export async function sealSnapshot(portDir: string, id: string): Promise<string> {
  const final = join(portDir, id);
  await rename(join(portDir, `${TEMP_PREFIX}${id}`), final);
  return final;
}

export async function discardSnapshot(portDir: string, id: string): Promise<void> {
  await rm(join(portDir, `${TEMP_PREFIX}${id}`), { recursive: true, force: true });
}

/** Makes `id` the served snapshot of the port in one rename. */
export async function publishSnapshot(portDir: string, id: string): Promise<void> {
  const pointer = join(portDir, `${POINTER_TEMP_PREFIX}${randomBytes(4).toString('hex')}`);
  await symlink(id, pointer, 'dir');
  try {
    await rename(pointer, join(portDir, CURRENT));
  } catch (error) {
    await rm(pointer, { force: true });
    throw error;
  }
}

/** The id of the served snapshot, or undefined before the first publish. */
export async function currentSnapshot(portDir: string): Promise<string | undefined> {
  try {
    const target = await readlink(join(portDir, CURRENT));
    return isSnapshotId(target) ? target : undefined;
  } catch {
    return undefined;
  }
}

/** Leftovers of a build that was killed: temp snapshots and temp pointers. */
export async function removeStaleTemps(portDir: string): Promise<number> {
  let removed = 0;
  for (const name of await listNames(portDir)) {
    if (!name.startsWith(TEMP_PREFIX) && !name.startsWith(POINTER_TEMP_PREFIX)) continue;
    await rm(join(portDir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** Keeps the newest `keep` snapshots and always the served one; removes the rest. */
export async function pruneSnapshots(portDir: string, keep: number): Promise<string[]> {
  const current = await currentSnapshot(portDir);
  const snapshots = (await listNames(portDir)).filter(isSnapshotId).sort().reverse();
  const kept = new Set(snapshots.slice(0, Math.max(1, keep)));
  if (current !== undefined) kept.add(current);
  const removed = snapshots.filter((id) => !kept.has(id));
  for (const id of removed) await rm(join(portDir, id), { recursive: true, force: true });
  return removed;
}

async function listNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** Product folders this process is building now: its own pid in a lock file is not stale then. */
const heldHere = new Set<string>();

/**
 * One build of a product at a time on this machine: the lock file holds the builder's pid.
 * A lock whose process is gone was left by a killed build and is taken over, which is also
 * when that build's temp folders may be removed. Builds in one process (`meshwork worker
 * --concurrency`, `meshwork serve`'s worker beside a job whose lease it lost) share a pid,
 * so this process also keeps the folders it holds: a second build of one of them is refused
 * like another process's, and only a lock with this pid that no build here holds (a pid
 * reused after a kill) is stale. Workers on other machines are not serialised by the file
 * (it is on this machine's disk); the jobs' fencing stops a build that lost its lease.
 */
export async function lockProduct(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const lock = join(dir, '.lock');
  if (heldHere.has(lock))
    throw new MeshworkError('io', `${dir} is being built by this process; wait for it to finish.`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      heldHere.add(lock);
      await writeFile(lock, String(process.pid), { flag: 'wx' });
      return async () => {
        await rm(lock, { force: true });
        heldHere.delete(lock);
      };
    } catch (error) {
      heldHere.delete(lock);
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(await readFile(lock, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new MeshworkError(
          'io',
          `${dir} is being built by process ${holder}; wait for it to finish.`,
        );
      }
      await rm(lock, { force: true });
    }
  }
  throw new MeshworkError('io', `cannot lock ${dir} for building.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
