import { parentPort, workerData } from 'node:worker_threads';
import { isMeshworkError } from '../errors.ts';
import type { Catalog, ContractRecord } from './catalog-model.ts';
import { buildCatalogFromTexts } from './load-mesh.ts';
import type { MeshText } from './load-mesh.ts';

/** A contract record as it crosses the thread boundary: its parsed document as JSON text. */
export type ShippedContract = Omit<ContractRecord, 'contract'> & { readonly contractJson: string };
export type ShippedCatalog = Omit<Catalog, 'contracts'> & {
  readonly contracts: ReadonlyMap<string, ShippedContract>;
};

/**
 * Structured clone rebuilds an object key by key on the receiving thread: a contract
 * document of 64,000 keys took a second there, on the event loop the worker is meant to
 * keep free. As JSON text it crosses as one string and is parsed when first asked for.
 */
function ship(catalog: Catalog): ShippedCatalog {
  const contracts = new Map<string, ShippedContract>();
  for (const [id, { contract, ...rest }] of catalog.contracts)
    contracts.set(id, { ...rest, contractJson: JSON.stringify(contract ?? null) });
  return { ...catalog, contracts };
}

/** What `indexMeshOffThread` hands the worker. */
export interface IndexJob {
  readonly texts: readonly MeshText[];
  readonly source: string;
  readonly meshRoot: string | null;
  readonly now: string;
}

// The worker side of index-off-thread.ts: one job, one answer, then the thread ends.
const job = workerData as { job: IndexJob } | undefined;
if (parentPort && job) {
  const port = parentPort;
  buildCatalogFromTexts({ ...job.job, now: new Date(job.job.now) }).then(
    (catalog) => port.postMessage({ ok: true, catalog: ship(catalog) }),
    (error: unknown) =>
      port.postMessage({
        ok: false,
        code: isMeshworkError(error) ? error.code : null,
        message: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? (error.stack ?? null) : null,
      }),
  );
}
