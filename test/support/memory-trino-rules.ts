/* eslint-disable @typescript-eslint/require-await -- in memory, every answer is immediate; the interface is async for the real stores */
import type { PublishedTrinoRules, TrinoRulesRepository } from '../../src/app/store/store.ts';
import {
  assertTrinoRulesToPublish,
  decideTrinoRulesPublish,
} from '../../src/core/access/published-rules.ts';

/** The published Trino rules in memory; publish runs without an await, so atomically. */
export function memoryTrinoRules(): TrinoRulesRepository {
  let current: PublishedTrinoRules | null = null;
  return {
    async current() {
      return current;
    },
    async publish(next, expected) {
      assertTrinoRulesToPublish(next, expected);
      const { write, outcome } = decideTrinoRulesPublish(current, next, expected);
      if (write !== null) current = write;
      return outcome;
    },
  };
}
