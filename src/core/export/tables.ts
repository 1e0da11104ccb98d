import type { OdcsProperty, OdcsSchemaObject } from '../standards/odcs/index.ts';
import type { ExportContract, ExportInput, ExportNote } from './export-model.ts';
import type { ResolvedEnd } from './references.ts';
import { physicalNameOf, resolveEnd } from './references.ts';

/**
 * The contracts to export as tables: what every relational format (DDL, dbt, DCS, Mermaid,
 * the docs) reads, so a key or a foreign key is found the same way in all of them.
 */
export interface ExportTable {
  readonly entry: ExportContract;
  readonly object: OdcsSchemaObject;
  /** The name in the data (`physicalName`, else `name`). */
  readonly name: string;
  readonly columns: readonly ExportColumn[];
  /** Column names in `primaryKeyPosition` order. */
  readonly primaryKey: readonly string[];
  /**
   * Unique keys: single `unique` columns, and multi-column ones from an object-level
   * `duplicateValues` rule over `arguments.properties` that must be 0 (how ODCS states a
   * composite unique key).
   */
  readonly uniqueKeys: readonly (readonly string[])[];
  readonly foreignKeys: readonly ExportForeignKey[];
}

export interface ExportColumn {
  /** The name in the data. */
  readonly name: string;
  readonly property: OdcsProperty;
  /** `required`, or part of the primary key. */
  readonly required: boolean;
}

export interface ExportForeignKey {
  /** The references as written, for comments and notes. */
  readonly reference: string;
  readonly columns: readonly string[];
  /** Undefined when an end could not be resolved. */
  readonly target?: ForeignKeyTarget;
}

export interface ForeignKeyTarget {
  readonly table: string;
  readonly columns: readonly string[];
  /** The contract of the referenced object (its id), for formats that name sources. */
  readonly entry: ExportContract;
  readonly object: OdcsSchemaObject;
  /** The referenced table is one of the exported ones. */
  readonly inExport: boolean;
  /** The referenced columns are the target's primary key or one of its unique keys. */
  readonly isKey: boolean;
}

export interface TableSet {
  readonly tables: readonly ExportTable[];
  readonly notes: readonly ExportNote[];
}

export function exportTables(input: ExportInput): TableSet {
  const all = [...input.contracts, ...input.related];
  const notes: ExportNote[] = [];
  const tables: ExportTable[] = [];
  for (const entry of input.contracts) {
    for (const object of entry.contract.schema ?? []) {
      tables.push(tableOf(entry, object, all, input.contracts, notes));
    }
  }
  return { tables, notes };
}

function tableOf(
  entry: ExportContract,
  object: OdcsSchemaObject,
  all: readonly ExportContract[],
  exported: readonly ExportContract[],
  notes: ExportNote[],
): ExportTable {
  const properties = object.properties ?? [];
  const columns = properties.map((property) => ({
    name: physicalNameOf(property),
    property,
    required: property.required === true || property.primaryKey === true,
  }));
  const primaryKey = keyOrder(properties);
  const uniqueKeys = [
    ...properties
      .filter((p) => p.unique === true && p.primaryKey !== true)
      .map((p) => [physicalNameOf(p)]),
    ...compositeUniqueKeys(object),
  ];
  const foreignKeys: ExportForeignKey[] = [];
  const end = (reference: string): ResolvedEnd | undefined => {
    const found = resolveEnd(reference, entry, all);
    if (!found) {
      notes.push({
        code: 'reference-unresolved',
        message: `${entry.path}: the relationship end ${reference} names no table column that could be read; its foreign key is left out.`,
      });
    }
    return found;
  };
  const add = (from: readonly string[], to: readonly string[]): void => {
    const ends = to.map(end);
    const reference = to.join(', ');
    if (ends.some((e) => e === undefined) || ends.length === 0) {
      foreignKeys.push({ reference, columns: from });
      return;
    }
    const resolved = ends as ResolvedEnd[];
    const first = resolved[0]!;
    if (resolved.some((e) => e.object !== first.object)) {
      notes.push({
        code: 'reference-unresolved',
        message: `${entry.path}: the composite key ${reference} points into more than one table; its foreign key is left out.`,
      });
      foreignKeys.push({ reference, columns: from });
      return;
    }
    const targetColumns = resolved.map((e) => physicalNameOf(e.property));
    foreignKeys.push({
      reference,
      columns: from,
      target: {
        table: physicalNameOf(first.object),
        columns: targetColumns,
        entry: first.entry,
        object: first.object,
        inExport: exported.includes(first.entry),
        isKey: isKeyOf(first.object, targetColumns),
      },
    });
  };
  for (const property of properties) {
    for (const relationship of property.relationships ?? []) {
      const to = listOf(relationship.to);
      if (to.length !== 1) continue;
      add([physicalNameOf(property)], to);
    }
  }
  for (const relationship of object.relationships ?? []) {
    const from = listOf(relationship.from);
    const to = listOf(relationship.to);
    if (from.length !== to.length || from.length === 0) continue;
    const fromEnds = from.map((ref) => resolveEnd(ref, entry, all));
    if (fromEnds.some((e) => e === undefined || e.object !== object)) {
      notes.push({
        code: 'reference-unresolved',
        message: `${entry.path}: the relationship from ${from.join(', ')} does not start in ${physicalNameOf(object)}; its foreign key is left out.`,
      });
      continue;
    }
    add(
      (fromEnds as ResolvedEnd[]).map((e) => physicalNameOf(e.property)),
      to,
    );
  }
  return {
    entry,
    object,
    name: physicalNameOf(object),
    columns,
    primaryKey,
    uniqueKeys,
    foreignKeys,
  };
}

function listOf(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

function keyOrder(properties: readonly OdcsProperty[]): string[] {
  return properties
    .map((p, index) => ({ p, index }))
    .filter(({ p }) => p.primaryKey === true)
    .sort(
      (a, b) =>
        (a.p.primaryKeyPosition ?? Number.MAX_SAFE_INTEGER) -
          (b.p.primaryKeyPosition ?? Number.MAX_SAFE_INTEGER) || a.index - b.index,
    )
    .map(({ p }) => physicalNameOf(p));
}

/** `duplicateValues` over several properties that must be 0: a composite unique key. */
function compositeUniqueKeys(object: OdcsSchemaObject): string[][] {
  const byName = new Map((object.properties ?? []).map((p) => [p.name, physicalNameOf(p)]));
  const keys: string[][] = [];
  for (const rule of object.quality ?? []) {
    const record = rule as Readonly<Record<string, unknown>>;
    if (record.metric !== 'duplicateValues' || record.mustBe !== 0) continue;
    const args = record.arguments as Readonly<Record<string, unknown>> | undefined;
    const names = args?.properties;
    if (!Array.isArray(names) || names.length < 2) continue;
    const columns = names.map((n) => (typeof n === 'string' ? byName.get(n) : undefined));
    if (columns.every((c): c is string => c !== undefined)) keys.push(columns);
  }
  return keys;
}

function isKeyOf(object: OdcsSchemaObject, columns: readonly string[]): boolean {
  const properties = object.properties ?? [];
  const same = (key: readonly string[]) =>
    key.length === columns.length && key.every((c) => columns.includes(c));
  if (same(keyOrder(properties))) return true;
  if (columns.length === 1) {
    const property = properties.find((p) => physicalNameOf(p) === columns[0]);
    if (property?.unique === true) return true;
  }
  return compositeUniqueKeys(object).some(same);
}
