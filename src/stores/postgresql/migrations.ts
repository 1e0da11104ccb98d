import type pg from 'pg';
import { chainAuditEvent } from '../audit-chain.ts';
import type { AuditRow } from './rows.ts';
import { toAudit } from './rows.ts';
import { NOTIFICATIONS_MIGRATION_SQL } from './notification-tables.ts';
import { TRINO_RULES_MIGRATION_SQL } from './trino-rules-table.ts';
import { LIMITS_MIGRATION_SQL } from './limit-tables.ts';

/**
 * Versioned SQL migrations of the PostgreSQL store, applied in order by `migrate()` and
 * recorded in `schema_migrations`. A migration, once released, never changes: add a new
 * one. Values the store only hands back whole are kept as jsonb; what is filtered, sorted
 * or unique has its own column.
 */
export interface SqlMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** A step SQL alone cannot do (computing hashes), run after `sql` in the same transaction. */
  readonly run?: (client: MigrationClient) => Promise<void>;
}

/** The part of a `pg` client a migration step uses. */
export interface MigrationClient {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export const PG_MIGRATIONS: readonly SqlMigration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
CREATE TABLE meshwork_catalog (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  source text NOT NULL,
  indexed_at text NOT NULL,
  revision text NOT NULL,
  documents jsonb NOT NULL
);

CREATE TABLE meshwork_runs (
  seq bigserial UNIQUE NOT NULL,
  id text PRIMARY KEY,
  contract_id text NOT NULL,
  product_id text,
  port text,
  server text,
  reported_by text NOT NULL,
  run jsonb NOT NULL
);
CREATE INDEX meshwork_runs_contract ON meshwork_runs (contract_id, seq DESC);
CREATE INDEX meshwork_runs_product ON meshwork_runs (product_id, seq DESC);

CREATE TABLE meshwork_scorecards (
  seq bigserial UNIQUE NOT NULL,
  id text PRIMARY KEY,
  recorded_at text NOT NULL,
  scorecard jsonb NOT NULL
);

CREATE TABLE meshwork_users (
  username text PRIMARY KEY,
  name text NOT NULL,
  email text,
  roles jsonb NOT NULL,
  password_hash text,
  oidc_subject text UNIQUE,
  disabled boolean NOT NULL,
  created_at text NOT NULL
);

CREATE TABLE meshwork_tokens (
  id text PRIMARY KEY,
  username text NOT NULL,
  name text NOT NULL,
  token_hash text UNIQUE NOT NULL,
  created_at text NOT NULL,
  expires_at text,
  last_used_at text,
  revoked boolean NOT NULL
);
CREATE INDEX meshwork_tokens_user ON meshwork_tokens (username);

CREATE TABLE meshwork_sessions (
  id_hash text PRIMARY KEY,
  username text NOT NULL,
  csrf_token text NOT NULL,
  created_at text NOT NULL,
  expires_at text NOT NULL
);
CREATE INDEX meshwork_sessions_expiry ON meshwork_sessions (expires_at);

CREATE TABLE meshwork_audit (
  seq bigserial UNIQUE NOT NULL,
  id text PRIMARY KEY,
  at text NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  target text,
  details jsonb NOT NULL
);
CREATE INDEX meshwork_audit_actor ON meshwork_audit (actor, seq DESC);
`,
  },
  {
    version: 2,
    name: 'csrf token hashes, sessions by user',
    // Sessions so far held their CSRF token in clear: they are ended (everyone signs in
    // again) rather than kept with a secret a copy of the database would reveal.
    sql: `
DELETE FROM meshwork_sessions;
ALTER TABLE meshwork_sessions RENAME COLUMN csrf_token TO csrf_token_hash;
CREATE INDEX meshwork_sessions_user ON meshwork_sessions (username);
`,
  },
  {
    version: 3,
    name: 'access requests and grants',
    // The whole value is the document; the columns are what lists filter and sort by,
    // copied from it on every write (never read back). Filters are per column, so one
    // index each, with seq for the newest-first order of the page. ISO times compare in
    // byte order (COLLATE "C"), as the embedded store compares them, and so the
    // (state, ends_at) index serves the sweep's "active and ending before now".
    sql: `
CREATE TABLE meshwork_access_requests (
  seq bigserial UNIQUE NOT NULL,
  id text PRIMARY KEY,
  requester text NOT NULL,
  consumer_team text NOT NULL,
  product_id text NOT NULL,
  state text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  document jsonb NOT NULL
);
CREATE INDEX meshwork_access_requests_requester ON meshwork_access_requests (requester, seq DESC);
CREATE INDEX meshwork_access_requests_team ON meshwork_access_requests (consumer_team, seq DESC);
CREATE INDEX meshwork_access_requests_product ON meshwork_access_requests (product_id, seq DESC);
CREATE INDEX meshwork_access_requests_state ON meshwork_access_requests (state, seq DESC);
CREATE INDEX meshwork_access_requests_created ON meshwork_access_requests (created_at);

CREATE TABLE meshwork_grants (
  seq bigserial UNIQUE NOT NULL,
  id text PRIMARY KEY,
  request_id text NOT NULL,
  consumer_team text NOT NULL,
  product_id text NOT NULL,
  state text NOT NULL,
  ends_at text COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  document jsonb NOT NULL
);
CREATE INDEX meshwork_grants_request ON meshwork_grants (request_id);
CREATE INDEX meshwork_grants_team ON meshwork_grants (consumer_team, seq DESC);
CREATE INDEX meshwork_grants_product ON meshwork_grants (product_id, seq DESC);
CREATE INDEX meshwork_grants_state_ends ON meshwork_grants (state, ends_at);
CREATE INDEX meshwork_grants_created ON meshwork_grants (created_at);
`,
  },
  {
    version: 4,
    name: 'audit hash chain',
    sql: `
ALTER TABLE meshwork_audit ADD COLUMN chain_seq bigint, ADD COLUMN prev_hash text, ADD COLUMN hash text;
`,
    run: chainExistingAudit,
  },
  {
    version: 5,
    name: 'suppressions and erasure tasks',
    // One suppression per person and kind (the unique pair); at most one open task per
    // person and source object (the partial unique index), so two erasures at once cannot
    // both add one. Tasks keep the whole value as a document like grants. Both name the
    // fingerprint of the subject hash key they were hashed with (issue 11, M3).
    sql: `
CREATE TABLE meshwork_suppressions (
  seq bigserial UNIQUE NOT NULL,
  id text PRIMARY KEY,
  kind text NOT NULL,
  subject_hash text NOT NULL,
  mode text NOT NULL,
  key_fingerprint text NOT NULL,
  request_id text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  UNIQUE (kind, subject_hash)
);
CREATE INDEX meshwork_suppressions_key ON meshwork_suppressions (key_fingerprint);

CREATE TABLE meshwork_dsr_tasks (
  seq bigserial UNIQUE NOT NULL,
  id text PRIMARY KEY,
  request_id text NOT NULL,
  system text NOT NULL,
  domain text,
  state text NOT NULL,
  contract_id text NOT NULL,
  object text NOT NULL,
  kind text NOT NULL,
  subject_hash text NOT NULL,
  key_fingerprint text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  document jsonb NOT NULL
);
CREATE UNIQUE INDEX meshwork_dsr_tasks_open ON meshwork_dsr_tasks (contract_id, object, kind, subject_hash)
  WHERE state = 'open';
CREATE INDEX meshwork_dsr_tasks_request ON meshwork_dsr_tasks (request_id);
CREATE INDEX meshwork_dsr_tasks_system ON meshwork_dsr_tasks (system, seq DESC);
CREATE INDEX meshwork_dsr_tasks_domain ON meshwork_dsr_tasks (domain, seq DESC);
CREATE INDEX meshwork_dsr_tasks_state ON meshwork_dsr_tasks (state, seq DESC);
`,
  },
  {
    version: 6,
    name: 'jobs',
    // Jobs with leases (issue 13). The whole job is a jsonb document; what claims and lists
    // filter or order by is copied into columns on every write (jobs.ts). due_at is when a
    // claimable job became due: runAfter while queued, the lease's end while running —
    // claims look only at these two states, through the partial index.
    sql: `
CREATE TABLE meshwork_jobs (
  seq bigserial UNIQUE NOT NULL,
  id text PRIMARY KEY,
  kind text NOT NULL,
  target text NOT NULL,
  state text NOT NULL,
  due_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  document jsonb NOT NULL
);
CREATE INDEX meshwork_jobs_due ON meshwork_jobs (due_at, created_at, id)
  WHERE state IN ('queued', 'running');
CREATE INDEX meshwork_jobs_created ON meshwork_jobs (created_at DESC, seq DESC);
CREATE INDEX meshwork_jobs_target ON meshwork_jobs (target, created_at DESC);
`,
  },
  {
    version: 7,
    name: 'incidents',
    // At most one open incident per product, contract and SLA (the partial unique index),
    // so two evaluations at once cannot both open one; the whole value as a document.
    sql: `
CREATE TABLE meshwork_incidents (
  seq bigserial UNIQUE NOT NULL,
  id text PRIMARY KEY,
  product_id text NOT NULL,
  domain text NOT NULL,
  contract_id text NOT NULL,
  sla text NOT NULL,
  state text NOT NULL,
  opened_at text COLLATE "C" NOT NULL,
  document jsonb NOT NULL
);
CREATE UNIQUE INDEX meshwork_incidents_open ON meshwork_incidents (product_id, contract_id, sla)
  WHERE state = 'open';
CREATE INDEX meshwork_incidents_product ON meshwork_incidents (product_id, seq DESC);
CREATE INDEX meshwork_incidents_domain ON meshwork_incidents (domain, seq DESC);
CREATE INDEX meshwork_incidents_state ON meshwork_incidents (state, seq DESC);
`,
  },
  {
    // Issue 13 numbers the migrations: 6 jobs, 7 incidents, 8 notifications, 9 adoption.
    version: 8,
    name: 'notifications',
    sql: NOTIFICATIONS_MIGRATION_SQL,
  },
  {
    version: 9,
    name: 'adoption snapshots',
    // One snapshot per UTC day (issue 13); the source decides whether a backfill may
    // replace it (postgres adoption-table.ts), so it has a column.
    sql: `
CREATE TABLE meshwork_adoption (
  day text COLLATE "C" PRIMARY KEY,
  source text NOT NULL,
  recorded_at text NOT NULL,
  snapshot jsonb NOT NULL
);
`,
  },
  {
    version: 10,
    name: 'sign-in limits and flows',
    // What a second server process needs (issue 14): the sign-in rate limits and the
    // notification test send counted per hashed key, and OIDC sign-ins begun elsewhere.
    sql: LIMITS_MIGRATION_SQL,
  },
  {
    version: 11,
    name: 'published Trino rules',
    // The Trino access rules in force (issue 14), so every server process serves one version.
    sql: TRINO_RULES_MIGRATION_SQL,
  },
];

/**
 * Chains the audit events written before the chain, in the order they were inserted (the
 * bigserial), then makes the chain columns required and the chain's seq unique — a second
 * entry with one seq (a forked chain) cannot be stored. The hash is computed here, not in
 * SQL: it is over a canonical JSON (core/audit/chain.ts) that jsonb's text form is not.
 */
async function chainExistingAudit(client: MigrationClient): Promise<void> {
  let head: { seq: number; hash: string } | null = null;
  let after = '0';
  for (;;) {
    const { rows } = await client.query<AuditRow>(
      'SELECT * FROM meshwork_audit WHERE seq > $1 ORDER BY seq LIMIT 1000',
      [after],
    );
    const last = rows[rows.length - 1];
    if (!last) break;
    const chained = rows.map((row) => {
      const event = chainAuditEvent(head, toAudit(row));
      head = event;
      return event;
    });
    await client.query(
      `UPDATE meshwork_audit AS a SET chain_seq = v.chain_seq, prev_hash = v.prev_hash, hash = v.hash
       FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[]) AS v(id, chain_seq, prev_hash, hash)
       WHERE a.id = v.id`,
      [
        chained.map((e) => e.id),
        chained.map((e) => e.seq),
        chained.map((e) => e.prevHash),
        chained.map((e) => e.hash),
      ],
    );
    after = last.seq;
  }
  await client.query(`
ALTER TABLE meshwork_audit ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL,
  ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX meshwork_audit_chain ON meshwork_audit (chain_seq);
`);
}
