import type { OdcsPropertyRelationship, OdcsRelationship } from '../standards/odcs/index.ts';
import type { ChangeLog } from './change.ts';
import { item } from './change.ts';

/**
 * Relationships (foreign keys) tell consumers how to join. A removed one is a warning (a
 * join consumers may rely on is no longer promised); an added one is info. They have no
 * name, so they are matched by what they connect.
 */
export function diffRelationships(
  log: ChangeLog,
  path: string,
  from: readonly (OdcsRelationship | OdcsPropertyRelationship)[] | undefined,
  to: readonly (OdcsRelationship | OdcsPropertyRelationship)[] | undefined,
): void {
  const label = (r: OdcsRelationship | OdcsPropertyRelationship): string => {
    const fields = r as Readonly<Record<string, unknown>>;
    return [fields.from, fields.to]
      .filter((x) => x !== undefined)
      .map((x) => JSON.stringify(x))
      .join('→');
  };
  const before = new Set((from ?? []).map(label));
  const after = new Set((to ?? []).map(label));
  for (const key of before) {
    if (!after.has(key))
      log.element(
        item(path, key),
        'removed',
        key,
        'warning',
        'A join consumers may rely on is no longer promised.',
      );
  }
  for (const key of after) {
    if (!before.has(key)) log.element(item(path, key), 'added', key, 'info', 'A new relationship.');
  }
}
