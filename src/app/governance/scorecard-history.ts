import { randomUUID } from 'node:crypto';
import type { Scorecard } from '../../core/governance/index.ts';
import { withStore } from '../store/open-store.ts';
import type { OpenStoreOptions } from '../store/open-store.ts';

/** Where scorecards are kept per run, so trends can be shown. */
export interface ScorecardHistory {
  append(card: Scorecard): Promise<void>;
  /** Every recorded scorecard, oldest first. */
  list(): Promise<Scorecard[]>;
}

/**
 * Scorecards in the workspace's store: embedded in `<mesh root>/.meshwork/store/`, or
 * PostgreSQL with `MESHWORK_DATABASE_URL` — the same store a server on the workspace reads.
 */
export function createStoreScorecardHistory(options: OpenStoreOptions): ScorecardHistory {
  return {
    append: (card) =>
      withStore(options, (store) =>
        store.scorecards.record({ id: randomUUID(), recordedAt: card.at, scorecard: card }),
      ),
    list: () =>
      withStore(options, async (store) => {
        const cards: Scorecard[] = [];
        let page = await store.scorecards.list({ limit: 500 });
        for (;;) {
          cards.push(...page.items.map((entry) => entry.scorecard));
          if (page.next === null) return cards;
          page = await store.scorecards.list({ limit: 500, cursor: page.next });
        }
      }),
  };
}
