/* eslint-disable @typescript-eslint/require-await -- in memory, every answer is immediate; the interface is async for the real stores */
import type { AccessRequest, Grant } from '../../src/core/access/model.ts';
import type {
  ApiToken,
  AuditEvent,
  CatalogSnapshot,
  MeshworkStore,
  Page,
  PageRequest,
  Session,
  StoredRun,
  StoredScorecard,
  User,
  UserChange,
} from '../../src/app/store/store.ts';
import type { DsrTask, Suppression } from '../../src/core/privacy/dsr-model.ts';
import type { Incident } from '../../src/core/sla/index.ts';
import { InvalidCursorError } from '../../src/stores/paging.ts';
import { resolvedIncident, sameSla } from '../../src/core/sla/index.ts';
import {
  assertOpenIncident,
  assertOpenTask,
  isEnabledAdmin,
  sameDsrTarget,
  strongerSuppression,
} from '../../src/app/store/store.ts';
import { chainAuditEvent } from '../../src/stores/audit-chain.ts';
import { createMemoryNotifications } from './memory-notifications.ts';
import { memoryJobs } from './memory-jobs.ts';
import { memoryLimits } from './memory-limits.ts';
import { memoryTrinoRules } from './memory-trino-rules.ts';

import type { AdoptionSnapshot } from '../../src/core/adoption/adoption-model.ts';
import { replacesSnapshot } from '../../src/core/adoption/adoption-model.ts';

/** Offset paging over an array already in the wanted order; the cursor is the offset. */
function page<T>(items: readonly T[], request: PageRequest): Page<T> {
  const start = request.cursor ? Number(request.cursor) : 0;
  const limit = request.limit ?? 50;
  const slice = items.slice(start, start + limit);
  const end = start + slice.length;
  return { items: slice, next: end < items.length ? String(end) : null };
}

/** `page`, refusing a cursor it did not hand out, as the real stores do (access lists). */
function checkedPage<T>(items: readonly T[], request: PageRequest): Page<T> {
  if (request.cursor && !/^\d+$/.test(request.cursor)) throw new InvalidCursorError(request.cursor);
  return page(items, request);
}

/**
 * A `MeshworkStore` in memory, for tests of the server and auth that are not about
 * storage. Behaves like the real stores as far as the interface says (newest-first runs
 * and audit, oldest-first scorecards, revoke scoped to the token's owner).
 */
