import type { AdoptionRepository } from '../../app/store/store.ts';
import type { AdoptionSnapshot } from '../../core/adoption/adoption-model.ts';
import { replacesSnapshot } from '../../core/adoption/adoption-model.ts';
import { pageByKey } from '../paging.ts';
import type { CollectionLog } from './collection-log.ts';
import { guardedDocuments } from './guarded-documents.ts';

type Stored = AdoptionSnapshot & { readonly id: string };

/**
 * `store.adoption` in the embedded store: one document per day (keyed by the day) in
 * `adoption.jsonl`. `record` is a read-check-write — a backfill must not replace a day
 * measured meanwhile — so it runs under `adoption-change.lock` like the other guarded
 * documents. A few hundred small documents a year: listing folds and sorts them all.
 */
export function embeddedAdoption(log: CollectionLog, lockPath: string): AdoptionRepository {
  const documents = guardedDocuments<Stored>(log, lockPath, 'adoption snapshot');
  const byDay = async (): Promise<AdoptionSnapshot[]> =>
    (await documents.all())
      .map(({ id: _id, ...snapshot }) => snapshot)
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  return {
    async record(snapshot) {
      const stored = await documents.createOrMerge(
        { ...snapshot, id: snapshot.day },
        (other) => other.id === snapshot.day,
        (existing) =>
          replacesSnapshot(existing, snapshot) ? { ...snapshot, id: existing.id } : null,
      );
      return stored.changed;
    },
    async list(filter) {
      const matching = (await byDay()).filter(
        (s) =>
          (filter.from === undefined || s.day >= filter.from) &&
          (filter.to === undefined || s.day <= filter.to),
      );
      return pageByKey(matching, (s) => s.day, filter);
    },
    async latestBefore(day) {
      const earlier = (await byDay()).filter((s) => day === undefined || s.day < day);
      return earlier[earlier.length - 1] ?? null;
    },
  };
}
