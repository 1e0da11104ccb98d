import pg from 'pg';
import type {
  ApiToken,
  MeshworkStore,
  Page,
  PageRequest,
  Session,
  StoredRun,
  StoredScorecard,
  User,
} from '../../app/store/store.ts';
import type { AccessRequest, Grant } from '../../core/access/model.ts';
import { decodeCursor, encodeCursor, InvalidCursorError, limitOf } from '../paging.ts';
import type { DocumentRow } from './documents.ts';
import {
  ACCESS_REQUESTS,
  createDocument,
  getDocument,
  GRANTS,
  updateDocument,
} from './documents.ts';
import type { DsrTask } from '../../core/privacy/dsr-model.ts';
import type { Incident } from '../../core/sla/index.ts';
import { resolvedIncident } from '../../core/sla/index.ts';
import { INCIDENTS, openIncident } from './incident-table.ts';
import type { SuppressionRow } from './dsr-tables.ts';
import {
  addSuppression,
  createDsrTask,
  DSR_TASKS,
  suppressionKeyFingerprints,
  toSuppression,
} from './dsr-tables.ts';
import { postgresJobs } from './jobs.ts';
import { migratePostgres } from './migrate.ts';
import type { MeshEvent } from '../../core/notify/mesh-event.ts';
import type { Delivery, Subscription } from '../../core/notify/notification-model.ts';
import {
  addDocumentOnce,
  DELIVERIES,
  deleteDocument,
  NOTIFICATION_EVENTS,
  pruneNotifications,
  SUBSCRIPTIONS,
} from './notification-tables.ts';
import * as rows from './rows.ts';
import { appendAudit } from './audit-append.ts';
import { postgresAdoption } from './adoption-table.ts';
import { postgresTrinoRules } from './trino-rules-table.ts';
import { postgresAttempts, postgresSignInFlows } from './limit-tables.ts';
import { changeUser, UPSERT_USER, userValues } from './user-change.ts';

export interface PostgresStoreOptions {
  /** `MESHWORK_DATABASE_URL`. */
  readonly connectionString: string;
  readonly maxConnections?: number;
}

