import type {
  AccessRequest,
  AccessRequestState,
  Grant,
  GrantState,
} from '../../core/access/model.ts';
import type { ChainLink } from '../../core/audit/index.ts';
import type { GlobalRole } from '../../core/access/roles.ts';
import type { Scorecard } from '../../core/governance/index.ts';
import type { TestRun } from '../../core/quality/index.ts';
import type { DsrTask, Suppression } from '../../core/privacy/dsr-model.ts';
import type { Job, JobKind, JobOutcome, JobState } from '../../core/jobs/job-model.ts';
import type { AdoptionSnapshot } from '../../core/adoption/adoption-model.ts';
import type { JobPruneRequest } from '../../core/jobs/job-pruning.ts';
import type { Incident, IncidentResolution, IncidentState } from '../../core/sla/index.ts';
import type {
  PublishedTrinoRules,
  TrinoRulesPublishOutcome,
  TrinoRulesToPublish,
} from '../../core/access/published-rules.ts';
import type { AttemptWindow } from '../../core/limits/attempt-window.ts';

import type { MeshEvent } from '../../core/notify/mesh-event.ts';
import type {
  Delivery,
  DeliveryState,
  NotificationOwner,
  Subscription,
} from '../../core/notify/notification-model.ts';

/**
 * Meshwork's own state behind one interface (issue 5): the catalog index of the mesh,
 * test runs, scorecard history, users, API tokens, sessions and audit events. Two
 * implementations live in `src/stores/`: embedded in the workspace (the default, zero
 * setup, safe for a CLI and a server using the same workspace at once) and PostgreSQL
 * (`MESHWORK_DATABASE_URL`). Both pass `test/conformance/stores/`.
 *
 * The mesh repository stays the source of truth for definitions; the catalog here is an
 * index of it, replaced whole on every sync.
 */
export interface MeshworkStore {
  readonly catalog: CatalogRepository;
  readonly runs: RunRepository;
  readonly scorecards: ScorecardRepository;
  readonly users: UserRepository;
  readonly tokens: TokenRepository;
  readonly sessions: SessionRepository;
  readonly audit: AuditRepository;
  readonly accessRequests: AccessRequestRepository;
  readonly grants: GrantRepository;
  /** People erased (issue 11): a build must not bring them back. */
  readonly suppressions: SuppressionRepository;
  /** Erasures of sources Meshwork cannot write, for their owners (issue 11). */
  readonly dsrTasks: DsrTaskRepository;
  /** Background work with leases: schedules, SLA evaluation, deliveries (issue 13). */
  readonly jobs: JobRepository;
  /** One adoption snapshot per day, for the dashboard (issue 13). */
  readonly adoption: AdoptionRepository;
  /** Broken SLAs of products, opened and resolved by the SLA evaluation (issue 13). */
  readonly incidents: IncidentRepository;

  /** Events, subscriptions and the delivery log of notifications (issue 13). */
  readonly notifications: NotificationRepository;
  /** Attempts per key in a sliding window, shared by every server process (issue 14). */
  readonly attempts: AttemptRepository;
  /** OIDC sign-ins begun and not yet finished, so any server process may finish one (issue 14). */
  readonly signInFlows: SignInFlowRepository;
  /** The Trino access rules in force, so every server process serves one version (issue 14). */
  readonly trinoRules: TrinoRulesRepository;
  /** Applies pending versioned migrations; idempotent, safe to call from several processes. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque cursor of the next page, or null at the end. */
  readonly next: string | null;
}

export interface PageRequest {
  readonly limit?: number;
  readonly cursor?: string | null;
}

/** A whole indexed mesh, as the server loaded it (or `meshwork publish` pushed it). */
export interface CatalogSnapshot {
  /** Where it came from, e.g. the mesh root or "publish by <user>". */
  readonly source: string;
  readonly indexedAt: string;
  /** A hash of the definitions, so an unchanged mesh is not re-indexed. */
  readonly revision: string;
  /** The parsed documents by path relative to the mesh root, plus their YAML text. */
  readonly documents: readonly { readonly path: string; readonly text: string }[];
}

export interface CatalogRepository {
  replace(snapshot: CatalogSnapshot): Promise<void>;
  current(): Promise<CatalogSnapshot | null>;
  /**
   * The stored snapshot's revision alone (null: none), so a server can look every few
   * seconds whether another one stored a newer mesh without reading the documents (issue 14).
   */
  revision(): Promise<string | null>;
}

