import type pg from 'pg';
import type { MeshEvent } from '../../core/notify/mesh-event.ts';
import type { Delivery, Subscription } from '../../core/notify/notification-model.ts';
import type { NotificationPruneRequest } from '../../core/notify/notification-pruning.ts';
import { assertNotificationPruneRequest } from '../../core/notify/notification-pruning.ts';
import type { DocumentTable } from './documents.ts';

/**
 * Notifications in PostgreSQL (migration 8): whole documents with their filtered columns,
 * like access requests (`documents.ts`). Adding an event or a delivery is one `INSERT …
 * ON CONFLICT (id) DO NOTHING`: of two servers publishing one event, exactly one insert
 * counts, so the event is fanned out once.
 */
export const NOTIFICATION_EVENTS: DocumentTable<MeshEvent> = {
  table: 'meshwork_notification_events',
  noun: 'event',
  columns: (e) => [
    ['type', e.type],
    ['at', e.at],
  ],
};

export const SUBSCRIPTIONS: DocumentTable<Subscription> = {
  table: 'meshwork_subscriptions',
  noun: 'subscription',
  columns: (s) => [
    ['owner', s.owner],
    ['enabled', String(s.enabled)],
    ['created_at', s.createdAt],
  ],
};

export const DELIVERIES: DocumentTable<Delivery> = {
  table: 'meshwork_deliveries',
  noun: 'delivery',
  columns: (d) => [
    ['owner', d.owner],
    ['event_id', d.eventId],
    ['subscription_id', d.subscriptionId],
    ['state', d.state],
    ['created_at', d.createdAt],
  ],
};

/** Inserts the document unless its id exists; true when this call inserted it. */
export async function addDocumentOnce<T extends { readonly id: string }>(
  pool: pg.Pool,
  spec: DocumentTable<T>,
  document: T,
): Promise<boolean> {
  const columns = spec.columns(document);
  const names = ['id', ...columns.map(([name]) => name), 'document'];
  const values = [document.id, ...columns.map(([, value]) => value), JSON.stringify(document)];
  const inserted = await pool.query(
    `INSERT INTO ${spec.table} (${names.join(', ')})
     VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (id) DO NOTHING`,
    values,
  );
  return inserted.rowCount === 1;
}

export async function deleteDocument<T extends { readonly id: string }>(
  pool: pg.Pool,
  spec: DocumentTable<T>,
  id: string,
): Promise<boolean> {
  const deleted = await pool.query(`DELETE FROM ${spec.table} WHERE id = $1`, [id]);
  return deleted.rowCount === 1;
}

/**
 * Deletes finished deliveries created before the cutoff, then events before it that no
 * delivery refers to (`NotificationRepository.prune`). Two statements, not one
 * transaction: each is safe alone — a pending delivery is never chosen, and an event is
 * kept while any delivery, committed when the second statement runs, refers to it.
 */
export async function pruneNotifications(
  pool: pg.Pool,
  request: NotificationPruneRequest,
): Promise<{ readonly events: number; readonly deliveries: number }> {
  assertNotificationPruneRequest(request);
  const deliveries = await pool.query(
    `DELETE FROM meshwork_deliveries WHERE state <> 'pending' AND created_at < $1`,
    [request.before],
  );
  const events = await pool.query(
    `DELETE FROM meshwork_notification_events e
     WHERE e.at < $1 AND NOT EXISTS (SELECT 1 FROM meshwork_deliveries d WHERE d.event_id = e.id)`,
    [request.before],
  );
  return { events: events.rowCount ?? 0, deliveries: deliveries.rowCount ?? 0 };
}

export const NOTIFICATIONS_MIGRATION_SQL = `
CREATE TABLE meshwork_notification_events (
  seq bigserial UNIQUE NOT NULL,
  id text PRIMARY KEY,
  type text NOT NULL,
  at text COLLATE "C" NOT NULL,
  document jsonb NOT NULL
);

CREATE TABLE meshwork_subscriptions (
  seq bigserial UNIQUE NOT NULL,
  id text PRIMARY KEY,
  owner text NOT NULL,
  enabled text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  document jsonb NOT NULL
);
CREATE INDEX meshwork_subscriptions_owner ON meshwork_subscriptions (owner, seq DESC);
CREATE INDEX meshwork_subscriptions_enabled ON meshwork_subscriptions (enabled, seq DESC);

CREATE TABLE meshwork_deliveries (
  seq bigserial UNIQUE NOT NULL,
  id text PRIMARY KEY,
  owner text NOT NULL,
  event_id text NOT NULL,
  subscription_id text,
  state text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  document jsonb NOT NULL
);
CREATE INDEX meshwork_deliveries_owner ON meshwork_deliveries (owner, seq DESC);
CREATE INDEX meshwork_deliveries_event ON meshwork_deliveries (event_id);
CREATE INDEX meshwork_deliveries_subscription ON meshwork_deliveries (subscription_id, seq DESC);
CREATE INDEX meshwork_deliveries_state ON meshwork_deliveries (state, seq DESC);
`;
