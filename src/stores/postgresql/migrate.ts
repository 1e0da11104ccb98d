import type pg from 'pg';
import { PG_MIGRATIONS } from './migrations.ts';

/**
 * An arbitrary fixed key for `pg_advisory_xact_lock`: every Meshwork process migrating the
 * same database waits for the one that got there first, then sees its work done.
 */
const MIGRATION_LOCK_KEY = 7_305_118_452;

export class SchemaVersionError extends Error {
  override readonly name = 'SchemaVersionError';
}

/** Applies the pending migrations in one transaction under an advisory lock. */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const applied = await client.query<{ version: number }>(
        'SELECT version FROM schema_migrations',
      );
      const done = new Set(applied.rows.map((r) => r.version));
      const newest = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]?.version ?? 0;
      const ahead = [...done].filter((v) => v > newest);
      if (ahead.length > 0)
        throw new SchemaVersionError(
          `the database has Meshwork schema version ${Math.max(...ahead)}; this Meshwork knows up to ${newest} — upgrade Meshwork`,
        );
      for (const migration of PG_MIGRATIONS) {
        if (done.has(migration.version)) continue;
        await client.query(migration.sql);
        await migration.run?.(client);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
}
