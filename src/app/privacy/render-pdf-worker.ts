import { parentPort, workerData } from 'node:worker_threads';
import type { ProcessingRecord } from '../../core/privacy/record/model.ts';
import { renderRecordPdf } from './render-pdf.ts';

// The worker side of render-pdf-off-thread.ts: one record, one PDF, then the thread ends.
const job = workerData as { record: ProcessingRecord } | undefined;
if (parentPort && job) {
  const port = parentPort;
  renderRecordPdf(job.record).then(
    (pdf) => {
      // The bytes move to the main thread instead of being copied.
      const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
      port.postMessage({ ok: true, pdf: bytes }, [bytes.buffer]);
    },
    (error: unknown) =>
      port.postMessage({
        ok: false,
        message: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? (error.stack ?? null) : null,
      }),
  );
}
