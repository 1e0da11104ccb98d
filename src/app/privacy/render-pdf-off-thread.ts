import { Worker } from 'node:worker_threads';
import type { ProcessingRecord } from '../../core/privacy/record/model.ts';
import type { BoundedGate } from '../bounded-gate.ts';
import { createBoundedGate } from '../bounded-gate.ts';
import { MeshworkError } from '../errors.ts';

/**
 * `renderRecordPdf` in a worker thread, for the server: laying out a record of a large
 * mesh is up to seconds of CPU (200 activities, 168 pages: 0.7 s warm on an idle core, 3 s
 * cold on a busy one), which on the event loop would stall every other request. Thread start-up as in catalog/index-off-thread.ts:
 * compiled JavaScript runs directly, the TypeScript sources through tsx registered in the
 * thread.
 */
const COMPILED = import.meta.url.endsWith('.js');
const WORKER = new URL(
  COMPILED ? './render-pdf-worker.js' : './render-pdf-worker.ts',
  import.meta.url,
);
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx)
  .then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((error) => { throw error; });
`;

type WorkerAnswer =
  { ok: true; pdf: Uint8Array } | { ok: false; message: string; stack: string | null };

export class PdfBusyError extends Error {
  override readonly name = 'PdfBusyError';
}

/** The worker did not finish in time and was terminated. */
export class PdfTimeoutError extends Error {
  override readonly name = 'PdfTimeoutError';
}

/**
 * 200 activities take 3 s cold on a busy core: twenty times that is no record of a real
 * mesh, but a worker stuck in a layout loop, which without a limit would hold the gate's
 * one place (and a core) for ever and turn every later PDF away.
 */
export const PDF_TIMEOUT_MS = 60_000;

/**
 * One PDF at a time, two more wait; a burst beyond that is turned away (503 with
 * Retry-After) rather than queued behind minutes of work on a machine of two cores.
 */
export function createPdfGate(): BoundedGate {
  return createBoundedGate({
    concurrent: 1,
    queue: 2,
    retryAfterSeconds: 5,
    busy: () => new PdfBusyError('other records are being rendered as PDF'),
  });
}

export function renderRecordPdfOffThread(
  record: ProcessingRecord,
  options: { readonly timeoutMs?: number } = {},
): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? PDF_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const worker = COMPILED
      ? new Worker(WORKER, { workerData: { record } })
      : new Worker(BOOT, {
          eval: true,
          workerData: { record, entry: WORKER.href, tsx: import.meta.resolve('tsx/esm/api') },
        });
    let settled = false;
    // Settled only once the thread is gone, so the gate lets the next PDF start on a free core.
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      const error = new PdfTimeoutError(
        `rendering the PDF took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`,
      );
      worker.terminate().then(
        () => reject(error),
        () => reject(error),
      );
    }, timeoutMs);
    worker.once('message', (answer: WorkerAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (answer.ok)
        resolve(Buffer.from(answer.pdf.buffer, answer.pdf.byteOffset, answer.pdf.byteLength));
      else {
        const error = new Error(`rendering the PDF failed: ${answer.message}`);
        if (answer.stack !== null) error.stack = answer.stack;
        reject(error);
      }
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new MeshworkError('io', `the PDF worker stopped (exit code ${code}).`));
    });
  });
}