/** The team server's store: one PostgreSQL database, schema by versioned migrations. */
export function createPostgresStore(options: PostgresStoreOptions): MeshworkStore {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const query = async <R extends pg.QueryResultRow>(
    text: string,
    values: readonly unknown[] = [],
  ): Promise<R[]> => (await pool.query<R>(text, [...values])).rows;

  /** Pages by the `seq` column: newest first (`desc`) or oldest first. */
  const pageBySeq = async <R extends pg.QueryResultRow & { seq: string }, T>(
    sql: { from: string; where: string[]; values: unknown[] },
    request: PageRequest,
    order: 'asc' | 'desc',
    map: (row: R) => T,
  ): Promise<Page<T>> => {
    const where = [...sql.where];
    const values = [...sql.values];
    const after = decodeCursor(request.cursor);
    if (after !== null) {
      if (!/^\d+$/.test(after)) throw new InvalidCursorError(request.cursor ?? '');
      values.push(after);
      where.push(`seq ${order === 'desc' ? '<' : '>'} $${values.length}`);
    }
    const limit = limitOf(request);
    values.push(limit + 1);
    const found = await query<R>(
      `SELECT * FROM ${sql.from} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq ${order} LIMIT $${values.length}`,
      values,
    );
    const items = found.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(map),
      next: found.length > limit && last ? encodeCursor(String(last.seq)) : null,
    };
  };

  const filters = (pairs: [column: string, value: string | undefined][]) => {
    const where: string[] = [];
    const values: unknown[] = [];
    for (const [column, value] of pairs) {
      if (value === undefined) continue;
      values.push(value);
      where.push(`${column} = $${values.length}`);
    }
    return { where, values };
  };

  /** Conditions for the list filters: a value must equal, a list must contain (`= ANY`). */
  const conditions = (
    pairs: [column: string, value: string | readonly string[] | undefined][],
    before: [column: string, value: string | undefined][] = [],
  ) => {
    const where: string[] = [];
    const values: unknown[] = [];
    for (const [column, value] of pairs) {
      if (value === undefined) continue;
      values.push(value);
      where.push(
        typeof value === 'string'
          ? `${column} = $${values.length}`
          : `${column} = ANY($${values.length}::text[])`,
      );
    }
    for (const [column, value] of before) {
      if (value === undefined) continue;
      values.push(value);
      // COLLATE "C": byte order, as the embedded store compares the ISO strings.
      where.push(`${column} COLLATE "C" < $${values.length}`);
    }
    return { where, values };
  };
  const documentOf = <T>(row: DocumentRow<T>): T => row.document;

  return {
    catalog: {
      async replace(snapshot) {
        await query(
          `INSERT INTO meshwork_catalog (singleton, source, indexed_at, revision, documents)
           VALUES (true, $1, $2, $3, $4)
           ON CONFLICT (singleton) DO UPDATE SET source = $1, indexed_at = $2, revision = $3, documents = $4`,
          [
            snapshot.source,
            snapshot.indexedAt,
            snapshot.revision,
            JSON.stringify(snapshot.documents),
          ],
        );
      },
      async current() {
        const [row] = await query<rows.CatalogRow>('SELECT * FROM meshwork_catalog');
        return row ? rows.toSnapshot(row) : null;
      },
      async revision() {
        const [row] = await query<{ revision: string }>('SELECT revision FROM meshwork_catalog');
        return row?.revision ?? null;
      },
    },
    runs: {
      async record(run: StoredRun) {
        await query(
          `INSERT INTO meshwork_runs (id, contract_id, product_id, port, server, reported_by, run)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (id) DO UPDATE SET contract_id = $2, product_id = $3, port = $4,
             server = $5, reported_by = $6, run = $7`,
          [
            run.id,
            run.contractId,
            run.productId,
            run.port,
            run.server,
            run.reportedBy,
            JSON.stringify(run.run),
          ],
        );
      },
      list: (filter) =>
        pageBySeq(
          {
            from: 'meshwork_runs',
            ...filters([
              ['contract_id', filter.contractId],
              ['product_id', filter.productId],
            ]),
          },
          filter,
          'desc',
          rows.toRun,
        ),
      async get(id) {
        const [row] = await query<rows.RunRow>('SELECT * FROM meshwork_runs WHERE id = $1', [id]);
        return row ? rows.toRun(row) : null;
      },
    },
    scorecards: {
      async record(entry: StoredScorecard) {
        await query(
          `INSERT INTO meshwork_scorecards (id, recorded_at, scorecard) VALUES ($1, $2, $3)
           ON CONFLICT (id) DO UPDATE SET recorded_at = $2, scorecard = $3`,
          [entry.id, entry.recordedAt, JSON.stringify(entry.scorecard)],
        );
      },
      list: (filter) =>
        pageBySeq(
          { from: 'meshwork_scorecards', where: [], values: [] },
          filter,
          'asc',
          rows.toScorecard,
        ),
    },
    users: {
      async put(user: User) {
        await query(UPSERT_USER, userValues(user));
      },
      async create(user: User) {
        const inserted = await query(
          `INSERT INTO meshwork_users (username, name, email, roles, password_hash, oidc_subject, disabled, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (username) DO NOTHING RETURNING username`,
          userValues(user),
        );
        return inserted.length === 1;
      },
      async get(username) {
        const [row] = await query<rows.UserRow>(
          'SELECT * FROM meshwork_users WHERE username = $1',
          [username],
        );
        return row ? rows.toUser(row) : null;
      },
      async findByOidcSubject(subject) {
        const [row] = await query<rows.UserRow>(
          'SELECT * FROM meshwork_users WHERE oidc_subject = $1',
          [subject],
        );
        return row ? rows.toUser(row) : null;
      },
      async list(filter) {
        const after = decodeCursor(filter.cursor);
        const limit = limitOf(filter);
        // COLLATE "C": the same byte order as the embedded store and any client sorting.
        const found = await query<rows.UserRow>(
          `SELECT * FROM meshwork_users WHERE $1::text IS NULL OR username COLLATE "C" > $1
           ORDER BY username COLLATE "C" LIMIT $2`,
          [after, limit + 1],
        );
        const items = found.slice(0, limit).map(rows.toUser);
        const last = items[items.length - 1];
        return { items, next: found.length > limit && last ? encodeCursor(last.username) : null };
      },
      async delete(username) {
        const deleted = await query(
          'DELETE FROM meshwork_users WHERE username = $1 RETURNING username',
          [username],
        );
        return deleted.length > 0;
      },
      update: (username, change, opts) =>
        changeUser(pool, username, (user) => ({ put: change(user) }), opts?.keepAnAdmin ?? false),
      deleteKeepingAnAdmin: (username) =>
        changeUser(pool, username, (user) => ({ remove: user }), true),
    },
    tokens: {
      async put(token: ApiToken) {
        await query(
          `INSERT INTO meshwork_tokens (id, username, name, token_hash, created_at, expires_at, last_used_at, revoked)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (id) DO UPDATE SET username = $2, name = $3, token_hash = $4,
             created_at = $5, expires_at = $6, last_used_at = $7, revoked = $8`,
          [
            token.id,
            token.username,
            token.name,
            token.tokenHash,
            token.createdAt,
            token.expiresAt,
            token.lastUsedAt,
            token.revoked,
          ],
        );
      },
      async findByHash(hash) {
        const [row] = await query<rows.TokenRow>(
          'SELECT * FROM meshwork_tokens WHERE token_hash = $1',
          [hash],
        );
        return row ? rows.toToken(row) : null;
      },
      async listForUser(username) {
        const found = await query<rows.TokenRow>(
          'SELECT * FROM meshwork_tokens WHERE username = $1 ORDER BY created_at, id',
          [username],
        );
        return found.map(rows.toToken);
      },
      async revoke(username, id) {
        const updated = await query(
          'UPDATE meshwork_tokens SET revoked = true WHERE id = $1 AND username = $2 RETURNING id',
          [id, username],
        );
        return updated.length > 0;
      },
      async touch(id, at) {
        await query('UPDATE meshwork_tokens SET last_used_at = $2 WHERE id = $1', [id, at]);
      },
    },
    sessions: {
      async put(session: Session) {
        await query(
          `INSERT INTO meshwork_sessions (id_hash, username, csrf_token_hash, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id_hash) DO UPDATE SET username = $2, csrf_token_hash = $3, created_at = $4, expires_at = $5`,
          [
            session.idHash,
            session.username,
            session.csrfTokenHash,
            session.createdAt,
            session.expiresAt,
          ],
        );
      },
      async get(idHash) {
        const [row] = await query<rows.SessionRow>(
          'SELECT * FROM meshwork_sessions WHERE id_hash = $1',
          [idHash],
        );
        return row ? rows.toSession(row) : null;
      },
      async delete(idHash) {
        await query('DELETE FROM meshwork_sessions WHERE id_hash = $1', [idHash]);
      },
      async deleteExpired(now) {
        const deleted = await query(
          'DELETE FROM meshwork_sessions WHERE expires_at <= $1 RETURNING id_hash',
          [now],
        );
        return deleted.length;
      },
      async deleteForUser(username) {
        const deleted = await query(
          'DELETE FROM meshwork_sessions WHERE username = $1 RETURNING id_hash',
          [username],
        );
        return deleted.length;
      },
    },
    audit: {
      append: (input) => appendAudit(pool, input),
      async scan(filter) {
        const after = decodeCursor(filter.cursor);
        const position = after === null ? null : /^(-?\d+)\.(\d+)$/.exec(after);
        if (after !== null && !position) throw new InvalidCursorError(filter.cursor ?? '');
        const limit = limitOf(filter);
        // Ordered by the chain's seq (unique), then the insertion number: every row once,
        // also if the unique index were dropped and a seq repeated.
        const found = await query<rows.AuditRow>(
          `SELECT * FROM meshwork_audit
           WHERE ($1::bigint IS NULL OR chain_seq > $1)
             AND ($2::bigint IS NULL OR (chain_seq, seq) > ($2, $3::bigint))
           ORDER BY chain_seq, seq LIMIT $4`,
          [filter.afterSeq ?? null, position?.[1] ?? null, position?.[2] ?? null, limit + 1],
        );
        const items = found.slice(0, limit);
        const last = items[items.length - 1];
        return {
          items: items.map(rows.toAudit),
          next: found.length > limit && last ? encodeCursor(`${last.chain_seq}.${last.seq}`) : null,
        };
      },
      list: (filter) =>
        pageBySeq(
          {
            from: 'meshwork_audit',
            ...filters([
              ['actor', filter.actor],
              ['action', filter.action],
            ]),
          },
          filter,
          'desc',
          rows.toAudit,
        ),
    },
    accessRequests: {
      create: (request) => createDocument(pool, ACCESS_REQUESTS, request),
      get: (id) => getDocument(pool, ACCESS_REQUESTS, id),
      list: (filter) =>
        pageBySeq(
          {
            from: ACCESS_REQUESTS.table,
            ...conditions([
              ['requester', filter.requester],
              ['consumer_team', filter.consumerTeams],
              ['product_id', filter.productIds],
              ['state', filter.states],
            ]),
          },
          filter,
          'desc',
          documentOf<AccessRequest>,
        ),
      update: (id, change) => updateDocument(pool, ACCESS_REQUESTS, id, change),
    },
    grants: {
      create: (grant) => createDocument(pool, GRANTS, grant),
      get: (id) => getDocument(pool, GRANTS, id),
      list: (filter) =>
        pageBySeq(
          {
            from: GRANTS.table,
            ...conditions(
              [
                ['consumer_team', filter.consumerTeams],
                ['product_id', filter.productIds],
                ['state', filter.states],
              ],
              [['ends_at', filter.endsBefore]],
            ),
          },
          filter,
          'desc',
          documentOf<Grant>,
        ),
      update: (id, change) => updateDocument(pool, GRANTS, id, change),
    },
    suppressions: {
      add: (suppression) => addSuppression(pool, suppression),
      list: (filter) =>
        pageBySeq(
          {
            from: 'meshwork_suppressions',
            ...conditions([
              ['kind', filter.kinds],
              ['subject_hash', filter.subjectHash],
            ]),
          },
          filter,
          'asc',
          (row: SuppressionRow) => toSuppression(row),
        ),
      keyFingerprints: () => suppressionKeyFingerprints(pool),
    },
    dsrTasks: {
      create: (task) => createDsrTask(pool, task),
      get: (id) => getDocument(pool, DSR_TASKS, id),
      list: (filter) =>
        pageBySeq(
          {
            from: DSR_TASKS.table,
            ...conditions([
              ['state', filter.states],
              ['system', filter.systems],
              ['domain', filter.domains],
              ['request_id', filter.requestId],
            ]),
          },
          filter,
          'desc',
          documentOf<DsrTask>,
        ),
      update: (id, change) => updateDocument(pool, DSR_TASKS, id, change),
    },
    notifications: {
      addEvent: (event) => addDocumentOnce(pool, NOTIFICATION_EVENTS, event),
      getEvent: (id) => getDocument<MeshEvent>(pool, NOTIFICATION_EVENTS, id),
      addSubscription: (subscription) => createDocument(pool, SUBSCRIPTIONS, subscription),
      getSubscription: (id) => getDocument<Subscription>(pool, SUBSCRIPTIONS, id),
      listSubscriptions: (filter) =>
        pageBySeq(
          {
            from: SUBSCRIPTIONS.table,
            ...conditions([
              ['owner', filter.owners],
              ['enabled', filter.enabled === undefined ? undefined : String(filter.enabled)],
            ]),
          },
          filter,
          'desc',
          documentOf<Subscription>,
        ),
      updateSubscription: (id, change) => updateDocument(pool, SUBSCRIPTIONS, id, change),
      deleteSubscription: (id) => deleteDocument(pool, SUBSCRIPTIONS, id),
      addDelivery: (delivery) => addDocumentOnce(pool, DELIVERIES, delivery),
      getDelivery: (id) => getDocument<Delivery>(pool, DELIVERIES, id),
      updateDelivery: (id, change) => updateDocument(pool, DELIVERIES, id, change),
      listDeliveries: (filter) =>
        pageBySeq(
          {
            from: DELIVERIES.table,
            ...conditions([
              ['owner', filter.owners],
              ['event_id', filter.eventIds],
              ['subscription_id', filter.subscriptionIds],
              ['state', filter.states],
            ]),
          },
          filter,
          'desc',
          documentOf<Delivery>,
        ),
      prune: (request) => pruneNotifications(pool, request),
    },
    jobs: postgresJobs(pool),

    adoption: postgresAdoption(pool),
    attempts: postgresAttempts(pool),
    signInFlows: postgresSignInFlows(pool),
    trinoRules: postgresTrinoRules(pool),
    incidents: {
      open: (incident) => openIncident(pool, incident),
      resolve: (id, at, resolution) =>
        updateDocument(pool, INCIDENTS, id, (current) =>
          current.state === 'open' ? resolvedIncident(current, at, resolution) : null,
        ),
      get: (id) => getDocument(pool, INCIDENTS, id),
      list: (filter) =>
        pageBySeq(
          {
            from: INCIDENTS.table,
            ...conditions([
              ['state', filter.states],
              ['product_id', filter.productIds],
              ['domain', filter.domains],
            ]),
          },
          filter,
          'desc',
          documentOf<Incident>,
        ),
    },
    migrate: () => migratePostgres(pool),
    close: () => pool.end(),
  };
}
