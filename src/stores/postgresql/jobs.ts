import type pg from 'pg';
import type { JobRepository, Page } from '../../app/store/store.ts';
import type { Job } from '../../core/jobs/job-model.ts';
import {
  assertNewJob,
  cancelJob,
  claimJob,
  dueAt,
  expireLease,
  finishJob,
  leaseRanOut,
  renewJob,
} from '../../core/jobs/job-transitions.ts';
import { assertPruneRequest } from '../../core/jobs/job-pruning.ts';
import { decodeCursor, encodeCursor, InvalidCursorError, limitOf } from '../paging.ts';

/**
 * Jobs in PostgreSQL (migration 6, `meshwork_jobs`): the job as a jsonb document, with
 * kind, target, state, due time and creation time copied into columns on every write.
 *
 * Why a claim is safe: it runs in a transaction that selects the next claimable row
 * `FOR UPDATE SKIP LOCKED LIMIT 1` and updates it before committing. The row lock is held
 * from the select to the commit; a concurrent claim skips a locked row instead of waiting
 * for it, and once the first commits, the row is `running` under a lease that has not run
 * out, which the claim's condition no longer matches (a claim that started its snapshot
 * earlier re-checks the condition on the row's new version under READ COMMITTED before it
 * may lock it, so it cannot take it either). So no two claims get one job, and claimers
 * never queue behind each other. Renew, finish and cancel read their row `FOR UPDATE`,
 * compare the token (fencing) and write in the same transaction: a worker whose lease was
 * taken over changes nothing.
 *
 * The same transitions as every store (`core/jobs/job-transitions.ts`), decided in
 * TypeScript on the locked row. Times: `now` comes from the worker (`claim({ now })`), as
 * in the other stores, not from the database's clock; workers on several hosts need
 * synchronised clocks (NTP) — a lease is far longer than their drift.
 */
