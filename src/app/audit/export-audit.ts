import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { canonicalJson } from '../../core/audit/index.ts';
import type { AuditEvent, MeshworkStore } from '../store/store.ts';
import { csvRow } from './csv.ts';

export type AuditExportFormat = 'jsonl' | 'csv';

export const AUDIT_EXPORT_FORMATS: readonly AuditExportFormat[] = ['jsonl', 'csv'];

/** Where an export writes; a returned promise is awaited (back-pressure). */
export type AuditSink = (chunk: string) => void | Promise<void>;

const PAGE = 500;

/** The columns of the CSV export, in order; `details` as canonical JSON. */
export const AUDIT_CSV_COLUMNS = [
  'seq',
  'id',
  'at',
  'actor',
  'action',
  'target',
  'details',
  'prevHash',
  'hash',
] as const;

/**
 * Writes the audit trail oldest first, a page at a time, as JSON lines (each entry as
 * stored: the hashes can be checked again from the file) or CSV (for a spreadsheet; cells
 * made formula-safe, `csv.ts`). `afterSeq` exports only the entries after it, to continue
 * an earlier export. Returns how many entries were written.
 */
export async function exportAudit(
  store: MeshworkStore,
  options: { readonly format: AuditExportFormat; readonly afterSeq?: number },
  sink: AuditSink,
): Promise<{ readonly count: number }> {
  let count = 0;
  if (options.format === 'csv') await sink(csvRow(AUDIT_CSV_COLUMNS));
  let cursor: string | null = null;
  do {
    const page = await store.audit.scan({
      limit: PAGE,
      cursor,
      ...(options.afterSeq !== undefined ? { afterSeq: options.afterSeq } : {}),
    });
    const text = page.items
      .map((entry) => (options.format === 'csv' ? csvLine(entry) : jsonLine(entry)))
      .join('');
    if (text !== '') await sink(text);
    count += page.items.length;
    cursor = page.next;
  } while (cursor !== null);
  return { count };
}

function jsonLine(entry: AuditEvent): string {
  return `${JSON.stringify({
    seq: entry.seq,
    id: entry.id,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    details: entry.details,
    prevHash: entry.prevHash,
    hash: entry.hash,
  })}\n`;
}

function csvLine(entry: AuditEvent): string {
  return csvRow([
    String(entry.seq),
    entry.id,
    entry.at,
    entry.actor,
    entry.action,
    entry.target ?? '',
    canonicalJson(entry.details),
    entry.prevHash,
    entry.hash,
  ]);
}

/** A sink writing to a stream, waiting whenever the stream asks to (`drain`). */
export function writableSink(stream: Writable): AuditSink {
  return async (chunk) => {
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
}
