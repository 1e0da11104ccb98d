import { Worker } from 'node:worker_threads';
import { MeshworkError } from '../errors.ts';
import type { MeshworkErrorCode } from '../errors.ts';
import type { MeshworkStore } from '../store/store.ts';
import type { Catalog, ContractRecord } from './catalog-model.ts';
import type { IndexJob, ShippedCatalog, ShippedContract } from './index-worker.ts';
import type { IndexOptions } from './load-mesh.ts';
import { readLatestRuns } from './load-mesh.ts';
import { SearchIndex } from './search-index.ts';

/**
 * Whether this module is the compiled JavaScript of an installed package (dist/, no tsx
 * there) or the TypeScript sources of a clone run through tsx.
 */
const COMPILED = import.meta.url.endsWith('.js');
const WORKER = new URL(COMPILED ? './index-worker.js' : './index-worker.ts', import.meta.url);
/**
 * From the sources the worker runs TypeScript like the rest of Meshwork: through tsx,
 * registered in the thread before the module is imported (a worker does not inherit the
 * loader that `bin/meshwork.js` registers in the main thread).
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx)
  .then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((error) => { throw error; });
`;

/**
 * `indexMesh` with its CPU-heavy part (YAML parsing, validation, governance, catalog
 * build) in a worker thread, so a big mesh being indexed never stalls the server's other
 * requests; only the store is read here, for the latest runs. The catalog comes back by
 * structured clone: plain data, maps and typed arrays, plus the search index's class.
 */
export async function indexMeshOffThread(options: IndexOptions): Promise<Catalog> {
  const job: IndexJob = {
    texts: options.texts.map((t) => ({ path: t.path, text: t.text })),
    source: options.source,
    meshRoot: options.meshRoot,
    now: options.now.toISOString(),
  };
  const shipped = await runWorker(job);
  const contracts = new Map<string, ContractRecord>();
  for (const [id, record] of shipped.contracts) contracts.set(id, unship(record));
  const catalog: Catalog = { ...shipped, contracts, index: SearchIndex.revive(shipped.index) };
  await fillLatestRuns(catalog, options.store);
  return catalog;
}

async function fillLatestRuns(catalog: Catalog, store: MeshworkStore): Promise<void> {
  const latest = await readLatestRuns(store, catalog.contracts.keys());
  for (const [id, run] of latest) catalog.latestRuns.set(id, run);
}

/** A contract record whose document is parsed from its JSON text on first use, once. */
function unship({ contractJson, ...rest }: ShippedContract): ContractRecord {
  let parsed: { value: unknown } | undefined;
  return {
    ...rest,
    get contract(): unknown {
      parsed ??= { value: JSON.parse(contractJson) as unknown };
      return parsed.value;
    },
  };
}

type WorkerAnswer =
  | { ok: true; catalog: ShippedCatalog }
  | {
      ok: false;
      code: MeshworkErrorCode | null;
      message: string;
      stack: string | null;
    };

/**
 * The worker's failure as it was: a MeshworkError keeps its code (a user's mistake stays a
 * 4xx), anything else is an internal error with its stack, logged as a 500.
 */
function failureOf(answer: Extract<WorkerAnswer, { ok: false }>): Error {
  if (answer.code !== null) return new MeshworkError(answer.code, answer.message);
  const error = new Error(`indexing failed: ${answer.message}`);
  if (answer.stack !== null) error.stack = answer.stack;
  return error;
}

function runWorker(job: IndexJob): Promise<ShippedCatalog> {
  return new Promise((resolve, reject) => {
    const worker = COMPILED
      ? new Worker(WORKER, { workerData: { job } })
      : new Worker(BOOT, {
          eval: true,
          workerData: { job, entry: WORKER.href, tsx: import.meta.resolve('tsx/esm/api') },
        });
    let settled = false;
    worker.once('message', (answer: WorkerAnswer) => {
      settled = true;
      if (answer.ok) resolve(answer.catalog);
      else reject(failureOf(answer));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new MeshworkError('io', `the indexing worker stopped (exit code ${code}).`));
    });
  });
}
