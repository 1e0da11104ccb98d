import type { CollectionLog } from './collection-log.ts';
import { withLock } from './lock-file.ts';

/**
 * Documents keyed by `id` whose `create` and `update` must be atomic across processes
 * (access requests, grants: two approvers deciding at once must not both win). Like the
 * guarded user changes, each runs under a lock file of its own (`<name>-change.lock`, not
 * the collection's compaction lock: the append inside may compact) and reads the log
 * inside it. The log must look at its file on every read (no recheck interval): then a
 * read under the lock folds every append of the change before, which was written before
 * that lock was released, and costs only the bytes appended since, not the whole file.
 *
 * Within one process the changes also queue in memory before they take the lock file, so
 * many of them at once wait in order instead of polling the lock with back-off.
 */
export interface GuardedDocuments<T extends { readonly id: string }> {
  create(document: T): Promise<void>;
  get(id: string): Promise<T | null>;
  /** Every document, oldest first (the order of creation). */
  all(): Promise<T[]>;
  update(id: string, change: (current: T) => T | null): Promise<T | null>;
  /** Deletes it under the lock (so no update running meanwhile puts it back); false when there was none. */
  remove(id: string): Promise<boolean>;
  /**
   * Deletes every document `doomed` chooses, in one append under the lock, then compacts
   * the log so they leave the file too; answers the deleted ones.
   */
  removeWhere(doomed: (document: T) => boolean): Promise<T[]>;
  /**
   * Creates `document` unless a document `sameAs` it exists; then `merge` decides (null:
   * leave it). One read-check-write under the lock, like `update`.
   */
  createOrMerge(
    document: T,
    sameAs: (other: T) => boolean,
    merge: (existing: T) => T | null,
  ): Promise<{ readonly document: T; readonly changed: boolean }>;
  /**
   * One read-check-write of one id under the lock, absent or not: `step` sees the current
   * document (null: none) and says what to write — a document, `'delete'`, or null for
   * nothing — and what to answer.
   */
  modify<R>(id: string, step: (current: T | null) => GuardedStep<T, R>): Promise<R>;
}

export interface GuardedStep<T, R> {
  readonly write: T | 'delete' | null;
  readonly result: R;
}

export function guardedDocuments<T extends { readonly id: string }>(
  log: CollectionLog,
  lockPath: string,
  noun: string,
): GuardedDocuments<T> {
  let queue: Promise<unknown> = Promise.resolve();
  const exclusively = <R>(work: () => Promise<R>): Promise<R> => {
    const next = queue.then(() => withLock(lockPath, work));
    queue = next.catch(() => undefined);
    return next;
  };
  const current = async (id: string): Promise<T | null> =>
    ((await log.read()).get(id) as T | undefined) ?? null;

  return {
    create: (document) =>
      exclusively(async () => {
        if ((await current(document.id)) !== null)
          throw new Error(`${noun} "${document.id}" exists already`);
        await log.append([{ op: 'put', key: document.id, value: document }]);
      }),
    get: current,
    all: async () => [...(await log.read()).values()] as T[],
    update: (id, change) =>
      exclusively(async () => {
        const before = await current(id);
        if (before === null) return null;
        const after = change(before);
        if (after === null) return before;
        if (after.id !== id) throw new Error(`an update must not change the id of ${noun} "${id}"`);
        await log.append([{ op: 'put', key: id, value: after }]);
        return after;
      }),
    remove: (id) =>
      exclusively(async () => {
        if ((await current(id)) === null) return false;
        await log.append([{ op: 'delete', key: id }]);
        return true;
      }),
    async removeWhere(doomed) {
      const removed = await exclusively(async () => {
        const chosen = ([...(await log.read()).values()] as T[]).filter(doomed);
        if (chosen.length > 0)
          await log.append(chosen.map((document) => ({ op: 'delete', key: document.id })));
        return chosen;
      });
      // The deletes are stored whatever happens here: a compaction that cannot run now
      // leaves them as lines, folded away on every read, until the next one.
      if (removed.length > 0) await log.compact().catch(() => undefined);
      return removed;
    },
    modify: (id, step) =>
      exclusively(async () => {
        const before = await current(id);
        const { write, result } = step(before);
        if (write === 'delete') {
          if (before !== null) await log.append([{ op: 'delete', key: id }]);
        } else if (write !== null) {
          if (write.id !== id)
            throw new Error(`a change must not change the id of ${noun} "${id}"`);
          await log.append([{ op: 'put', key: id, value: write }]);
        }
        return result;
      }),
    createOrMerge: (document, sameAs, merge) =>
      exclusively(async () => {
        const all = [...(await log.read()).values()] as T[];
        const existing = all.find(sameAs);
        if (existing === undefined) {
          if (all.some((other) => other.id === document.id))
            throw new Error(`${noun} "${document.id}" exists already`);
          await log.append([{ op: 'put', key: document.id, value: document }]);
          return { document, changed: true };
        }
        const after = merge(existing);
        if (after === null) return { document: existing, changed: false };
        if (after.id !== existing.id)
          throw new Error(`a merge must not change the id of ${noun} "${existing.id}"`);
        await log.append([{ op: 'put', key: after.id, value: after }]);
        return { document: after, changed: true };
      }),
  };
}
