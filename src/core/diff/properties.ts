import type { OdcsEnumValue, OdcsItemProperty, OdcsProperty } from '../standards/odcs/index.ts';
import type { ChangeLog } from './change.ts';
import { field, item, recordRest, sameJson } from './change.ts';
import { classificationChange } from './classification.ts';
import { diffTypeOptions } from './constraints.ts';
import { matchElements } from './match.ts';
import { diffQuality, diffValueSet } from './quality.ts';
import { diffRelationships } from './relationships.ts';
import { logicalTypeChange, physicalTypeChange } from './type-change.ts';

/**
 * Properties (columns, fields), recursively through `properties`, `items` and `map`.
 * Matched by `id` when both versions have one, else by `name`.
 */
export function diffProperties(
  log: ChangeLog,
  path: string,
  from: readonly OdcsProperty[] | undefined,
  to: readonly OdcsProperty[] | undefined,
): void {
  const pairs = matchElements(
    from,
    to,
    (p) => p.id,
    (p) => p.name,
  );
  for (const pair of pairs) {
    const at = item(path, pair.label);
    if (!pair.to) {
      log.element(at, 'removed', pair.label, 'breaking', 'Consumers that read it fail.');
    } else if (!pair.from) {
      const note = pair.to.required ? ' It is required: producers must supply it.' : '';
      log.element(at, 'added', pair.label, 'info', `A new property.${note}`);
    } else {
      diffProperty(log, at, pair.from, pair.to);
    }
  }
}

/** Keys compared by their own rule below; the rest is wording and metadata (info). */
const HANDLED = new Set([
  'name',
  'physicalName',
  'logicalType',
  'physicalType',
  'logicalTypeOptions',
  'required',
  'unique',
  'primaryKey',
  'primaryKeyPosition',
  'classification',
  'enum',
  'quality',
  'relationships',
  'properties',
  'items',
  'map',
  'deprecated',
]);

export function diffProperty(
  log: ChangeLog,
  at: string,
  a: OdcsItemProperty,
  b: OdcsItemProperty,
): void {
  diffNames(log, at, a, b);
  const logical = logicalTypeChange(a.logicalType, b.logicalType);
  log.record(
    field(at, 'logicalType'),
    a.logicalType,
    b.logicalType,
    logical.severity,
    logical.reason,
  );
  const physical = physicalTypeChange(a.physicalType, b.physicalType);
  log.record(
    field(at, 'physicalType'),
    a.physicalType,
    b.physicalType,
    physical.severity,
    physical.reason,
  );
  diffTypeOptions(
    log,
    field(at, 'logicalTypeOptions'),
    { from: a.logicalType, to: b.logicalType },
    a.logicalTypeOptions,
    b.logicalTypeOptions,
  );
  flag(log, field(at, 'required'), a.required, b.required, {
    on: 'Newly required: producers that leave it empty now break the contract.',
    off: 'No longer required: consumers may receive empty values.',
  });
  flag(log, field(at, 'unique'), a.unique, b.unique, {
    on: 'Now unique: data with duplicates breaks the contract.',
    off: 'No longer unique: consumers may receive duplicates.',
  });
  flag(log, field(at, 'primaryKey'), a.primaryKey, b.primaryKey, {
    on: 'Now part of the primary key: values must be present and unique.',
    off: 'No longer part of the primary key: consumers joining on it may get duplicates.',
  });
  log.record(
    field(at, 'primaryKeyPosition'),
    a.primaryKeyPosition,
    b.primaryKeyPosition,
    'warning',
    'The key order changed; consumers joining on the key should check.',
  );
  const classification = classificationChange(a.classification, b.classification);
  log.record(
    field(at, 'classification'),
    a.classification,
    b.classification,
    classification.severity,
    classification.reason,
  );
  diffEnum(log, field(at, 'enum'), a.enum, b.enum);
  diffQuality(log, field(at, 'quality'), a.quality, b.quality);
  diffRelationships(log, field(at, 'relationships'), a.relationships, b.relationships);
  diffProperties(log, field(at, 'properties'), a.properties, b.properties);
  diffNested(log, field(at, 'items'), a.items, b.items);
  diffNested(log, field(field(at, 'map'), 'key'), a.map?.key, b.map?.key);
  diffNested(log, field(field(at, 'map'), 'value'), a.map?.value, b.map?.value);
  deprecation(log, at, a.deprecated, b.deprecated);
  recordRest(log, at, a, b, HANDLED);
}

