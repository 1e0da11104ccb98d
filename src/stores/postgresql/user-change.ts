import type pg from 'pg';
import type { User, UserChange } from '../../app/store/store.ts';
import { removesAnAdmin } from '../../app/store/store.ts';
import * as rows from './rows.ts';

export const UPSERT_USER = `INSERT INTO meshwork_users (username, name, email, roles, password_hash, oidc_subject, disabled, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (username) DO UPDATE SET name = $2, email = $3, roles = $4,
  password_hash = $5, oidc_subject = $6, disabled = $7, created_at = $8`;

export const userValues = (user: User): unknown[] => [
  user.username,
  user.name,
  user.email,
  JSON.stringify(user.roles),
  user.passwordHash,
  user.oidcSubject,
  user.disabled,
  user.createdAt,
];

/**
 * An arbitrary fixed key for `pg_advisory_xact_lock`, other than the migrations' own: every
 * guarded change of a user, in every process, waits for the one before it.
 */
const USER_CHANGE_LOCK_KEY = 7_305_118_453;

/**
 * Changes or deletes one user in a transaction under an advisory lock. Why a lock and not
 * `SELECT … FOR UPDATE` alone: the invariant ("some enabled admin remains") is about rows
 * other than the one changed, and two transactions demoting each other would each lock
 * only their own target. Under the lock, each statement of READ COMMITTED sees what the
 * transaction before it committed, so the count of admins is the true one.
 */
export async function changeUser(
  pool: pg.Pool,
  username: string,
  plan: (current: User) => { put: User } | { remove: User },
  keepAnAdmin: boolean,
): Promise<UserChange> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [USER_CHANGE_LOCK_KEY]);
      const found = await client.query<rows.UserRow>(
        'SELECT * FROM meshwork_users WHERE username = $1 FOR UPDATE',
        [username],
      );
      const row = found.rows[0];
      if (!row) {
        await client.query('ROLLBACK');
        return { outcome: 'not-found' };
      }
      const current = rows.toUser(row);
      const step = plan(current);
      const after = 'put' in step ? step.put : null;
      if (keepAnAdmin && removesAnAdmin(current, after)) {
        // Admins other than this one; JSON containment matches the roles array.
        const others = await client.query(
          `SELECT 1 FROM meshwork_users
           WHERE username <> $1 AND NOT disabled AND roles @> '["admin"]'::jsonb LIMIT 1`,
          [username],
        );
        if (others.rows.length === 0) {
          await client.query('ROLLBACK');
          return { outcome: 'last-admin' };
        }
      }
      if (after) {
        if (after.username !== username) throw new Error('update must not rename a user');
        await client.query(UPSERT_USER, userValues(after));
      } else {
        await client.query('DELETE FROM meshwork_users WHERE username = $1', [username]);
      }
      await client.query('COMMIT');
      return { outcome: 'done', user: after ?? current };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    client.release();
  }
}
