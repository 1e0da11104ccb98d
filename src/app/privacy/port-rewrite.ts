import { copyFile, mkdir, readdir, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContractEntry, ProductEntry } from '../../core/mesh/mesh-model.ts';
import type { BuildSession, HmacKey, RowMatch } from '../../engines/build-engine.ts';
import { loadBuildEngine, loadSnapshotRewriter } from '../../engines/registry.ts';
import type { ServedTable } from '../build/serve-port.ts';
import { servePort } from '../build/serve-port.ts';
import {
  assertWarehouseNames,
  currentSnapshot,
  discardSnapshot,
  lockProduct,
  newSnapshotId,
  productDir,
  publishSnapshot,
  pruneSnapshots,
  removeStaleTemps,
  resolvePortDir,
  sealSnapshot,
  startSnapshot,
} from '../build/warehouse.ts';
import { MeshworkError } from '../errors.ts';

export type { HmacKey, RowMatch };

/** What to do to the rows of a port that match. */
export interface PortChange {
  /** delete: the rows go. pseudonymise: `columns` of those rows become keyed hashes (NULL when not text). */
  readonly action: 'delete' | 'pseudonymise';
  /** Or-ed: a row is changed when any holds. */
  readonly match: readonly RowMatch[];
  /**
   * pseudonymise: the columns replaced. The columns of `subject-hash` matches are always
   * added, so a pseudonymised row no longer matches and a second run changes nothing.
   */
  readonly columns?: readonly string[];
  /**
   * The key of subject hashes and pseudonyms (`loadSubjectHashKey`; bound as parameters,
   * never logged); needed by `subject-hash` matches and `pseudonymise`.
   */
  readonly key?: HmacKey;
}

export interface PortRewriteRequest {
  readonly meshRoot: string;
  readonly env: NodeJS.ProcessEnv;
  readonly product: Pick<ProductEntry, 'domainFolder' | 'productFolder'>;
  readonly port: string;
  /** The port's contract: each of its servers that can serve is loaded from the new snapshot. */
  readonly contract: ContractEntry | undefined;
  readonly change: PortChange;
  /** Count only: nothing is written (`meshwork retention` without `--apply`). */
  readonly dryRun?: boolean;
}

/** One place the port's rows live, and what the rewrite did there. */
export interface RewriteTarget {
  readonly kind: 'snapshot' | 'serving';
  /** The Parquet file (relative to the mesh root), or `server: schema.table`. */
  readonly name: string;
  /** Rows before the rewrite. */
  readonly rows: number;
  readonly removed: number;
  readonly changed: number;
  /**
   * rewritten: changed as counted. skipped: a serving server not configured here (its
   * table still holds the old rows — said, never hidden).
   */
  readonly status: 'rewritten' | 'skipped';
  readonly reason?: string;
}

export interface PortRewriteResult {
  readonly port: string;
  /**
   * rewritten: a new snapshot is served. unchanged: no row matched, nothing was written
   * (so running an erasure twice is harmless). dry-run: counted only. not-built: the port
   * has no snapshot yet, there is nothing to rewrite.
   */
  readonly status: 'rewritten' | 'unchanged' | 'dry-run' | 'not-built';
  /** Rows of the served snapshot before. */
  readonly rows: number;
  /** Rows that match: removed (delete) or changed (pseudonymise); counted in a dry run too. */
  readonly matched: number;
  readonly previousSnapshot: string | null;
  readonly snapshot: string | null;
  readonly targets: readonly RewriteTarget[];
}

/**
 * Rewrites one output port in place of a build (issue 11: erasure, retention): its served
 * snapshot is read by the build engine, the rows that match are dropped or pseudonymised
 * into a NEW snapshot, which is made current by the same renames a build uses
 * (warehouse.ts) — a reader sees the old rows or the new ones, never a mix — and each
 * serving table of the port's contract is then loaded from it in one transaction
 * (`Engine.serve`), as a build serves.
 *
 * The product's build lock is held throughout, so no build races the rewrite (a build
 * running now makes it fail with "being built by process …"). Older snapshots still hold
 * the rows that were removed, so after a rewrite only the new snapshot is kept: an erasure
 * that leaves the person in last week's snapshot would not be one.
 */
export async function rewritePort(request: PortRewriteRequest): Promise<PortRewriteResult> {
  // The names come from the mesh's YAML: checked before the lock creates any folder.
  assertWarehouseNames(request.product.domainFolder, request.product.productFolder, [request.port]);
  const dir = productDir(
    request.meshRoot,
    request.product.domainFolder,
    request.product.productFolder,
  );
  const unlock = await lockProduct(dir);
  try {
    return await rewriteLocked(request, dir);
  } finally {
    await unlock();
  }
}