export function postgresJobs(pool: pg.Pool): JobRepository {
  return {
    async enqueue(job) {
      assertNewJob(job);
      // Twice at most: a prune may take the finished job of this id between the INSERT
      // and the read; the id is then free again and the second INSERT stores it.
      for (let round = 0; round < 2; round++) {
        const inserted = await pool.query<{ document: Job }>(
          `INSERT INTO meshwork_jobs (id, kind, target, state, due_at, created_at, document)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (id) DO NOTHING
           RETURNING document`,
          [...columnsOf(job), JSON.stringify(job)],
        );
        if (inserted.rows[0] !== undefined) return { job, created: true };
        const existing = await get(pool, job.id);
        if (existing !== null) return { job: existing, created: false };
      }
      throw new Error(`job "${job.id}" vanished twice while being enqueued`);
    },
    claim: async (request) => {
      const givenUp: Job[] = [];
      const claimed = await inTransaction(pool, async (client) => {
        // A bound on the expired jobs given up in one claim; the rest wait for the next.
        for (let step = 0; step < 100; step++) {
          const values: unknown[] = [request.now];
          let kinds = '';
          if (request.kinds !== undefined) {
            values.push([...request.kinds]);
            kinds = `AND kind = ANY($2::text[])`;
          }
          const found = await client.query<{ document: Job }>(
            `SELECT document FROM meshwork_jobs
             WHERE ((state = 'queued' AND due_at <= $1::timestamptz)
                 OR (state = 'running' AND due_at < $1::timestamptz))
               ${kinds}
             ORDER BY due_at, created_at, id
             LIMIT 1
             FOR UPDATE SKIP LOCKED`,
            values,
          );
          let job = found.rows[0]?.document;
          if (job === undefined) return null;
          if (leaseRanOut(job, request.now)) {
            job = expireLease(job, request.now);
            if (job.state === 'failed') {
              await write(client, job);
              givenUp.push(job);
              continue;
            }
          }
          const next = claimJob(job, request.worker, request.now, request.leaseMs);
          await write(client, next);
          return next;
        }
        return null;
      });
      // After the commit: a rolled-back claim gave nothing up.
      for (const job of givenUp) request.onGivenUp?.(job);
      return claimed;
    },
    renew: async (id, token, until) =>
      (await change(pool, id, (job) => renewJob(job, token, until))) !== null,
    finish: (id, token, outcome, at) =>
      change(pool, id, (job) => finishJob(job, token, outcome, at)),
    cancel: (id, at) => change(pool, id, (job) => cancelJob(job, at)),
    get: (id) => get(pool, id),
    async list(filter) {
      const where: string[] = [];
      const values: unknown[] = [];
      for (const [column, list] of [
        ['kind', filter.kinds],
        ['target', filter.targets],
        ['state', filter.states],
      ] as const) {
        if (list === undefined) continue;
        values.push([...list]);
        where.push(`${column} = ANY($${values.length}::text[])`);
      }
      const after = decodeCursor(filter.cursor);
      if (after !== null) {
        const match = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\|(\d+)$/.exec(after);
        if (match === null) throw new InvalidCursorError(filter.cursor ?? '');
        values.push(match[1], match[2]);
        where.push(
          `(created_at, seq) < ($${values.length - 1}::timestamptz, $${values.length}::bigint)`,
        );
      }
      const limit = limitOf(filter);
      values.push(limit + 1);
      const found = await pool.query<{ seq: string; created_at: Date; document: Job }>(
        `SELECT seq, created_at, document FROM meshwork_jobs
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, seq DESC LIMIT $${values.length}`,
        values,
      );
      const rows = found.rows.slice(0, limit);
      const last = rows[rows.length - 1];
      const page: Page<Job> = {
        items: rows.map((row) => row.document),
        next:
          found.rows.length > limit && last !== undefined
            ? encodeCursor(`${last.created_at.toISOString()}|${last.seq}`)
            : null,
      };
      return page;
    },
    async prune(request) {
      assertPruneRequest(request);
      // One statement, so one transaction: the ranking and the delete see one snapshot.
      // Only final rows are ranked, and no change turns a final job back (finish and
      // cancel write nothing to it), so a concurrent claim or finish never meets a row
      // this deletes; a job finishing meanwhile is not in the snapshot and stays.
      const deleted = await pool.query(
        `WITH ranked AS (
           SELECT id, (document->>'finishedAt')::timestamptz AS finished_at,
                  row_number() OVER (
                    PARTITION BY kind, target
                    ORDER BY (document->>'finishedAt')::timestamptz DESC, seq DESC
                  ) AS newer
           FROM meshwork_jobs
           WHERE state IN ('succeeded', 'failed', 'cancelled')
             AND document->>'finishedAt' IS NOT NULL
         )
         DELETE FROM meshwork_jobs AS job USING ranked
         WHERE job.id = ranked.id
           AND ranked.newer > $2
           AND ranked.finished_at < $1::timestamptz
           AND job.state IN ('succeeded', 'failed', 'cancelled')`,
        [request.finishedBefore, request.keepPerTarget ?? 0],
      );
      return deleted.rowCount ?? 0;
    },
  };
}

/** The filtered columns of a job, in the order of the INSERT above. */
function columnsOf(job: Job): [string, string, string, string, string, string] {
  return [job.id, job.kind, job.target, job.state, dueAt(job), job.createdAt];
}

async function write(client: pg.PoolClient, job: Job): Promise<void> {
  await client.query(
    `UPDATE meshwork_jobs SET state = $2, due_at = $3, document = $4 WHERE id = $1`,
    [job.id, job.state, dueAt(job), JSON.stringify(job)],
  );
}

async function get(pool: pg.Pool, id: string): Promise<Job | null> {
  const found = await pool.query<{ document: Job }>(
    'SELECT document FROM meshwork_jobs WHERE id = $1',
    [id],
  );
  return found.rows[0]?.document ?? null;
}

/** Reads the job `FOR UPDATE`, applies `step`, writes its answer; null (nothing written) when it answers null. */
function change(pool: pg.Pool, id: string, step: (job: Job) => Job | null): Promise<Job | null> {
  return inTransaction(pool, async (client) => {
    const found = await client.query<{ document: Job }>(
      'SELECT document FROM meshwork_jobs WHERE id = $1 FOR UPDATE',
      [id],
    );
    const before = found.rows[0]?.document;
    if (before === undefined) return null;
    const after = step(before);
    if (after !== null) await write(client, after);
    return after;
  });
}

async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      const result = await work(client);
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
