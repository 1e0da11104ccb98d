import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccessRequest, Grant } from '../../core/access/model.ts';
import type { DsrTask, Suppression } from '../../core/privacy/dsr-model.ts';
import type { Incident } from '../../core/sla/index.ts';
import { resolvedIncident, sameSla } from '../../core/sla/index.ts';
import type {
  ApiToken,
  AuditEvent,
  AuditEventInput,
  CatalogSnapshot,
  MeshworkStore,
  Session,
  StoredRun,
  StoredScorecard,
  User,
  UserChange,
} from '../../app/store/store.ts';
import {
  assertOpenIncident,
  assertOpenTask,
  isEnabledAdmin,
  removesAnAdmin,
  sameDsrTarget,
  strongerSuppression,
} from '../../app/store/store.ts';
import { chainAuditEvent } from '../audit-chain.ts';
import { decodeCursor, encodeCursor, InvalidCursorError, limitOf, pageByKey } from '../paging.ts';
import { CollectionLog } from './collection-log.ts';
import { embeddedNotifications } from './embedded-notifications.ts';
import { embeddedJobs } from './embedded-jobs.ts';
import { embeddedLimits } from './embedded-limits.ts';
import { embeddedTrinoRules } from './embedded-trino-rules.ts';
import { guardedDocuments } from './guarded-documents.ts';
import { embeddedAdoption } from './adoption-log.ts';
import { withLock } from './lock-file.ts';
import { migrateEmbedded } from './migrations.ts';

export interface EmbeddedStoreOptions {
  /** The store folder, normally `<mesh root>/.meshwork/store/`. */
  readonly directory: string;
  /** Appends per process after which a collection is compacted (default 5000). */
  readonly compactAfter?: number;
  /**
   * How long (ms) users, tokens and sessions answer from memory before their logs are
   * looked at again (default 250): every authenticated request reads them, and a stat per
   * request was a fifth of the API's time. What another process changes (a token revoked
   * by a CLI, a user disabled) takes effect within this bound; this process's own
   * changes at once. 0 looks every time.
   */
  readonly authRecheckMs?: number;
}

export const AUTH_RECHECK_MS = 250;

/**
 * The embedded store: one append-only JSON-lines log per collection in the workspace
 * (see CONTEXT.md for why not an embedded database). Safe for several processes at once.
 */