export interface StoredRun {
  readonly id: string;
  /** Contract id, and the product and port it belongs to when it is an output port. */
  readonly contractId: string;
  readonly productId: string | null;
  readonly port: string | null;
  readonly server: string | null;
  readonly run: TestRun;
  /** Who or what reported it: "cli", "build", "server", or a username. */
  readonly reportedBy: string;
}

export interface RunRepository {
  /** Stores the run; a run with its id is replaced (jobs record theirs under ids made from the job's). */
  record(run: StoredRun): Promise<void>;
  /** Newest first. */
  list(filter: { contractId?: string; productId?: string } & PageRequest): Promise<Page<StoredRun>>;
  get(id: string): Promise<StoredRun | null>;
}

export interface StoredScorecard {
  readonly id: string;
  readonly recordedAt: string;
  readonly scorecard: Scorecard;
}

export interface ScorecardRepository {
  record(entry: StoredScorecard): Promise<void>;
  /** Oldest first, for trends. */
  list(filter: PageRequest): Promise<Page<StoredScorecard>>;
}

/** Kept here as well: the stores and older callers import it with the store's types. */
export type { GlobalRole };

export interface User {
  readonly username: string;
  readonly name: string;
  readonly email: string | null;
  /** Global roles; domain roles (owner, member) come from the teams in domain.yaml. */
  readonly roles: readonly GlobalRole[];
  /** A memory-hard KDF hash (scrypt, with its parameters encoded), null for SSO-only users. */
  readonly passwordHash: string | null;
  /** `<issuer>|<subject>` for users who sign in with OIDC. */
  readonly oidcSubject: string | null;
  readonly disabled: boolean;
  readonly createdAt: string;
}

export interface UserRepository {
  /** Creates or replaces the user with this username. */
  put(user: User): Promise<void>;
  /**
   * Stores the user unless one with its username exists; true when this call stored it.
   * Atomic across processes: of servers starting at once on one store, one creates the
   * first admin (issue 14), the others find it.
   */
  create(user: User): Promise<boolean>;
  get(username: string): Promise<User | null>;
  findByOidcSubject(subject: string): Promise<User | null>;
  list(filter: PageRequest): Promise<Page<User>>;
  delete(username: string): Promise<boolean>;
  /**
   * Changes one user atomically: `change` gets the user as it is now (read under the
   * store's lock, not a copy from before) and returns its new value. With `keepAnAdmin`,
   * a change that would take away the last enabled admin is refused (`last-admin`) and
   * nothing is written. Every `update` and `deleteKeepingAnAdmin` of every process sharing
   * the store runs one after the other, so two admins demoting each other at the same
   * moment cannot both succeed.
   */
  update(
    username: string,
    change: (current: User) => User,
    options?: { readonly keepAnAdmin?: boolean },
  ): Promise<UserChange>;
  /** Deletes the user unless it is the last enabled admin; atomic like `update`. */
  deleteKeepingAnAdmin(username: string): Promise<UserChange>;
}

export type UserChange =
  | { readonly outcome: 'done'; readonly user: User }
  | { readonly outcome: 'not-found' }
  | { readonly outcome: 'last-admin' };

/** True when `user` counts as an admin who can act: has the role and is not disabled. */
export function isEnabledAdmin(user: User): boolean {
  return user.roles.includes('admin') && !user.disabled;
}

/**
 * Whether changing `current` into `after` (null: deleting it) takes an enabled admin away,
 * so that the change needs another enabled admin to remain (the last-admin rule; each
 * store asks for that other admin in its own way, atomically with the change).
 */
export function removesAnAdmin(current: User, after: User | null): boolean {
  return isEnabledAdmin(current) && !(after !== null && isEnabledAdmin(after));
}

export interface ApiToken {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  /** SHA-256 of the token; the token itself is shown once and never stored. */
  readonly tokenHash: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly revoked: boolean;
}

export interface TokenRepository {
  put(token: ApiToken): Promise<void>;
  findByHash(tokenHash: string): Promise<ApiToken | null>;
  listForUser(username: string): Promise<readonly ApiToken[]>;
  /** Marks it revoked; returns false when there is no such token of this user. */
  revoke(username: string, id: string): Promise<boolean>;
  touch(id: string, at: string): Promise<void>;
}

