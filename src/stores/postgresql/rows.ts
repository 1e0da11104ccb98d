import type {
  ApiToken,
  AuditEvent,
  CatalogSnapshot,
  GlobalRole,
  Session,
  StoredRun,
  StoredScorecard,
  User,
} from '../../app/store/store.ts';
import type { Scorecard } from '../../core/governance/index.ts';
import type { TestRun } from '../../core/quality/index.ts';

/** Rows as node-postgres returns them (jsonb parsed, bigserial as a string) → store values. */
export interface CatalogRow {
  source: string;
  indexed_at: string;
  revision: string;
  documents: CatalogSnapshot['documents'];
}

export interface RunRow {
  seq: string;
  id: string;
  contract_id: string;
  product_id: string | null;
  port: string | null;
  server: string | null;
  reported_by: string;
  run: TestRun;
}

export interface ScorecardRow {
  seq: string;
  id: string;
  recorded_at: string;
  scorecard: Scorecard;
}

export interface UserRow {
  username: string;
  name: string;
  email: string | null;
  roles: GlobalRole[];
  password_hash: string | null;
  oidc_subject: string | null;
  disabled: boolean;
  created_at: string;
}

export interface TokenRow {
  id: string;
  username: string;
  name: string;
  token_hash: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked: boolean;
}

export interface SessionRow {
  id_hash: string;
  username: string;
  csrf_token_hash: string;
  created_at: string;
  expires_at: string;
}

/**
 * `seq` is the row's insertion number (bigserial, with gaps; `list` pages by it);
 * `chain_seq` is the entry's `seq` in the audit chain (1, 2, 3, …; `scan` orders by it).
 */
export interface AuditRow {
  seq: string;
  chain_seq: string;
  prev_hash: string;
  hash: string;
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: AuditEvent['details'];
}

export const toSnapshot = (row: CatalogRow): CatalogSnapshot => ({
  source: row.source,
  indexedAt: row.indexed_at,
  revision: row.revision,
  documents: row.documents,
});

export const toRun = (row: RunRow): StoredRun => ({
  id: row.id,
  contractId: row.contract_id,
  productId: row.product_id,
  port: row.port,
  server: row.server,
  run: row.run,
  reportedBy: row.reported_by,
});

export const toScorecard = (row: ScorecardRow): StoredScorecard => ({
  id: row.id,
  recordedAt: row.recorded_at,
  scorecard: row.scorecard,
});

export const toUser = (row: UserRow): User => ({
  username: row.username,
  name: row.name,
  email: row.email,
  roles: row.roles,
  passwordHash: row.password_hash,
  oidcSubject: row.oidc_subject,
  disabled: row.disabled,
  createdAt: row.created_at,
});

export const toToken = (row: TokenRow): ApiToken => ({
  id: row.id,
  username: row.username,
  name: row.name,
  tokenHash: row.token_hash,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
  revoked: row.revoked,
});

export const toSession = (row: SessionRow): Session => ({
  idHash: row.id_hash,
  username: row.username,
  csrfTokenHash: row.csrf_token_hash,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

export const toAudit = (row: AuditRow): AuditEvent => ({
  id: row.id,
  at: row.at,
  actor: row.actor,
  action: row.action,
  target: row.target,
  details: row.details,
  seq: Number(row.chain_seq),
  prevHash: row.prev_hash,
  hash: row.hash,
});