export function createEmbeddedStore(options: EmbeddedStoreOptions): MeshworkStore {
  const dir = options.directory;
  const log = (name: string, compactAfter = options.compactAfter, recheckMs = 0): CollectionLog =>
    new CollectionLog(join(dir, `${name}.jsonl`), compactAfter, recheckMs);
  const authRecheck = options.authRecheckMs ?? AUTH_RECHECK_MS;
  // A catalog snapshot is the whole mesh: keep only the newest few on disk.
  const catalog = log('catalog', 8);
  const runs = log('runs');
  const scorecards = log('scorecards');
  const users = log('users', options.compactAfter, authRecheck);
  const tokens = log('tokens', options.compactAfter, authRecheck);
  const sessions = log('sessions', options.compactAfter, authRecheck);
  const audit = log('audit');
  // Looked at on every read (no recheck interval): guardedDocuments relies on it.
  const accessRequests = guardedDocuments<AccessRequest>(
    log('access-requests'),
    join(dir, 'access-requests-change.lock'),
    'access request',
  );
  const grants = guardedDocuments<Grant>(log('grants'), join(dir, 'grants-change.lock'), 'grant');
  const suppressions = guardedDocuments<Suppression>(
    log('suppressions'),
    join(dir, 'suppressions-change.lock'),
    'suppression',
  );
  const dsrTasks = guardedDocuments<DsrTask>(
    log('dsr-tasks'),
    join(dir, 'dsr-tasks-change.lock'),
    'erasure task',
  );
  const incidents = guardedDocuments<Incident>(
    log('incidents'),
    join(dir, 'incidents-change.lock'),
    'incident',
  );
  const values = async <T>(collection: CollectionLog): Promise<T[]> =>
    [...(await collection.read()).values()] as T[];

  /**
   * A guarded change of a user: under an exclusive lock file of the users collection (its
   * own, not the compaction lock, which an append may take), every process's guarded
   * changes run one after the other. Inside, the log is read by a fresh instance, which
   * reads the whole file now — the shared one may answer from memory for 250 ms — and
   * sees every append of the guarded change before, which was written before that lock
   * was released. Appends of plain `put`s take no lock; none of them takes an admin away
   * (only `update` and `deleteKeepingAnAdmin` are used for that).
   */
  async function changeUser(
    username: string,
    plan: (current: User) => { put: User } | { remove: User },
    keepAnAdmin: boolean,
  ): Promise<UserChange> {
    return withLock(join(dir, 'users-change.lock'), async () => {
      const now = await new CollectionLog(users.file).read();
      const current = now.get(username) as User | undefined;
      if (!current) return { outcome: 'not-found' };
      const step = plan(current);
      const after = 'put' in step ? step.put : null;
      if (keepAnAdmin && removesAnAdmin(current, after)) {
        const others = [...now.values()] as User[];
        if (!others.some((u) => u.username !== username && isEnabledAdmin(u)))
          return { outcome: 'last-admin' };
      }
      if (after) {
        if (after.username !== username) throw new Error('update must not rename a user');
        await users.append([{ op: 'put', key: username, value: after }]);
      } else {
        await users.append([{ op: 'delete', key: username }]);
      }
      return { outcome: 'done', user: after ?? current };
    });
  }

  /**
   * Appends to the audit chain under `audit-append.lock`, a lock of its own like
   * `users-change.lock` (not the compaction lock, which the append inside may take). The
   * entry needs the newest entry's seq and hash, and every process's appends run one after
   * the other under the lock, each acknowledged (whole in the current file) before the
   * lock is released: the read inside sees the one before, so no two entries get one
   * predecessor. A crash cannot fork the chain either: a writer killed before its line is
   * whole leaves a torn line, skipped by every reader, and the next writer — after taking
   * the dead writer's lock over — chains after the last whole entry; a writer killed after
   * its line is whole has appended, and the next one chains after it. What could fork it
   * is a holder slower than the lock's minute (then taken over as stale); `audit verify`
   * would name the fork. Within a process the appends queue in memory first, so one
   * waiter per process polls the lock file, not one per request.
   */
  let auditQueue: Promise<unknown> = Promise.resolve();
  const appendAudit = (input: AuditEventInput): Promise<AuditEvent> => {
    const next = auditQueue.then(() =>
      withLock(join(dir, 'audit-append.lock'), async () => {
        const state = await audit.read();
        let head: AuditEvent | undefined;
        for (const value of state.values()) head = value as AuditEvent;
        const event = chainAuditEvent(head ?? null, input);
        const existing = state.get(event.id) as AuditEvent | undefined;
        if (existing) return existing;
        await audit.append([{ op: 'put', key: event.id, value: event }]);
        return event;
      }),
    );
    auditQueue = next.catch(() => undefined);
    return next;
  };

  return {
    catalog: {
      replace: (snapshot) => catalog.append([{ op: 'put', key: 'current', value: snapshot }]),
      current: async () =>
        ((await catalog.read()).get('current') as CatalogSnapshot | undefined) ?? null,
      revision: async () =>
        ((await catalog.read()).get('current') as CatalogSnapshot | undefined)?.revision ?? null,
    },
    runs: {
      record: (run) => runs.append([{ op: 'put', key: run.id, value: run }]),
      async list(filter) {
        const all = (await values<StoredRun>(runs)).reverse();
        const matching = all.filter(
          (r) =>
            (filter.contractId === undefined || r.contractId === filter.contractId) &&
            (filter.productId === undefined || r.productId === filter.productId),
        );
        return pageByKey(matching, (r) => r.id, filter);
      },
      get: async (id) => ((await runs.read()).get(id) as StoredRun | undefined) ?? null,
    },
    scorecards: {
      record: (entry) => scorecards.append([{ op: 'put', key: entry.id, value: entry }]),
      list: async (filter) =>
        pageByKey(await values<StoredScorecard>(scorecards), (s) => s.id, filter),
    },
    users: {
      put: (user) => users.append([{ op: 'put', key: user.username, value: user }]),
      // Under the guarded changes' lock, read fresh (the shared log may answer from memory).
      create: (user) =>
        withLock(join(dir, 'users-change.lock'), async () => {
          if ((await new CollectionLog(users.file).read()).has(user.username)) return false;
          await users.append([{ op: 'put', key: user.username, value: user }]);
          return true;
        }),
      get: async (username) => ((await users.read()).get(username) as User | undefined) ?? null,
      findByOidcSubject: async (subject) =>
        (await values<User>(users)).find((u) => u.oidcSubject === subject) ?? null,
      list: async (filter) =>
        pageByKey(
          (await values<User>(users)).sort((a, b) => (a.username < b.username ? -1 : 1)),
          (u) => u.username,
          filter,
        ),
      async delete(username) {
        if (!(await users.read()).has(username)) return false;
        await users.append([{ op: 'delete', key: username }]);
        return true;
      },
      update: (username, change, opts) =>
        changeUser(username, (user) => ({ put: change(user) }), opts?.keepAnAdmin ?? false),
      deleteKeepingAnAdmin: (username) => changeUser(username, (user) => ({ remove: user }), true),
    },
    tokens: {
      put: (token) => tokens.append([{ op: 'put', key: token.id, value: token }]),
      findByHash: async (hash) =>
        (await values<ApiToken>(tokens)).find((t) => t.tokenHash === hash) ?? null,
      listForUser: async (username) =>
        (await values<ApiToken>(tokens)).filter((t) => t.username === username),
      async revoke(username, id) {
        const token = (await tokens.read()).get(id) as ApiToken | undefined;
        if (!token || token.username !== username) return false;
        // A patch, not a put: a concurrent touch must not undo the revocation.
        await tokens.append([{ op: 'patch', key: id, value: { revoked: true } }]);
        return true;
      },
      touch: (id, at) => tokens.append([{ op: 'patch', key: id, value: { lastUsedAt: at } }]),
    },
    sessions: {
      put: (session) => sessions.append([{ op: 'put', key: session.idHash, value: session }]),
      get: async (idHash) => ((await sessions.read()).get(idHash) as Session | undefined) ?? null,
      delete: (idHash) => sessions.append([{ op: 'delete', key: idHash }]),
      async deleteExpired(now) {
        const expired = (await values<Session>(sessions)).filter((s) => s.expiresAt <= now);
        if (expired.length > 0)
          await sessions.append(expired.map((s) => ({ op: 'delete', key: s.idHash })));
        return expired.length;
      },
      async deleteForUser(username) {
        const ended = (await values<Session>(sessions)).filter((s) => s.username === username);
        if (ended.length > 0)
          await sessions.append(ended.map((s) => ({ op: 'delete', key: s.idHash })));
        return ended.length;
      },
    },
    audit: {
      append: appendAudit,
      async list(filter) {
        const events = (await values<AuditEvent>(audit))
          .reverse()
          .filter(
            (e) =>
              (filter.actor === undefined || e.actor === filter.actor) &&
              (filter.action === undefined || e.action === filter.action),
          );
        return pageByKey(events, (e) => e.id, filter);
      },
      async scan(filter) {
        // In the order of the file, which is the order of the chain; paged by position, as
        // a tampered log's seqs may repeat (CONTEXT.md). Walks the folded map without
        // copying it: a verification reads every page.
        const after = decodeCursor(filter.cursor);
        if (after !== null && !/^\d+$/.test(after))
          throw new InvalidCursorError(filter.cursor ?? '');
        const start = after === null ? 0 : Number(after);
        const limit = limitOf(filter);
        const items: AuditEvent[] = [];
        let index = 0;
        let more = false;
        for (const value of (await audit.read()).values()) {
          const event = value as AuditEvent;
          if (filter.afterSeq !== undefined && !(event.seq > filter.afterSeq)) continue;
          if (index++ < start) continue;
          if (items.length === limit) {
            more = true;
            break;
          }
          items.push(event);
        }
        return { items, next: more ? encodeCursor(String(start + limit)) : null };
      },
    },
    accessRequests: {
      create: (request) => accessRequests.create(request),
      get: (id) => accessRequests.get(id),
      async list(filter) {
        const matching = (await accessRequests.all())
          .reverse()
          .filter(
            (r) =>
              (filter.requester === undefined || r.requester === filter.requester) &&
              oneOf(filter.consumerTeams, r.consumerTeam) &&
              oneOf(filter.productIds, r.productId) &&
              oneOf(filter.states, r.state),
          );
        return pageByKey(matching, (r) => r.id, filter);
      },
      update: (id, change) => accessRequests.update(id, change),
    },
    grants: {
      create: (grant) => grants.create(grant),
      get: (id) => grants.get(id),
      async list(filter) {
        const matching = (await grants.all())
          .reverse()
          .filter(
            (g) =>
              oneOf(filter.consumerTeams, g.consumerTeam) &&
              oneOf(filter.productIds, g.productId) &&
              oneOf(filter.states, g.state) &&
              (filter.endsBefore === undefined || g.endsAt < filter.endsBefore),
          );
        return pageByKey(matching, (g) => g.id, filter);
      },
      update: (id, change) => grants.update(id, change),
    },
    suppressions: {
      async add(suppression) {
        const stored = await suppressions.createOrMerge(
          suppression,
          (s) => s.kind === suppression.kind && s.subjectHash === suppression.subjectHash,
          (existing) => strongerSuppression(existing, suppression),
        );
        return { suppression: stored.document, changed: stored.changed };
      },
      async list(filter) {
        const matching = (await suppressions.all()).filter(
          (s) =>
            oneOf(filter.kinds, s.kind) &&
            (filter.subjectHash === undefined || s.subjectHash === filter.subjectHash),
        );
        return pageByKey(matching, (s) => s.id, filter);
      },
      async keyFingerprints() {
        return [...new Set((await suppressions.all()).map((s) => s.keyFingerprint))].sort();
      },
    },
    dsrTasks: {
      async create(task) {
        assertOpenTask(task);
        const stored = await dsrTasks.createOrMerge(
          task,
          (t) => t.state === 'open' && sameDsrTarget(t, task),
          () => null,
        );
        return { task: stored.document, created: stored.changed };
      },
      get: (id) => dsrTasks.get(id),
      async list(filter) {
        const matching = (await dsrTasks.all())
          .reverse()
          .filter(
            (t) =>
              oneOf(filter.states, t.state) &&
              oneOf(filter.systems, t.system) &&
              (filter.domains === undefined ||
                (typeof t.domain === 'string' && filter.domains.includes(t.domain))) &&
              (filter.requestId === undefined || t.requestId === filter.requestId),
          );
        return pageByKey(matching, (t) => t.id, filter);
      },
      update: (id, change) => dsrTasks.update(id, change),
    },
    notifications: embeddedNotifications(dir, (name) => log(name)),
    // Looked at on every read (no recheck interval): guardedDocuments relies on it.
    ...embeddedLimits(dir, (name) => log(name)),
    // Looked at on every read, as the limits: the compare-and-set relies on it.
    trinoRules: embeddedTrinoRules(log('trino-rules'), join(dir, 'trino-rules-change.lock')),
    // Looked at on every read (no recheck interval): the claim relies on it (embedded-jobs.ts).
    jobs: embeddedJobs(log('jobs'), join(dir, 'jobs-change.lock')),

    adoption: embeddedAdoption(log('adoption'), join(dir, 'adoption-change.lock')),
    incidents: {
      async open(incident) {
        assertOpenIncident(incident);
        const stored = await incidents.createOrMerge(
          incident,
          (i) => i.state === 'open' && sameSla(i, incident),
          () => null,
        );
        return { incident: stored.document, opened: stored.changed };
      },
      resolve: (id, at, resolution) =>
        incidents.update(id, (current) =>
          current.state === 'open' ? resolvedIncident(current, at, resolution) : null,
        ),
      get: (id) => incidents.get(id),
      async list(filter) {
        const matching = (await incidents.all())
          .reverse()
          .filter(
            (i) =>
              oneOf(filter.states, i.state) &&
              oneOf(filter.productIds, i.productId) &&
              oneOf(filter.domains, i.domain),
          );
        return pageByKey(matching, (i) => i.id, filter);
      },
    },
    async migrate() {
      await mkdir(dir, { recursive: true });
      await migrateEmbedded(dir);
    },
    close: () => Promise.resolve(),
  };
}

/** A list filter: not given matches everything, an empty list nothing (as SQL's `= ANY('{}')`). */
function oneOf<T>(allowed: readonly T[] | undefined, value: T): boolean {
  return allowed === undefined || allowed.includes(value);
}