export interface Session {
  /** SHA-256 of the session cookie's value. */
  readonly idHash: string;
  readonly username: string;
  /**
   * SHA-256 of the CSRF token bound to this session; the token itself is derived from the
   * session id (which the store does not have either), so a copy of the store can forge
   * neither.
   */
  readonly csrfTokenHash: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface SessionRepository {
  put(session: Session): Promise<void>;
  get(idHash: string): Promise<Session | null>;
  delete(idHash: string): Promise<void>;
  deleteExpired(now: string): Promise<number>;
  /** Ends every session of this user (deleted, disabled, new password); returns how many. */
  deleteForUser(username: string): Promise<number>;
}

/**
 * An entry of the audit trail as its writer gives it; the store chains it (`AuditEvent`).
 * Exactly these fields are stored and hashed (`core/audit/chain.ts`).
 */
export interface AuditEventInput {
  readonly id: string;
  readonly at: string;
  /** Username, "anonymous" or "system". Never a secret or token. */
  readonly actor: string;
  /** e.g. "auth.login", "auth.login-failed", "token.create", "catalog.sync", "user.update". */
  readonly action: string;
  readonly target: string | null;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * A stored entry of the append-only, hash-chained audit trail (issue 10): `seq` runs 1, 2,
 * 3, …; `prevHash` is the `hash` of the entry before (64 zeros for the first); `hash` is
 * SHA-256 over the canonical JSON of the entry without `seq` and `hash`.
 */
export interface AuditEvent extends AuditEventInput, ChainLink {}

export interface AuditRepository {
  /**
   * Chains the event after the newest entry and stores it, atomically across every process
   * sharing the store (no two entries get one seq or one predecessor); returns it as
   * stored (strings made storable, see `normalizeAuditEntry`). An id already in the log is
   * not appended again: the stored entry is returned.
   */
  append(event: AuditEventInput): Promise<AuditEvent>;
  /** Newest first. */
  list(filter: { actor?: string; action?: string } & PageRequest): Promise<Page<AuditEvent>>;
  /**
   * Every entry in the order of the log, oldest first, for verification and export — as
   * stored, so a tampered entry is handed back as it is, never skipped or repaired. Pages by
   * the position in the log (the cursor), not by seq: in a tampered log the seqs may repeat
   * or run backwards. `afterSeq`: only entries with a greater seq (to resume an export).
   */
  scan(filter: { afterSeq?: number } & PageRequest): Promise<Page<AuditEvent>>;
}

/** Access requests (issue 10); the same atomic `update` as users, so two deciders cannot both win. */
export interface AccessRequestRepository {
  /** Stores a new request; fails if the id exists. */
  create(request: AccessRequest): Promise<void>;
  get(id: string): Promise<AccessRequest | null>;
  /** Newest first. Every filter given must match. */
  list(
    filter: {
      readonly requester?: string;
      readonly consumerTeams?: readonly string[];
      readonly productIds?: readonly string[];
      readonly states?: readonly AccessRequestState[];
    } & PageRequest,
  ): Promise<Page<AccessRequest>>;
  /**
   * Changes one request atomically (read under the store's lock, like users.update): `change`
   * gets it as it is now and returns the new value, or null to leave it unchanged. Returns
   * the stored value after the change, or null when there is no such request.
   */
  update(
    id: string,
    change: (current: AccessRequest) => AccessRequest | null,
  ): Promise<AccessRequest | null>;
}

export interface GrantRepository {
  /** Stores a new grant; fails if the id exists. */
  create(grant: Grant): Promise<void>;
  get(id: string): Promise<Grant | null>;
  /** Newest first. Every filter given must match; `endsBefore` compares endsAt (ISO). */
  list(
    filter: {
      readonly consumerTeams?: readonly string[];
      readonly productIds?: readonly string[];
      readonly states?: readonly GrantState[];
      readonly endsBefore?: string;
    } & PageRequest,
  ): Promise<Page<Grant>>;
  /** Atomic like AccessRequestRepository.update. */
  update(id: string, change: (current: Grant) => Grant | null): Promise<Grant | null>;
}

/** The outcome of `SuppressionRepository.add`. */
export interface SuppressionAdded {
  /** The suppression as stored after the call. */
  readonly suppression: Suppression;
  /** False when an equal or stronger suppression of this person existed already. */
  readonly changed: boolean;
}

/**
 * People a build must not bring back (GDPR Art. 17): at most one suppression per
 * (`kind`, `subjectHash`). No value of a person is stored, only the keyed hash.
 */
export interface SuppressionRepository {
  /**
   * Records that the person must stay erased, atomically across every process sharing the
   * store. When one of the same kind and hash exists it is kept (its id, request and time)
   * — except that `delete` replaces `pseudonymise`: the stronger erasure wins, never the
   * other way round. So an erasure run twice adds nothing.
   */
  add(suppression: Suppression): Promise<SuppressionAdded>;
  /**
   * Oldest first, so a build paging through them meanwhile misses none already there.
   * Every filter given must match; an empty `kinds` list matches nothing.
   */
  list(
    filter: { readonly kinds?: readonly string[]; readonly subjectHash?: string } & PageRequest,
  ): Promise<Page<Suppression>>;
  /**
   * The distinct `keyFingerprint`s of all suppressions, sorted: which subject hash keys the
   * stored people were hashed with, so a process with another key refuses to work instead
   * of matching no one (issue 11, M3).
   */
  keyFingerprints(): Promise<readonly string[]>;
}

/** The outcome of `DsrTaskRepository.create`. */
export interface DsrTaskCreated {
  /** The new task, or the open one that was there already. */
  readonly task: DsrTask;
  readonly created: boolean;
}

/** Erasure tasks for the owners of sources (issue 11). */
export interface DsrTaskRepository {
  /**
   * Stores a new open task unless an open task for the same person in the same source
   * object exists (same `contractId`, `object`, `kind`, `subjectHash`): then that one is
   * returned and nothing is written — atomically across processes, so an erasure run twice
   * (or twice at once) makes one task. A task marked done does not block a new one: the
   * person was found again. `task.state` must be `open`.
   */
  create(task: DsrTask): Promise<DsrTaskCreated>;
  get(id: string): Promise<DsrTask | null>;
  /** Newest first. Every filter given must match; an empty list matches nothing. */
  list(
    filter: {
      readonly states?: readonly DsrTask['state'][];
      readonly systems?: readonly string[];
      /** The tasks' stored `domain` (a null domain matches no list). */
      readonly domains?: readonly string[];
      readonly requestId?: string;
    } & PageRequest,
  ): Promise<Page<DsrTask>>;
  /** Atomic like AccessRequestRepository.update (e.g. marking a task done). */
  update(id: string, change: (current: DsrTask) => DsrTask | null): Promise<DsrTask | null>;
}

/**
 * What `SuppressionRepository.add` stores when `existing` is there and `added` comes: the
 * stronger mode wins (`delete` over `pseudonymise`); null when nothing changes.
 */
export function strongerSuppression(existing: Suppression, added: Suppression): Suppression | null {
  return existing.mode === 'pseudonymise' && added.mode === 'delete'
    ? { ...existing, mode: 'delete' }
    : null;
}

/** Whether two tasks are about the same person in the same source object. */
export function sameDsrTarget(a: DsrTask, b: DsrTask): boolean {
  return (
    a.contractId === b.contractId &&
    a.object === b.object &&
    a.kind === b.kind &&
    a.subjectHash === b.subjectHash
  );
}

/** `DsrTaskRepository.create` takes open tasks only. */
export function assertOpenTask(task: DsrTask): void {
  if (task.state !== 'open') throw new Error(`erasure task "${task.id}" must be created open`);
}

/** The outcome of `JobRepository.enqueue`. */
export interface JobEnqueued {
  /** The job as stored: the new one, or the one with this id that was there already. */
  readonly job: Job;
  readonly created: boolean;
}

/**
 * Jobs with leases (issue 13). Every method is atomic across every process sharing the
 * store: PostgreSQL with `SELECT … FOR UPDATE SKIP LOCKED`, the embedded store under a
 * lock file of its own (`jobs-change.lock`, like the guarded documents).
 */
export interface JobRepository {
  /** Stores the job unless one with its id exists (then returns that one, unchanged). */
  enqueue(job: Job): Promise<JobEnqueued>;
  /**
   * Takes the oldest due job of the given kinds (all kinds when not given) for `worker`:
   * a `queued` one whose `runAfter` has come, or a `running` one whose lease ran out before
   * `now` (its open attempt is recorded as `lease-expired`; when it had no attempts left it
   * is marked `failed` with `lease-expired` instead and the next is looked at). The job
   * becomes `running` with `attempts + 1` and a lease until `now + leaseMs` whose token is
   * the new `attempts`. Null when nothing is due. Two claims never get one job.
   */
  claim(request: {
    readonly worker: string;
    readonly now: string;
    readonly leaseMs: number;
    readonly kinds?: readonly JobKind[];
    /**
     * Told of each job this claim failed for good because its last attempt's lease ran
     * out (after the change is stored), so the worker can say so (`job.failed`): nobody
     * else sees that failure happen.
     */
    readonly onGivenUp?: (job: Job) => void;
  }): Promise<Job | null>;
  /**
   * Extends the lease to `until` when the job is still `running` under `token`; false when
   * the worker lost it (taken over, cancelled) — it must stop and not finish.
   */
  renew(id: string, token: number, until: string): Promise<boolean>;
  /**
   * Ends the attempt holding `token`: `succeeded`, or `failed` — queued again at `retryAt`
   * when given and attempts remain, else failed for good. Null (nothing written) when the
   * job is not running under that token any more.
   */
  finish(id: string, token: number, outcome: JobOutcome, at: string): Promise<Job | null>;
  /** Cancels a `queued` job; null when there is none or it is not queued any more. */
  cancel(id: string, at: string): Promise<Job | null>;
  get(id: string): Promise<Job | null>;
  /** Newest first (by `createdAt`, then insertion). Every filter given must match; an empty list matches nothing. */
  list(
    filter: {
      readonly kinds?: readonly JobKind[];
      readonly targets?: readonly string[];
      readonly states?: readonly JobState[];
    } & PageRequest,
  ): Promise<Page<Job>>;
  /**
   * Deletes finished jobs (`succeeded`, `failed`, `cancelled`) whose `finishedAt` is before
   * `finishedBefore`, keeping the newest `keepPerTarget` finished jobs of each (kind,
   * target) however old (newest by `finishedAt`, then insertion). A queued or running job
   * is never deleted. Atomic against every other change; returns how many were deleted.
   * Throws on a cutoff that is no ISO UTC time or a keep outside 0..10000.
   */
  prune(request: JobPruneRequest): Promise<number>;
}

/**
 * The adoption dashboard's history (issue 13): at most one snapshot per UTC day.
 */
export interface AdoptionRepository {
  /**
   * Stores the snapshot of its day, atomically across processes: a measured one (`index`,
   * `schedule`) replaces the day's snapshot, a `git` backfill only fills a day without a
   * measured one (`replacesSnapshot`). True when it was written.
   */
  record(snapshot: AdoptionSnapshot): Promise<boolean>;
  /** Oldest first; `from` and `to` are inclusive days (`YYYY-MM-DD`). */
  list(
    filter: { readonly from?: string; readonly to?: string } & PageRequest,
  ): Promise<Page<AdoptionSnapshot>>;
  /** The newest snapshot of a day before `day` (any day when not given), or null. */
  latestBefore(day?: string): Promise<AdoptionSnapshot | null>;
}

/** The outcome of `IncidentRepository.open`. */
export interface IncidentOpened {
  /** The new incident, or the open one of the same SLA that was there already. */
  readonly incident: Incident;
  readonly opened: boolean;
}

/** Incidents (issue 13); atomic across every process sharing the store, like erasure tasks. */
export interface IncidentRepository {
  /**
   * Stores the incident unless one for the same (productId, contractId, sla) is open: then
   * that one is returned and nothing is written — so two evaluations at once open one.
   * A resolved incident does not block a new one. `incident.state` must be `open`.
   */
  open(incident: Incident): Promise<IncidentOpened>;
  /**
   * Marks an open incident resolved at `at`; returns it as stored after the call (an
   * incident resolved before is returned unchanged), null when there is no such incident.
   */
  resolve(id: string, at: string, resolution: IncidentResolution): Promise<Incident | null>;
  get(id: string): Promise<Incident | null>;
  /** Newest first (the order they were stored). Every filter given must match; an empty list matches nothing. */
  list(
    filter: {
      readonly productIds?: readonly string[];
      readonly domains?: readonly string[];
      readonly states?: readonly IncidentState[];
    } & PageRequest,
  ): Promise<Page<Incident>>;
}

/** Refuses to store an incident that is not open (`IncidentRepository.open`). */
export function assertOpenIncident(incident: Incident): void {
  if (incident.state !== 'open' || incident.resolvedAt !== null)
    throw new Error(`incident "${incident.id}" must be open to be stored`);
}

/**
 * Notifications (issue 13): the events published (each stored once by id), the
 * subscriptions, and the deliveries with their attempts. Adding an event or a delivery is
 * idempotent by id and atomic across processes, so two servers publishing one event fan
 * it out once; `updateDelivery` is atomic like AccessRequestRepository.update.
 */
export interface NotificationRepository {
  /** Stores the event unless one with its id is stored; true when this call stored it. */
  addEvent(event: MeshEvent): Promise<boolean>;
  getEvent(id: string): Promise<MeshEvent | null>;
  /** Stores a new subscription; fails if the id exists. */
  addSubscription(subscription: Subscription): Promise<void>;
  getSubscription(id: string): Promise<Subscription | null>;
  /** Newest first. Every filter given must match; an empty `owners` list matches nothing. */
  listSubscriptions(
    filter: {
      readonly owners?: readonly NotificationOwner[];
      readonly enabled?: boolean;
    } & PageRequest,
  ): Promise<Page<Subscription>>;
  updateSubscription(
    id: string,
    change: (current: Subscription) => Subscription | null,
  ): Promise<Subscription | null>;
  /** False when there was none. */
  deleteSubscription(id: string): Promise<boolean>;
  /** Stores the delivery unless one with its id is stored; true when this call stored it. */
  addDelivery(delivery: Delivery): Promise<boolean>;
  getDelivery(id: string): Promise<Delivery | null>;
  updateDelivery(
    id: string,
    change: (current: Delivery) => Delivery | null,
  ): Promise<Delivery | null>;
  /** Newest first. Every filter given must match; an empty list matches nothing. */
  listDeliveries(
    filter: {
      readonly owners?: readonly NotificationOwner[];
      readonly eventIds?: readonly string[];
      readonly subscriptionIds?: readonly string[];
      readonly states?: readonly DeliveryState[];
    } & PageRequest,
  ): Promise<Page<Delivery>>;
  /**
   * Deletes the history before `before` (an ISO instant): deliveries created before it that
   * are finished — a pending one is still to be sent, whatever its age — then events before
   * it that no delivery refers to any more. Says how many of each it deleted.
   */
  prune(request: {
    readonly before: string;
  }): Promise<{ readonly events: number; readonly deliveries: number }>;
}

/**
 * Attempts counted per key in a sliding window (issue 14): the sign-in limits and the
 * notification test send, counted for every server process on the store together. Keys
 * match `ATTEMPT_KEY_PATTERN` (a scope and a SHA-256: bounded, no username or address in
 * clear). Each call is one atomic read-check-write; what it decides is
 * `core/limits/attempt-window.ts`. Times are epoch milliseconds of the caller's clock.
 */
export interface AttemptRepository {
  /**
   * Counts an attempt at `now` and answers 0 — or, when the key is at its limit, counts
   * nothing and answers the milliseconds to wait. Of any number of calls at once, across
   * processes, at most `window.limit` answer 0 within a window.
   */
  reserve(key: string, window: AttemptWindow, now: number): Promise<number>;
  /** Takes back the newest attempt counted for the key. */
  release(key: string, window: AttemptWindow, now: number): Promise<void>;
  /** Forgets the key's attempts (a successful sign-in). */
  reset(key: string): Promise<void>;
  /** Deletes the keys whose newest attempt is at or before `before`; answers how many. */
  prune(before: number): Promise<number>;
}

/** An OIDC sign-in begun by one server process and finished by any (issue 14). */
export interface SignInFlow {
  /** SHA-256 (hex) of the random id the browser holds in its cookie; never the id itself. */
  readonly id: string;
  readonly codeVerifier: string;
  readonly state: string;
  readonly nonce: string;
  readonly returnTo: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

export interface SignInFlowRepository {
  /**
   * Stores a flow; drops the flows expired at `now` and, beyond `keep` pending flows, the
   * ones nearest to expiring (a flood of begun sign-ins must not grow the store).
   */
  put(flow: SignInFlow, bounds: { readonly now: number; readonly keep: number }): Promise<void>;
  /**
   * Takes the flow out, once: of any number of calls with one id, across processes, at
   * most one gets it. Null when there is none or it expired at `now`.
   */
  take(id: string, now: number): Promise<SignInFlow | null>;
}

/**
 * The published Trino access rules: one current set per store. `publish` is a
 * compare-and-set on the version (0 = none yet) decided by `core/access/published-rules.ts`
 * in every store, so of two server processes publishing at once one wins and the other —
 * built from an older read — learns it and rebuilds; the version never goes backwards.
 */
export interface TrinoRulesRepository {
  current(): Promise<PublishedTrinoRules | null>;
  publish(next: TrinoRulesToPublish, expectedVersion: number): Promise<TrinoRulesPublishOutcome>;
}

export type { PublishedTrinoRules, TrinoRulesPublishOutcome, TrinoRulesToPublish };
