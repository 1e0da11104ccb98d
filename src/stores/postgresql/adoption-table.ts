import type pg from 'pg';
import type { AdoptionRepository } from '../../app/store/store.ts';
import type { AdoptionSnapshot } from '../../core/adoption/adoption-model.ts';
import { decodeCursor, encodeCursor, limitOf } from '../paging.ts';

interface AdoptionRow {
  readonly day: string;
  readonly snapshot: AdoptionSnapshot;
}

/**
 * `store.adoption` on PostgreSQL (migration 9, `meshwork_adoption`, keyed by the day).
 * `record` is one `INSERT … ON CONFLICT DO UPDATE … WHERE`: the row is replaced unless the
 * incoming snapshot is a git backfill and the stored one was measured — the rule of
 * `replacesSnapshot`, decided by the database atomically. Days are `YYYY-MM-DD` text under
 * `COLLATE "C"`, so their order is the calendar's and the embedded store's.
 */
export function postgresAdoption(pool: pg.Pool): AdoptionRepository {
  const query = async <R extends pg.QueryResultRow>(
    text: string,
    values: readonly unknown[],
  ): Promise<R[]> => (await pool.query<R>(text, [...values])).rows;
  return {
    async record(snapshot) {
      const written = await query(
        `INSERT INTO meshwork_adoption (day, source, recorded_at, snapshot) VALUES ($1, $2, $3, $4)
         ON CONFLICT (day) DO UPDATE SET source = $2, recorded_at = $3, snapshot = $4
         WHERE $2 <> 'git' OR meshwork_adoption.source = 'git'
         RETURNING day`,
        [snapshot.day, snapshot.source, snapshot.recordedAt, JSON.stringify(snapshot)],
      );
      return written.length === 1;
    },
    async list(filter) {
      const where: string[] = [];
      const values: unknown[] = [];
      const add = (condition: string, value: string): void => {
        values.push(value);
        where.push(`day ${condition} $${values.length}`);
      };
      if (filter.from !== undefined) add('>=', filter.from);
      if (filter.to !== undefined) add('<=', filter.to);
      const after = decodeCursor(filter.cursor);
      if (after !== null) add('>', after);
      const limit = limitOf(filter);
      values.push(limit + 1);
      const found = await query<AdoptionRow>(
        `SELECT day, snapshot FROM meshwork_adoption
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY day LIMIT $${values.length}`,
        values,
      );
      const items = found.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items: items.map((row) => row.snapshot),
        next: found.length > limit && last ? encodeCursor(last.day) : null,
      };
    },
    async latestBefore(day) {
      const [row] = await query<AdoptionRow>(
        `SELECT day, snapshot FROM meshwork_adoption
         ${day === undefined ? '' : 'WHERE day < $1'} ORDER BY day DESC LIMIT 1`,
        day === undefined ? [] : [day],
      );
      return row?.snapshot ?? null;
    },
  };
}
