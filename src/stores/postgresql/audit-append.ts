import type pg from 'pg';
import type { AuditEvent, AuditEventInput } from '../../app/store/store.ts';
import { chainAuditEvent } from '../audit-chain.ts';
import type { AuditRow } from './rows.ts';
import { toAudit } from './rows.ts';

/**
 * An arbitrary fixed key for `pg_advisory_xact_lock`, other than the migrations' and the
 * user changes': every process appending to the audit chain waits for the one before.
 */
const AUDIT_CHAIN_LOCK_KEY = 7_305_118_454;

/**
 * Appends an entry to the audit chain in one transaction holding an advisory lock: the
 * head is read and the entry after it inserted with no other append in between. A lock
 * rather than `SELECT … FOR UPDATE` of the head row: an empty log has no row to lock, and
 * a row lock does not stop a second insert after the same head. The transaction makes a
 * crash harmless (the entry is there whole, or not at all), and the unique index on
 * `chain_seq` refuses a second entry with one seq, should anything append without the lock.
 */
export async function appendAudit(pool: pg.Pool, input: AuditEventInput): Promise<AuditEvent> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
      const { rows: heads } = await client.query<{ chain_seq: string; hash: string }>(
        'SELECT chain_seq, hash FROM meshwork_audit ORDER BY chain_seq DESC LIMIT 1',
      );
      const head = heads[0];
      const event = chainAuditEvent(
        head ? { seq: Number(head.chain_seq), hash: head.hash } : null,
        input,
      );
      const inserted = await client.query(
        `INSERT INTO meshwork_audit (id, at, actor, action, target, details, chain_seq, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
        [
          event.id,
          event.at,
          event.actor,
          event.action,
          event.target,
          JSON.stringify(event.details),
          event.seq,
          event.prevHash,
          event.hash,
        ],
      );
      let stored = event;
      if (inserted.rowCount === 0) {
        const { rows } = await client.query<AuditRow>(
          'SELECT * FROM meshwork_audit WHERE id = $1',
          [event.id],
        );
        if (rows[0]) stored = toAudit(rows[0]);
      }
      await client.query('COMMIT');
      return stored;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
}
