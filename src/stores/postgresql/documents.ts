import type pg from 'pg';
import type { AccessRequest, Grant } from '../../core/access/model.ts';

/**
 * Tables of whole documents (jsonb) with the columns lists filter by copied from each
 * document on every write (migration 3: access requests, grants). `create` fails on an
 * existing id; `update` reads the row `FOR UPDATE` in a transaction, so every change of
 * one document, from any process, waits for the one before and starts from its result —
 * two approvals at once cannot both be computed from the same old value.
 */
export interface DocumentTable<T extends { readonly id: string }> {
  /** Trusted: a constant of this file, never input. */
  readonly table: string;
  readonly noun: string;
  /** Column → value for every indexed column, in a fixed order. */
  readonly columns: (document: T) => readonly [column: string, value: string | null][];
}

export const ACCESS_REQUESTS: DocumentTable<AccessRequest> = {
  table: 'meshwork_access_requests',
  noun: 'access request',
  columns: (r) => [
    ['requester', r.requester],
    ['consumer_team', r.consumerTeam],
    ['product_id', r.productId],
    ['state', r.state],
    ['created_at', r.createdAt],
  ],
};

export const GRANTS: DocumentTable<Grant> = {
  table: 'meshwork_grants',
  noun: 'grant',
  columns: (g) => [
    ['request_id', g.requestId],
    ['consumer_team', g.consumerTeam],
    ['product_id', g.productId],
    ['state', g.state],
    ['ends_at', g.endsAt],
    ['created_at', g.startsAt],
  ],
};

export interface DocumentRow<T> {
  seq: string;
  document: T;
}

const UNIQUE_VIOLATION = '23505';

export async function createDocument<T extends { readonly id: string }>(
  pool: pg.Pool,
  spec: DocumentTable<T>,
  document: T,
): Promise<void> {
  const columns = spec.columns(document);
  const names = ['id', ...columns.map(([name]) => name), 'document'];
  const values = [document.id, ...columns.map(([, value]) => value), JSON.stringify(document)];
  try {
    await pool.query(
      `INSERT INTO ${spec.table} (${names.join(', ')})
       VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`,
      values,
    );
  } catch (error) {
    if ((error as { code?: unknown }).code === UNIQUE_VIOLATION)
      throw new Error(`${spec.noun} "${document.id}" exists already`, { cause: error });
    throw error;
  }
}

export async function getDocument<T extends { readonly id: string }>(
  pool: pg.Pool,
  spec: DocumentTable<T>,
  id: string,
): Promise<T | null> {
  const found = await pool.query<DocumentRow<T>>(
    `SELECT document FROM ${spec.table} WHERE id = $1`,
    [id],
  );
  return found.rows[0]?.document ?? null;
}

export async function updateDocument<T extends { readonly id: string }>(
  pool: pg.Pool,
  spec: DocumentTable<T>,
  id: string,
  change: (current: T) => T | null,
): Promise<T | null> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      const found = await client.query<DocumentRow<T>>(
        `SELECT document FROM ${spec.table} WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const before = found.rows[0]?.document;
      if (before === undefined) {
        await client.query('ROLLBACK');
        return null;
      }
      const after = change(before);
      if (after === null) {
        await client.query('ROLLBACK');
        return before;
      }
      if (after.id !== id)
        throw new Error(`an update must not change the id of ${spec.noun} "${id}"`);
      const columns = spec.columns(after);
      await client.query(
        `UPDATE ${spec.table}
         SET ${columns.map(([name], i) => `${name} = $${i + 2}`).join(', ')},
             document = $${columns.length + 2}
         WHERE id = $1`,
        [id, ...columns.map(([, value]) => value), JSON.stringify(after)],
      );
      await client.query('COMMIT');
      return after;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    client.release();
  }
}
