import type pg from 'pg';
import type { DsrTaskCreated, SuppressionAdded } from '../../app/store/store.ts';
import { assertOpenTask } from '../../app/store/store.ts';
import type { DsrTask, ErasureMode, Suppression } from '../../core/privacy/dsr-model.ts';
import type { DocumentTable } from './documents.ts';

/** Erasure tasks as documents (migration 5); `get`/`update` are the shared document ones. */
export const DSR_TASKS: DocumentTable<DsrTask> = {
  table: 'meshwork_dsr_tasks',
  noun: 'erasure task',
  columns: (t) => [
    ['request_id', t.requestId],
    ['system', t.system],
    ['domain', t.domain ?? null],
    ['state', t.state],
    ['contract_id', t.contractId],
    ['object', t.object],
    ['kind', t.kind],
    ['subject_hash', t.subjectHash],
    ['key_fingerprint', t.keyFingerprint],
    ['created_at', t.createdAt],
  ],
};

export interface SuppressionRow {
  seq: string;
  id: string;
  kind: string;
  subject_hash: string;
  mode: string;
  key_fingerprint: string;
  request_id: string;
  created_at: string;
}

export function toSuppression(row: SuppressionRow): Suppression {
  return {
    id: row.id,
    kind: row.kind,
    subjectHash: row.subject_hash,
    mode: row.mode as ErasureMode,
    keyFingerprint: row.key_fingerprint,
    requestId: row.request_id,
    createdAt: row.created_at,
  };
}

/** Distinct and sorted; the index on the column makes it a walk over the few keys there are. */
export async function suppressionKeyFingerprints(pool: pg.Pool): Promise<string[]> {
  const result = await pool.query<{ key_fingerprint: string }>(
    'SELECT key_fingerprint FROM meshwork_suppressions GROUP BY key_fingerprint ORDER BY key_fingerprint COLLATE "C"',
  );
  return result.rows.map((row) => row.key_fingerprint);
}

/**
 * One statement decides, so two processes adding the same person at once cannot both
 * insert (the unique pair) and a `delete` is never lowered to `pseudonymise`: the update
 * branch runs only when it strengthens. `xmax = 0` tells an inserted row from an updated
 * one. No row back means one was there and stays as it is.
 */
export async function addSuppression(
  pool: pg.Pool,
  suppression: Suppression,
): Promise<SuppressionAdded> {
  const changed = await pool.query<SuppressionRow>(
    `INSERT INTO meshwork_suppressions (id, kind, subject_hash, mode, key_fingerprint, request_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (kind, subject_hash) DO UPDATE SET mode = 'delete'
       WHERE meshwork_suppressions.mode = 'pseudonymise' AND EXCLUDED.mode = 'delete'
     RETURNING *`,
    [
      suppression.id,
      suppression.kind,
      suppression.subjectHash,
      suppression.mode,
      suppression.keyFingerprint,
      suppression.requestId,
      suppression.createdAt,
    ],
  );
  const row = changed.rows[0];
  if (row) return { suppression: toSuppression(row), changed: true };
  const existing = await pool.query<SuppressionRow>(
    'SELECT * FROM meshwork_suppressions WHERE kind = $1 AND subject_hash = $2',
    [suppression.kind, suppression.subjectHash],
  );
  const kept = existing.rows[0];
  if (!kept) throw new Error(`suppression "${suppression.id}" vanished while it was added`);
  return { suppression: toSuppression(kept), changed: false };
}

/**
 * Inserts the task unless an open one for the same person and source object exists (the
 * partial unique index decides, atomically). When the insert yields to one that is then
 * marked done before it is read, the insert is tried again.
 */
export async function createDsrTask(pool: pg.Pool, task: DsrTask): Promise<DsrTaskCreated> {
  assertOpenTask(task);
  const columns = DSR_TASKS.columns(task);
  const names = ['id', ...columns.map(([name]) => name), 'document'];
  const values = [task.id, ...columns.map(([, value]) => value), JSON.stringify(task)];
  for (let attempt = 0; attempt < 5; attempt++) {
    const inserted = await pool.query(
      `INSERT INTO ${DSR_TASKS.table} (${names.join(', ')})
       VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT (contract_id, object, kind, subject_hash) WHERE state = 'open' DO NOTHING
       RETURNING id`,
      values,
    );
    if (inserted.rows.length > 0) return { task, created: true };
    const open = await pool.query<{ document: DsrTask }>(
      `SELECT document FROM ${DSR_TASKS.table}
       WHERE contract_id = $1 AND object = $2 AND kind = $3 AND subject_hash = $4 AND state = 'open'`,
      [task.contractId, task.object, task.kind, task.subjectHash],
    );
    const found = open.rows[0];
    if (found) return { task: found.document, created: false };
  }
  throw new Error(`erasure task "${task.id}" could not be created: its open twin kept changing`);
}
