import type pg from 'pg';
import type { PublishedTrinoRules, TrinoRulesRepository } from '../../app/store/store.ts';
import {
  assertTrinoRulesToPublish,
  decideTrinoRulesPublish,
} from '../../core/access/published-rules.ts';

/** Migration 11 (issue 14): the Trino rules in force, one row for every server process. */
export const TRINO_RULES_MIGRATION_SQL = `
CREATE TABLE meshwork_trino_rules (
  id smallint PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL CHECK (version > 0),
  hash text NOT NULL,
  rules text NOT NULL,
  groups text NOT NULL,
  published_at text NOT NULL,
  published_by text NOT NULL
);
`;

interface RulesRow {
  version: string;
  hash: string;
  rules: string;
  groups: string;
  published_at: string;
  published_by: string;
}

const toRules = (row: RulesRow): PublishedTrinoRules => ({
  version: Number(row.version),
  hash: row.hash,
  rules: row.rules,
  groups: row.groups,
  publishedAt: row.published_at,
  publishedBy: row.published_by,
});

/**
 * `store.trinoRules` on PostgreSQL. A publish is one transaction under a transaction-level
 * advisory lock (a row lock alone holds nothing while there is no set yet, so two first
 * publishes would both insert), decides in TypeScript as every store does, then writes:
 * two server processes publishing at once run one after the other, the second against
 * what the first committed.
 */
export function postgresTrinoRules(pool: pg.Pool): TrinoRulesRepository {
  return {
    async current() {
      const { rows } = await pool.query<RulesRow>(
        'SELECT * FROM meshwork_trino_rules WHERE id = 1',
      );
      const row = rows[0];
      return row === undefined ? null : toRules(row);
    },
    async publish(next, expected) {
      assertTrinoRulesToPublish(next, expected);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        try {
          // Serialises the publishers until the commit, also before the first set exists.
          await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
            'meshwork_trino_rules',
          ]);
          const { rows } = await client.query<RulesRow>(
            'SELECT * FROM meshwork_trino_rules WHERE id = 1',
          );
          const found = rows[0];
          const { write, outcome } = decideTrinoRulesPublish(
            found === undefined ? null : toRules(found),
            next,
            expected,
          );
          if (write !== null)
            await client.query(
              `INSERT INTO meshwork_trino_rules (id, version, hash, rules, groups, published_at, published_by)
               VALUES (1, $1, $2, $3, $4, $5, $6)
               ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, hash = EXCLUDED.hash,
                 rules = EXCLUDED.rules, groups = EXCLUDED.groups,
                 published_at = EXCLUDED.published_at, published_by = EXCLUDED.published_by`,
              [
                write.version,
                write.hash,
                write.rules,
                write.groups,
                write.publishedAt,
                write.publishedBy,
              ],
            );
          await client.query('COMMIT');
          return outcome;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      } finally {
        client.release();
      }
    },
  };
}
