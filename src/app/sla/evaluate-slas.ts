import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MESH_FILE } from '../../core/mesh/layout.ts';
import { currentSnapshot, productDir } from '../build/warehouse.ts';
import { snapshotTime } from '../catalog/product-health.ts';
import type { SlaEvaluation, SlaPromise } from '../../core/sla/index.ts';
import {
  evaluateFrequency,
  evaluateLatency,
  evaluateTimeOfAvailability,
  slaPromisesOf,
} from '../../core/sla/index.ts';
import type { Catalog, ProductRecord } from '../catalog/catalog-model.ts';
import { buildCatalogFromTexts, parseMeshTexts, readMeshTexts } from '../catalog/load-mesh.ts';
import type { MeshText } from '../catalog/load-mesh.ts';
import { measureNewestAge } from './measure-age.ts';

/** The SLAs of one product, as evaluated now. */
export interface ProductSlas {
  readonly productId: string;
  readonly domain: string;
  readonly team: string | null;
  readonly evaluations: readonly SlaEvaluation[];
}

export interface MeshSlas {
  readonly evaluatedAt: string;
  /** The mesh's `defaults.timezone` (UTC when it names none): time of availability is judged in it. */
  readonly timeZone: string;
  readonly products: readonly ProductSlas[];
  /** Product ids several products declare: not evaluated (which one would it be?), said here. */
  readonly ambiguous: readonly string[];
}

/** Reads the mesh at `meshRoot` and evaluates every output contract's monitored SLAs. */
export async function evaluateMeshSlas(options: {
  readonly meshRoot: string;
  readonly now: Date;
  readonly signal?: AbortSignal;
}): Promise<MeshSlas> {
  const texts = await readMeshTexts(options.meshRoot);
  const catalog = await buildCatalogFromTexts({
    texts,
    source: options.meshRoot,
    meshRoot: options.meshRoot,
    now: options.now,
  });
  const timeZone = meshTimeZone(texts);
  const products: ProductSlas[] = [];
  for (const record of catalog.productsById.values()) {
    options.signal?.throwIfAborted();
    products.push(await evaluateProduct(catalog, record, options.meshRoot, options.now, timeZone));
  }
  return {
    evaluatedAt: options.now.toISOString(),
    timeZone,
    products,
    ambiguous: [...catalog.ambiguousProducts.keys()],
  };
}

/** The monitored SLAs of one product of the catalog, measured now. */
export async function evaluateProduct(
  catalog: Catalog,
  record: ProductRecord,
  meshRoot: string,
  now: Date,
  timeZone: string,
): Promise<ProductSlas> {
  const [domainFolder, productFolder] = splitFolder(record.folder);
  const evaluations: SlaEvaluation[] = [];
  for (const port of record.detail.outputPorts) {
    if (port.contractId === null || port.contract === null) continue;
    const stored = catalog.contracts.get(port.contractId);
    const promises = slaPromisesOf(
      port.name,
      port.contractId,
      port.contract.slaProperties,
      defaultElementOf(stored?.contract),
    );
    const builtAt = await servedAt(meshRoot, domainFolder, productFolder, port.name);
    const object = port.contract.schema[0]?.name;
    for (const promise of promises) {
      evaluations.push(
        await evaluate(promise, builtAt, now, timeZone, async (element) =>
          measureNewestAge({
            meshRoot,
            domainFolder,
            productFolder,
            port: port.name,
            object,
            element,
          }),
        ),
      );
    }
  }
  return {
    productId: record.detail.id,
    domain: record.detail.domain,
    team: record.detail.owner.team,
    evaluations,
  };
}

async function evaluate(
  promise: SlaPromise,
  builtAt: string | null,
  now: Date,
  timeZone: string,
  measure: (element: NonNullable<SlaPromise['element']>) => ReturnType<typeof measureNewestAge>,
): Promise<SlaEvaluation> {
  switch (promise.kind) {
    case 'latency': {
      // Measured only where it can be judged: an element to read and a served snapshot.
      const canMeasure = promise.element !== null && builtAt !== null;
      return evaluateLatency(promise, builtAt, canMeasure ? await measure(promise.element) : null);
    }
    case 'frequency':
      return evaluateFrequency(promise, builtAt, now);
    case 'timeOfAvailability':
      return evaluateTimeOfAvailability(promise, builtAt, now, timeZone);
  }
}

/** The mesh's `defaults.timezone`, UTC when it names none (an unknown one is judged so later). */
export function meshTimeZone(texts: readonly MeshText[]): string {
  const organisation = parseMeshTexts(texts).find((d) => d.role.kind === 'organisation');
  const data = organisation?.source.data as
    { defaults?: { timezone?: unknown } } | null | undefined;
  const zone = data?.defaults?.timezone;
  return typeof zone === 'string' && zone.trim() !== '' ? zone : 'UTC';
}

function defaultElementOf(contract: unknown): string | null {
  const value = (contract as { slaDefaultElement?: unknown } | null | undefined)?.slaDefaultElement;
  return typeof value === 'string' ? value : null;
}

function splitFolder(folder: string): [string, string] {
  const [domain = '', product = ''] = folder.split('/');
  return [domain, product];
}

/**
 * The time zone of the mesh at `meshRoot` from its `meshwork.yaml` alone (a server asking
 * for one product's SLAs need not read the whole mesh); UTC when the file names none.
 */
export async function readMeshTimeZone(meshRoot: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(join(meshRoot, MESH_FILE), 'utf8');
  } catch {
    return 'UTC';
  }
  return meshTimeZone([{ path: MESH_FILE, text }]);
}

/**
 * When the port's served snapshot was built, read from the warehouse now — not the
 * catalog's copy from its last index, which a server keeps while builds go on. Null when
 * nothing is served (or there is no workspace: a pushed catalog).
 */
async function servedAt(
  meshRoot: string,
  domainFolder: string,
  productFolder: string,
  port: string,
): Promise<string | null> {
  if (meshRoot === '') return null;
  const id = await currentSnapshot(join(productDir(meshRoot, domainFolder, productFolder), port));
  return id === undefined ? null : snapshotTime(id);
}
