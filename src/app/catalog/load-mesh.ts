import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { evaluatePolicies, loadPolicySet } from '../../core/governance/index.ts';
import { classifyMeshPath } from '../../core/mesh/layout.ts';
import type { MeshDocument, MeshModel } from '../../core/mesh/mesh-model.ts';
import { buildMeshModel } from '../../core/mesh/mesh-model.ts';
import type { TestRun } from '../../core/quality/index.ts';
import { parseSourceDocument } from '../../core/yaml/source-document.ts';
import { currentSnapshot, productDir } from '../build/warehouse.ts';
import { readBuiltinPolicies } from '../governance/builtin-pack.ts';
import type { MeshworkStore } from '../store/store.ts';
import { readMeshFiles } from '../workspace/read-mesh.ts';
import type { Catalog } from './catalog-model.ts';
import { buildCatalog } from './build-catalog.ts';
import { snapshotTime } from './product-health.ts';

export interface MeshText {
  readonly path: string;
  readonly text: string;
}

/** The definition files of a mesh folder as text, in path order. */
export async function readMeshTexts(root: string): Promise<MeshText[]> {
  const files = await readMeshFiles(root);
  return files.documents
    .filter((d) => d.role.kind !== 'transform')
    .map((d) => ({ path: d.path, text: d.source.text }));
}

/** A hash over paths and texts: equal meshes have equal revisions, whatever their source. */
export function revisionOf(texts: readonly MeshText[]): string {
  const hash = createHash('sha256');
  for (const t of [...texts].sort((a, b) => (a.path < b.path ? -1 : 1)))
    hash.update(t.path).update('\0').update(t.text).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** Parses pushed or read texts; paths the layout gives no part to are left out. */
export function parseMeshTexts(texts: readonly MeshText[]): MeshDocument[] {
  return texts.flatMap(({ path, text }) => {
    const role = classifyMeshPath(path);
    if (role.kind === 'other') return [];
    // Transform SQL is kept as text for the record but is not YAML.
    const parsed = parseSourceDocument(path, role.kind === 'transform' ? '' : text);
    return [{ path, role, source: parsed }];
  });
}

/** When each output port's served snapshot was built, from the embedded warehouse. */
export async function readBuildTimes(
  meshRoot: string,
  model: MeshModel,
): Promise<Map<string, string>> {
  const times = new Map<string, string>();
  await Promise.all(
    model.products.flatMap((p) =>
      p.outputPorts.map(async (port) => {
        const dir = join(productDir(meshRoot, p.domainFolder, p.productFolder), port.name);
        const id = await currentSnapshot(dir);
        const at = id === undefined ? null : snapshotTime(id);
        if (at !== null) times.set(`${p.domainFolder}/${p.productFolder}/${port.name}`, at);
      }),
    ),
  );
  return times;
}

/** The newest run of every contract of the mesh, from the store. */
export async function readLatestRuns(
  store: MeshworkStore,
  ids: Iterable<string>,
): Promise<Map<string, TestRun>> {
  const latest = new Map<string, TestRun>();
  await Promise.all(
    [...ids].map(async (contractId) => {
      const page = await store.runs.list({ contractId, limit: 1 });
      const newest = page.items[0];
      if (newest) latest.set(contractId, newest.run);
    }),
  );
  return latest;
}

export interface IndexOptions {
  readonly texts: readonly MeshText[];
  readonly source: string;
  readonly store: MeshworkStore;
  /** Where build snapshots are looked up; null for a pushed mesh with no workspace. */
  readonly meshRoot: string | null;
  readonly now: Date;
}

/** Everything the catalog needs, read and evaluated: the mesh, governance, builds, runs. */
export async function indexMesh(options: IndexOptions): Promise<Catalog> {
  const catalog = await buildCatalogFromTexts(options);
  const latest = await readLatestRuns(options.store, catalog.contracts.keys());
  for (const [id, run] of latest) catalog.latestRuns.set(id, run);
  return catalog;
}

/**
 * The part of indexing that needs no store: parse, model, governance, build times. It
 * is the CPU-heavy part, which `indexMeshOffThread` runs in a worker thread; the catalog
 * it returns has no runs yet.
 */
export async function buildCatalogFromTexts(
  options: Omit<IndexOptions, 'store'>,
): Promise<Catalog> {
  const model = buildMeshModel(parseMeshTexts(options.texts));
  const set = loadPolicySet(model, await readBuiltinPolicies());
  const report = evaluatePolicies(model, set);
  return buildCatalog({
    source: options.source,
    revision: revisionOf(options.texts),
    indexedAt: options.now,
    model,
    governance: { set, report },
    builtAt: options.meshRoot === null ? new Map() : await readBuildTimes(options.meshRoot, model),
    latestRuns: new Map(),
  });
}