export function createMemoryStore(): MeshworkStore & { readonly auditEvents: AuditEvent[] } {
  let catalog: CatalogSnapshot | null = null;
  const runs: StoredRun[] = [];
  const scorecards: StoredScorecard[] = [];
  const users = new Map<string, User>();
  const tokens = new Map<string, ApiToken>();
  const sessions = new Map<string, Session>();
  const auditEvents: AuditEvent[] = [];
  const accessRequests = new Map<string, AccessRequest>();
  const grants = new Map<string, Grant>();
  const suppressions = new Map<string, Suppression>();
  const dsrTasks = new Map<string, DsrTask>();
  const adoption = new Map<string, AdoptionSnapshot>();
  const adoptionByDay = (): AdoptionSnapshot[] =>
    [...adoption.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const incidents = new Map<string, Incident>();

  /** Synchronous from read to write, so atomic in one process, as the interface asks. */
  function changeUser(
    username: string,
    change: (user: User) => User | null,
    keepAnAdmin: boolean,
  ): UserChange {
    const current = users.get(username);
    if (!current) return { outcome: 'not-found' };
    const after = change(current);
    if (keepAnAdmin && isEnabledAdmin(current) && !(after && isEnabledAdmin(after))) {
      if (![...users.values()].some((u) => u.username !== username && isEnabledAdmin(u)))
        return { outcome: 'last-admin' };
    }
    if (after) users.set(username, after);
    else users.delete(username);
    return { outcome: 'done', user: after ?? current };
  }

  return {
    ...memoryLimits(),
    trinoRules: memoryTrinoRules(),
    auditEvents,
    catalog: {
      replace: async (snapshot) => void (catalog = snapshot),
      current: async () => catalog,
      revision: async () => catalog?.revision ?? null,
    },
    runs: {
      // An upsert by id, as in both stores (a job's rerun replaces its runs).
      record: async (run) => {
        const at = runs.findIndex((r) => r.id === run.id);
        if (at >= 0) runs[at] = run;
        else runs.push(run);
      },
      list: async (filter) => {
        const matching = runs.filter(
          (r) =>
            (filter.contractId === undefined || r.contractId === filter.contractId) &&
            (filter.productId === undefined || r.productId === filter.productId),
        );
        return page(matching.reverse(), filter);
      },
      get: async (id) => runs.find((r) => r.id === id) ?? null,
    },
    scorecards: {
      record: async (entry) => void scorecards.push(entry),
      list: async (filter) => page(scorecards, filter),
    },
    users: {
      create: async (user) => {
        if (users.has(user.username)) return false;
        users.set(user.username, user);
        return true;
      },
      put: async (user) => void users.set(user.username, user),
      get: async (username) => users.get(username) ?? null,
      findByOidcSubject: async (subject) =>
        [...users.values()].find((u) => u.oidcSubject === subject) ?? null,
      list: async (filter) =>
        page(
          [...users.values()].sort((a, b) => a.username.localeCompare(b.username)),
          filter,
        ),
      delete: async (username) => users.delete(username),
      update: async (username, change, options) =>
        changeUser(username, (user) => change(user), options?.keepAnAdmin ?? false),
      deleteKeepingAnAdmin: async (username) => changeUser(username, () => null, true),
    },
    tokens: {
      put: async (token) => void tokens.set(token.id, token),
      findByHash: async (hash) => [...tokens.values()].find((t) => t.tokenHash === hash) ?? null,
      listForUser: async (username) => [...tokens.values()].filter((t) => t.username === username),
      revoke: async (username, id) => {
        const token = tokens.get(id);
        if (!token || token.username !== username) return false;
        tokens.set(id, { ...token, revoked: true });
        return true;
      },
      touch: async (id, at) => {
        const token = tokens.get(id);
        if (token) tokens.set(id, { ...token, lastUsedAt: at });
      },
    },
    sessions: {
      put: async (session) => void sessions.set(session.idHash, session),
      get: async (idHash) => sessions.get(idHash) ?? null,
      delete: async (idHash) => void sessions.delete(idHash),
      deleteExpired: async (now) => {
        let removed = 0;
        for (const [key, s] of sessions) {
          if (s.expiresAt <= now) {
            sessions.delete(key);
            removed++;
          }
        }
        return removed;
      },
      deleteForUser: async (username) => {
        let removed = 0;
        for (const [key, s] of sessions) {
          if (s.username === username) {
            sessions.delete(key);
            removed++;
          }
        }
        return removed;
      },
    },
    audit: {
      append: async (input) => {
        const head = auditEvents[auditEvents.length - 1] ?? null;
        const event = chainAuditEvent(head, input);
        const existing = auditEvents.find((e) => e.id === event.id);
        if (existing) return existing;
        auditEvents.push(event);
        return event;
      },
      scan: async (filter) =>
        page(
          auditEvents.filter((e) => filter.afterSeq === undefined || e.seq > filter.afterSeq),
          filter,
        ),
      list: async (filter) =>
        page(
          auditEvents
            .filter(
              (e) =>
                (filter.actor === undefined || e.actor === filter.actor) &&
                (filter.action === undefined || e.action === filter.action),
            )
            .reverse(),
          filter,
        ),
    },
    accessRequests: {
      create: async (request) => create(accessRequests, request, 'access request'),
      get: async (id) => accessRequests.get(id) ?? null,
      list: async (filter) =>
        checkedPage(
          [...accessRequests.values()]
            .filter(
              (r) =>
                (filter.requester === undefined || r.requester === filter.requester) &&
                oneOf(filter.consumerTeams, r.consumerTeam) &&
                oneOf(filter.productIds, r.productId) &&
                oneOf(filter.states, r.state),
            )
            .reverse(),
          filter,
        ),
      update: async (id, change) => update(accessRequests, id, change),
    },
    grants: {
      create: async (grant) => create(grants, grant, 'grant'),
      get: async (id) => grants.get(id) ?? null,
      list: async (filter) =>
        checkedPage(
          [...grants.values()]
            .filter(
              (g) =>
                oneOf(filter.consumerTeams, g.consumerTeam) &&
                oneOf(filter.productIds, g.productId) &&
                oneOf(filter.states, g.state) &&
                (filter.endsBefore === undefined || g.endsAt < filter.endsBefore),
            )
            .reverse(),
          filter,
        ),
      update: async (id, change) => update(grants, id, change),
    },
    suppressions: {
      add: async (suppression) => {
        const existing = [...suppressions.values()].find(
          (s) => s.kind === suppression.kind && s.subjectHash === suppression.subjectHash,
        );
        if (!existing) {
          create(suppressions, suppression, 'suppression');
          return { suppression, changed: true };
        }
        const after = strongerSuppression(existing, suppression);
        if (!after) return { suppression: existing, changed: false };
        suppressions.set(after.id, after);
        return { suppression: after, changed: true };
      },
      list: async (filter) =>
        checkedPage(
          [...suppressions.values()].filter(
            (s) =>
              oneOf(filter.kinds, s.kind) &&
              (filter.subjectHash === undefined || s.subjectHash === filter.subjectHash),
          ),
          filter,
        ),
      keyFingerprints: async () =>
        [...new Set([...suppressions.values()].map((s) => s.keyFingerprint))].sort(),
    },
    dsrTasks: {
      create: async (task) => {
        assertOpenTask(task);
        const open = [...dsrTasks.values()].find(
          (t) => t.state === 'open' && sameDsrTarget(t, task),
        );
        if (open) return { task: open, created: false };
        create(dsrTasks, task, 'erasure task');
        return { task, created: true };
      },
      get: async (id) => dsrTasks.get(id) ?? null,
      list: async (filter) =>
        checkedPage(
          [...dsrTasks.values()]
            .filter(
              (t) =>
                oneOf(filter.states, t.state) &&
                oneOf(filter.systems, t.system) &&
                (filter.domains === undefined ||
                  (typeof t.domain === 'string' && filter.domains.includes(t.domain))) &&
                (filter.requestId === undefined || t.requestId === filter.requestId),
            )
            .reverse(),
          filter,
        ),
      update: async (id, change) => update(dsrTasks, id, change),
    },
    notifications: createMemoryNotifications(),
    jobs: memoryJobs(),

    adoption: {
      async record(snapshot) {
        if (!replacesSnapshot(adoption.get(snapshot.day) ?? null, snapshot)) return false;
        adoption.set(snapshot.day, snapshot);
        return true;
      },
      list: async (filter) =>
        checkedPage(
          adoptionByDay().filter(
            (s) =>
              (filter.from === undefined || s.day >= filter.from) &&
              (filter.to === undefined || s.day <= filter.to),
          ),
          filter,
        ),
      latestBefore: async (day) =>
        adoptionByDay()
          .filter((s) => day === undefined || s.day < day)
          .at(-1) ?? null,
    },
    incidents: {
      open: async (incident) => {
        assertOpenIncident(incident);
        const open = [...incidents.values()].find(
          (i) => i.state === 'open' && sameSla(i, incident),
        );
        if (open) return { incident: open, opened: false };
        create(incidents, incident, 'incident');
        return { incident, opened: true };
      },
      resolve: async (id, at, resolution) =>
        update(incidents, id, (current) =>
          current.state === 'open' ? resolvedIncident(current, at, resolution) : null,
        ),
      get: async (id) => incidents.get(id) ?? null,
      list: async (filter) =>
        checkedPage(
          [...incidents.values()]
            .filter(
              (i) =>
                oneOf(filter.states, i.state) &&
                oneOf(filter.productIds, i.productId) &&
                oneOf(filter.domains, i.domain),
            )
            .reverse(),
          filter,
        ),
    },
    migrate: async () => {},
    close: async () => {},
  };
}

/** Not given matches everything, an empty list nothing — as the real stores. */
function oneOf<T>(allowed: readonly T[] | undefined, value: T): boolean {
  return allowed === undefined || allowed.includes(value);
}

function create<T extends { readonly id: string }>(
  documents: Map<string, T>,
  document: T,
  noun: string,
): void {
  if (documents.has(document.id)) throw new Error(`${noun} "${document.id}" exists already`);
  documents.set(document.id, document);
}

/** Synchronous from read to write: atomic in one process, as the interface asks. */
function update<T extends { readonly id: string }>(
  documents: Map<string, T>,
  id: string,
  change: (current: T) => T | null,
): T | null {
  const before = documents.get(id);
  if (before === undefined) return null;
  const after = change(before);
  if (after === null) return before;
  if (after.id !== id) throw new Error(`an update must not change the id "${id}"`);
  documents.set(id, after);
  return after;
}