/** ODCS v3.2 `enum`: the allowed values, compared as a set (labels are wording). */
function diffEnum(
  log: ChangeLog,
  at: string,
  a: readonly OdcsEnumValue[] | undefined,
  b: readonly OdcsEnumValue[] | undefined,
): void {
  const before = a?.map((e) => e.value);
  const after = b?.map((e) => e.value);
  if (before && after) diffValueSet(log, at, before, after);
  else if (after)
    log.record(at, undefined, after, 'breaking', 'Only the listed values are allowed now.');
  else if (before) log.record(at, before, undefined, 'warning', 'Any value is allowed now.');
  if (!a || !b) return;
  // Labels and descriptions of the values both versions allow: wording.
  const kept = new Set(a.map((e) => JSON.stringify(e.value)));
  const shared = (list: readonly OdcsEnumValue[]): unknown =>
    list.filter(
      (e) => kept.has(JSON.stringify(e.value)) && b.some((f) => sameJson(f.value, e.value)),
    );
  log.record(at, shared(a), shared(b), 'info', 'Labels or descriptions of allowed values changed.');
}

function diffNested(
  log: ChangeLog,
  at: string,
  a: OdcsItemProperty | undefined,
  b: OdcsItemProperty | undefined,
): void {
  if (a && b) diffProperty(log, at, a, b);
  else if (a)
    log.element(at, 'removed', a.name ?? 'items', 'breaking', 'Consumers that read it fail.');
  else if (b) log.element(at, 'added', b.name ?? 'items', 'info', 'Newly described.');
}

/**
 * A rename (matched by id) changes what consumers query unless a `physicalName` that
 * stays the same keeps the column's name: the effective physical name is what counts.
 */
export function diffNames(
  log: ChangeLog,
  at: string,
  a: { readonly name?: string; readonly physicalName?: string },
  b: { readonly name?: string; readonly physicalName?: string },
): void {
  const physicalBefore = a.physicalName ?? a.name;
  const physicalAfter = b.physicalName ?? b.name;
  const moved = physicalBefore !== physicalAfter;
  const renamedOnly = a.physicalName === undefined && b.physicalName === undefined;
  log.record(
    field(at, 'name'),
    a.name,
    b.name,
    moved && renamedOnly ? 'breaking' : 'info',
    moved && renamedOnly
      ? 'Renamed: the name is also the physical name, so consumers querying the old name fail.'
      : 'Renamed; the physical name stays, so queries keep working.',
  );
  log.record(
    field(at, 'physicalName'),
    a.physicalName,
    b.physicalName,
    moved ? 'breaking' : 'info',
    moved
      ? `The physical name changed (${String(physicalBefore)} → ${String(physicalAfter)}): consumers querying the old name fail.`
      : 'The physical name is the same as before.',
  );
}

function flag(
  log: ChangeLog,
  at: string,
  a: boolean | undefined,
  b: boolean | undefined,
  reasons: { readonly on: string; readonly off: string },
): void {
  if ((a ?? false) === (b ?? false)) {
    log.record(at, a, b, 'info', 'The same setting (false is the default).');
    return;
  }
  if (b === true) log.record(at, a, b, 'breaking', reasons.on);
  else log.record(at, a, b, 'warning', reasons.off);
}

export function deprecation(
  log: ChangeLog,
  at: string,
  a: boolean | undefined,
  b: boolean | undefined,
): void {
  const now = b === true && a !== true;
  log.record(
    field(at, 'deprecated'),
    a,
    b,
    now ? 'warning' : 'info',
    now ? 'Deprecated: consumers should move away before it is removed.' : 'No longer deprecated.',
  );
}
