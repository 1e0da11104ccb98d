import type { PublishedTrinoRules, TrinoRulesRepository } from '../../app/store/store.ts';
import {
  assertTrinoRulesToPublish,
  decideTrinoRulesPublish,
} from '../../core/access/published-rules.ts';
import type { CollectionLog } from './collection-log.ts';
import { guardedDocuments } from './guarded-documents.ts';

const CURRENT = 'current';

interface RulesDocument extends PublishedTrinoRules {
  readonly id: string;
}

/**
 * The published Trino rules (issue 14) as one guarded document: a publish is one
 * read-check-write under `trino-rules-change.lock`, so two server processes on one
 * workspace cannot both store on one version. The log must look at its file on every
 * read (guarded-documents.ts).
 */
export function embeddedTrinoRules(log: CollectionLog, lockPath: string): TrinoRulesRepository {
  const documents = guardedDocuments<RulesDocument>(log, lockPath, 'Trino rule set');
  const strip = (document: RulesDocument): PublishedTrinoRules => {
    const { id: _id, ...rules } = document;
    return rules;
  };
  return {
    async current() {
      const found = await documents.get(CURRENT);
      return found === null ? null : strip(found);
    },
    async publish(next, expected) {
      assertTrinoRulesToPublish(next, expected);
      return documents.modify(CURRENT, (found) => {
        const { write, outcome } = decideTrinoRulesPublish(
          found === null ? null : strip(found),
          next,
          expected,
        );
        return { write: write === null ? null : { id: CURRENT, ...write }, result: outcome };
      });
    },
  };
}
