import { randomUUID } from 'node:crypto';
import type { Scorecard } from '../../core/governance/index.ts';
import type { StoreAccess } from '../store/store-access.ts';

/** Where scorecards are kept per run, so trends can be shown. */
export interface ScorecardHistory {
  append(card: Scorecard): Promise<void>;
  /** Every recorded scorecard, oldest first. */
  list(): Promise<Scorecard[]>;
}

/**
 * Scorecards in the store the caller gives: the workspace's (`runtime/`
 * `workspaceScorecardHistory`) — the same store a server on the workspace reads.
 */
export function createStoreScorecardHistory(store: StoreAccess): ScorecardHistory {
  return {
    append: (card) =>
      store((s) => s.scorecards.record({ id: randomUUID(), recordedAt: card.at, scorecard: card })),
    list: () =>
      store(async (s) => {
        const cards: Scorecard[] = [];
        let page = await s.scorecards.list({ limit: 500 });
        for (;;) {
          cards.push(...page.items.map((entry) => entry.scorecard));
          if (page.next === null) return cards;
          page = await s.scorecards.list({ limit: 500, cursor: page.next });
        }
      }),
  };
}