async function rewriteLocked(request: PortRewriteRequest, dir: string): Promise<PortRewriteResult> {
  const portDir = await resolvePortDir(
    request.meshRoot,
    request.product.domainFolder,
    request.product.productFolder,
    request.port,
  );
  const previous = await currentSnapshot(portDir);
  const base = { port: request.port, previousSnapshot: previous ?? null };
  if (previous === undefined)
    return { ...base, status: 'not-built', rows: 0, matched: 0, snapshot: null, targets: [] };
  await removeStaleTemps(portDir);
  const files = (await readdir(join(portDir, previous))).filter((f) => f.endsWith('.parquet'));
  const change = withSubjectColumns(request.change);
  const rewrite = await loadSnapshotRewriter();
  const snapshot = newSnapshotId();
  const temp = await startSnapshot(portDir, snapshot);
  const scratchDir = join(dir, `.tmp-rewrite-${snapshot}`);
  let serving: BuildSession | undefined;
  try {
    const targets: RewriteTarget[] = [];
    const untouched: string[] = [];
    let rows = 0;
    let matched = 0;
    for (const file of files) {
      const source = await realpath(join(portDir, previous, file));
      const result = await rewrite(
        {
          source,
          target: request.dryRun ? undefined : join(temp, file),
          match: change.match,
          action: change.action,
          columns: change.columns ?? [],
          ...(change.key === undefined ? {} : { key: change.key }),
        },
        temp,
      );
      if (result.missing.length > 0)
        throw new MeshworkError(
          'invalid-input',
          `port "${request.port}": its snapshot's ${file} has no column ${result.missing.map((c) => `"${c}"`).join(', ')}; nothing was changed.`,
        );
      rows += result.rows;
      matched += result.matched;
      if (result.matched === 0) untouched.push(file);
      targets.push(snapshotTarget(request, file, result.rows, result.matched));
    }
    if (request.dryRun || matched === 0) {
      await discardSnapshot(portDir, snapshot);
      return {
        ...base,
        status: request.dryRun ? 'dry-run' : 'unchanged',
        rows,
        matched,
        snapshot: null,
        targets: request.dryRun ? targets : [],
      };
    }
    // An object of the port nothing matched in is carried over as it is.
    for (const file of untouched)
      await copyFile(await realpath(join(portDir, previous, file)), join(temp, file));
    const final = await sealSnapshot(portDir, snapshot);
    if (request.contract) {
      await mkdir(scratchDir, { recursive: true });
      serving = await (await loadBuildEngine()).openSession({ threads: 1 });
      const served = await servePort({
        meshRoot: request.meshRoot,
        env: request.env,
        contract: request.contract,
        snapshotDir: final,
        scratchDir,
        session: serving,
      });
      targets.push(...served.map((s) => servingTarget(s, rows, matched, change.action)));
    }
    await publishSnapshot(portDir, snapshot);
    await pruneSnapshots(portDir, 1);
    return { ...base, status: 'rewritten', rows, matched, snapshot, targets };
  } catch (error) {
    await discardSnapshot(portDir, snapshot);
    if ((await currentSnapshot(portDir)) !== snapshot)
      await rm(join(portDir, snapshot), { recursive: true, force: true });
    throw error;
  } finally {
    serving?.close();
    await rm(scratchDir, { recursive: true, force: true });
  }
}

function withSubjectColumns(change: PortChange): PortChange {
  if (change.action !== 'pseudonymise') return change;
  const subjectColumns = change.match.flatMap((m) => (m.kind === 'subject-hash' ? [m.column] : []));
  return { ...change, columns: [...new Set([...(change.columns ?? []), ...subjectColumns])] };
}

function snapshotTarget(
  request: PortRewriteRequest,
  file: string,
  rows: number,
  matched: number,
): RewriteTarget {
  const name = [
    '.meshwork/warehouse',
    request.product.domainFolder,
    request.product.productFolder,
    request.port,
    'current',
    file,
  ].join('/');
  const removed = request.change.action === 'delete' ? matched : 0;
  return { kind: 'snapshot', name, rows, removed, changed: matched - removed, status: 'rewritten' };
}

/**
 * A serving table is loaded from the new snapshot as a whole (one transaction), so it
 * holds exactly the snapshot's rows: its counts are the snapshot's.
 */
function servingTarget(
  served: ServedTable,
  rows: number,
  matched: number,
  action: PortChange['action'],
): RewriteTarget {
  const name = `${served.server}: ${served.table}`;
  if (served.status === 'skipped')
    return {
      kind: 'serving',
      name,
      rows: 0,
      removed: 0,
      changed: 0,
      status: 'skipped',
      reason: `not served from this machine (${served.reason ?? 'not configured'}); the table still holds the rows`,
    };
  const removed = action === 'delete' ? matched : 0;
  return { kind: 'serving', name, rows, removed, changed: matched - removed, status: 'rewritten' };
}
