import type { OdcsSchemaObject } from '../standards/odcs/index.ts';
import type { ChangeLog } from './change.ts';
import { field, item, recordRest } from './change.ts';
import { matchElements } from './match.ts';
import { deprecation, diffNames, diffProperties } from './properties.ts';
import { diffQuality } from './quality.ts';
import { diffRelationships } from './relationships.ts';

/**
 * The contract's `schema`: tables, views, files, topics. Matched by `id` when both
 * versions have one, else by `name`; named in paths by the old name.
 */
export function diffSchemaObjects(
  log: ChangeLog,
  path: string,
  from: readonly OdcsSchemaObject[] | undefined,
  to: readonly OdcsSchemaObject[] | undefined,
): void {
  const pairs = matchElements(
    from,
    to,
    (o) => o.id,
    (o) => o.name,
  );
  for (const { label, from: a, to: b } of pairs) {
    const at = item(path, label);
    if (!b) {
      log.element(at, 'removed', label, 'breaking', 'Consumers that read this object fail.');
    } else if (!a) {
      log.element(at, 'added', label, 'info', 'A new schema object.');
    } else {
      diffSchemaObject(log, at, a, b);
    }
  }
}

const HANDLED = new Set([
  'name',
  'physicalName',
  'physicalType',
  'properties',
  'quality',
  'relationships',
  'deprecated',
]);

function diffSchemaObject(
  log: ChangeLog,
  at: string,
  a: OdcsSchemaObject,
  b: OdcsSchemaObject,
): void {
  diffNames(log, at, a, b);
  log.record(
    field(at, 'physicalType'),
    a.physicalType,
    b.physicalType,
    'warning',
    'The kind of object changed (e.g. table → view); consumers that depend on it should check.',
  );
  diffProperties(log, field(at, 'properties'), a.properties, b.properties);
  diffQuality(log, field(at, 'quality'), a.quality, b.quality);
  diffRelationships(log, field(at, 'relationships'), a.relationships, b.relationships);
  deprecation(log, at, a.deprecated, b.deprecated);
  recordRest(log, at, a, b, HANDLED);
}
