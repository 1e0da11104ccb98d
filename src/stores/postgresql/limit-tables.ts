import type pg from 'pg';
import type { AttemptRepository, SignInFlow, SignInFlowRepository } from '../../app/store/store.ts';
import {
  assertAttemptKey,
  releaseAttempt,
  reserveAttempt,
} from '../../core/limits/attempt-window.ts';
import { assertSignInFlowId } from '../../core/limits/sign-in-flows.ts';

/** Migration 10 (issue 14): what a second server process needs of the sign-in. */
export const LIMITS_MIGRATION_SQL = `
CREATE TABLE meshwork_attempts (
  key text COLLATE "C" PRIMARY KEY CHECK (length(key) <= 100),
  attempts bigint[] NOT NULL,
  newest bigint NOT NULL
);
CREATE INDEX meshwork_attempts_newest ON meshwork_attempts (newest);

CREATE TABLE meshwork_sign_in_flows (
  id text COLLATE "C" PRIMARY KEY CHECK (length(id) = 64),
  flow jsonb NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX meshwork_sign_in_flows_expires ON meshwork_sign_in_flows (expires_at);
`;

/**
 * `store.attempts` on PostgreSQL. A reserve or release is one transaction: an upsert that
 * does nothing but lock the key's row (created empty when absent) and return its attempts,
 * the decision in TypeScript (`core/limits/attempt-window.ts`, as every store), then the
 * write. The row lock is held from the upsert to the commit, so the changes of one key —
 * from any number of server processes — run one after the other, each from the value the
 * one before committed: of a burst, exactly `limit` are counted.
 */
export function postgresAttempts(pool: pg.Pool): AttemptRepository {
  async function change(
    key: string,
    step: (attempts: readonly number[]) => { attempts: readonly number[]; result: number },
  ): Promise<number> {
    assertAttemptKey(key);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      try {
        const locked = await client.query<{ attempts: string[] }>(
          `INSERT INTO meshwork_attempts (key, attempts, newest) VALUES ($1, '{}', 0)
           ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key
           RETURNING attempts`,
          [key],
        );
        const before = (locked.rows[0]?.attempts ?? []).map(Number);
        const { attempts, result } = step(before);
        await client.query(
          'UPDATE meshwork_attempts SET attempts = $2, newest = $3 WHERE key = $1',
          [key, attempts, attempts.length === 0 ? 0 : Math.max(...attempts)],
        );
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      client.release();
    }
  }
  return {
    reserve: (key, window, now) =>
      change(key, (before) => {
        const step = reserveAttempt(before, window, now);
        return { attempts: step.attempts, result: step.waitMs };
      }),
    async release(key, window, now) {
      await change(key, (before) => ({ attempts: releaseAttempt(before, window, now), result: 0 }));
    },
    async reset(key) {
      assertAttemptKey(key);
      await pool.query('DELETE FROM meshwork_attempts WHERE key = $1', [key]);
    },
    async prune(before) {
      const deleted = await pool.query('DELETE FROM meshwork_attempts WHERE newest <= $1', [
        Math.floor(before),
      ]);
      return deleted.rowCount ?? 0;
    },
  };
}

/**
 * `store.signInFlows` on PostgreSQL. `take` is one `DELETE … RETURNING`: of two callbacks
 * with one flow id, on any servers, one deletes the row and gets it, the other finds none.
 */
export function postgresSignInFlows(pool: pg.Pool): SignInFlowRepository {
  return {
    async put(flow, bounds) {
      assertSignInFlowId(flow.id);
      await pool.query(
        `INSERT INTO meshwork_sign_in_flows (id, flow, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET flow = EXCLUDED.flow, expires_at = EXCLUDED.expires_at`,
        [flow.id, JSON.stringify(flow), flow.expiresAt],
      );
      await pool.query(
        `DELETE FROM meshwork_sign_in_flows WHERE expires_at <= $1 OR id IN (
           SELECT id FROM meshwork_sign_in_flows ORDER BY expires_at DESC OFFSET $2)`,
        [bounds.now, Math.max(0, bounds.keep)],
      );
    },
    async take(id, now) {
      assertSignInFlowId(id);
      const taken = await pool.query<{ flow: SignInFlow }>(
        'DELETE FROM meshwork_sign_in_flows WHERE id = $1 RETURNING flow',
        [id],
      );
      const flow = taken.rows[0]?.flow;
      return flow !== undefined && flow.expiresAt > now ? flow : null;
    },
  };
}
