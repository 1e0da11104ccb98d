import { hidesValues, isPersonalData } from '../privacy/index.ts';
import type { OdcsContract, OdcsProperty, OdcsSchemaObject } from '../standards/odcs/index.ts';
import type { CheckKind, ColumnRef, PlannedCheck } from './check.ts';
import { secondsPerUnit } from './formats.ts';
import { columnOf, planPropertyChecks } from './plan-property.ts';
import { planQualityRules } from './plan-quality.ts';
import { ZERO } from './threshold.ts';

/** The checks of one schema object, with what the engine needs to read and sample it. */
export interface ObjectPlan {
  readonly schema: string;
  /** The table or file name in the data: `physicalName`, else `name`. */
  readonly physicalName: string;
  readonly columns: readonly ColumnRef[];
  /**
   * Columns that name a row in samples: the primary key in key order, else the first
   * unique column — never personal data; empty when there is no such key.
   */
  readonly keyColumns: readonly string[];
  /** Columns never shown in samples: personal or confidential by the rule of `core/privacy`. */
  readonly hiddenColumns: ReadonlySet<string>;
  /** Of the hidden columns, those hidden for confidentiality alone (not personal data). */
  readonly confidentialColumns: ReadonlySet<string>;
  readonly checks: readonly PlannedCheck[];
}

export interface ContractPlan {
  readonly objects: readonly ObjectPlan[];
  /** Contract-wide checks (SLA); their measures name the object they read. */
  readonly contractChecks: readonly PlannedCheck[];
}

/**
 * Personal data or confidential by the one rule of `core/privacy`: its values never appear
 * in samples.
 */
export function isHidden(property: OdcsProperty): boolean {
  return hidesValues(property);
}

/**
 * Every check a contract asks for, planned without touching data. `schema` narrows the
 * plan to one schema object (its relationships and the SLA checks on it included).
 */
export function planContractChecks(contract: OdcsContract, schema?: string): ContractPlan {
  const objects = (contract.schema ?? [])
    .filter((object) => schema === undefined || object.name === schema)
    .map((object) => planObject(object, contract.schema ?? []));
  const names = new Set(objects.map((object) => object.schema));
  const contractChecks = planSla(contract).filter(
    (check) => check.measure.type !== 'age' || names.has(check.measure.object),
  );
  return { objects, contractChecks };
}

function planObject(object: OdcsSchemaObject, objects: readonly OdcsSchemaObject[]): ObjectPlan {
  const properties = object.properties ?? [];
  const checks: PlannedCheck[] = [];
  for (const property of properties) {
    checks.push(...planPropertyChecks(object.name, property));
    checks.push(...planQualityRules(object.name, property, properties, property.quality ?? []));
  }
  const key = properties
    .filter((property) => property.primaryKey === true)
    .map((property, index) => ({ property, position: property.primaryKeyPosition ?? index + 1 }))
    .sort((a, b) => a.position - b.position)
    .map(({ property }) => columnOf(property));
  if (key.length > 0) {
    checks.push({
      id: `${object.name}.primaryKey`,
      schema: object.name,
      property: key.length === 1 ? key[0]!.property : null,
      kind: 'primaryKey',
      severity: 'error',
      measure: { type: 'primaryKey', columns: key },
      threshold: ZERO,
      unit: 'rows',
      describe: `(${key.map((c) => c.property).join(', ')}) must be unique and not null`,
    });
  }
  checks.push(...planRelationships(object, properties, objects));
  checks.push(...planQualityRules(object.name, undefined, properties, object.quality ?? []));
  return {
    schema: object.name,
    physicalName: object.physicalName ?? object.name,
    columns: properties.map(columnOf),
    keyColumns: sampleKey(properties, key),
    hiddenColumns: new Set(properties.filter(isHidden).map((p) => p.physicalName ?? p.name)),
    confidentialColumns: new Set(
      properties
        .filter((p) => isHidden(p) && !isPersonalData(p))
        .map((p) => p.physicalName ?? p.name),
    ),
    checks,
  };
}

/**
 * The key samples show instead of hidden values: the primary key, unless a part of it is
 * hidden itself (then it cannot be shown), else the first unique column that is not.
 */
function sampleKey(
  properties: readonly OdcsProperty[],
  primaryKey: readonly ColumnRef[],
): string[] {
  const personal = new Set(properties.filter(isHidden).map((p) => columnOf(p).column));
  if (primaryKey.length > 0 && primaryKey.every((c) => !personal.has(c.column)))
    return primaryKey.map((c) => c.column);
  const unique = properties.find((p) => p.unique === true && !isHidden(p));
  return unique ? [columnOf(unique).column] : [];
}

/** `object.property` (shorthand) → [object, property]. */
function splitReference(reference: string): [string, string] | undefined {
  const dot = reference.lastIndexOf('.');
  if (dot <= 0 || reference.includes('/')) return undefined;
  return [reference.slice(0, dot), reference.slice(dot + 1)];
}

const QUALIFIED = /^(?:([^#]+)#)?\/?schema\/([^/]+)\/properties\/([^/]+)$/;

/**
 * A relationship target: the shorthand `object.property`, or the qualified
 * `[file.odcs.yaml#]/schema/<object>/properties/<property>` (ids or names; the file is
 * relative to the contract). Without a file, ids are resolved against this contract.
 */
function parseTarget(
  reference: string,
  objects: readonly OdcsSchemaObject[],
): { file: string | undefined; object: string; property: string } | undefined {
  const short = splitReference(reference);
  if (short) return { file: undefined, object: short[0], property: short[1] };
  const match = QUALIFIED.exec(reference);
  if (!match) return undefined;
  const [, file, objectKey, propertyKey] = match as unknown as [
    string,
    string | undefined,
    string,
    string,
  ];
  if (file !== undefined) return { file, object: objectKey, property: propertyKey };
  const object = objects.find((o) => o.id === objectKey || o.name === objectKey);
  const property = object?.properties?.find((p) => p.id === propertyKey || p.name === propertyKey);
  return { file, object: object?.name ?? objectKey, property: property?.name ?? propertyKey };
}

function planRelationships(
  object: OdcsSchemaObject,
  properties: readonly OdcsProperty[],
  objects: readonly OdcsSchemaObject[],
): PlannedCheck[] {
  const checks: PlannedCheck[] = [];
  const columnByName = (name: string): ColumnRef => {
    const property = properties.find((p) => p.name === name);
    return property
      ? columnOf(property)
      : { property: name, column: name, logicalType: undefined, format: undefined };
  };
  const add = (from: readonly string[], to: readonly string[], id: string): void => {
    const targets = to.map((reference) => parseTarget(reference, objects));
    const first = targets[0];
    const complete =
      first !== undefined &&
      targets.every((t) => t !== undefined && t.object === first.object && t.file === first.file);
    checks.push({
      id,
      schema: object.name,
      property: from.length === 1 ? from[0]! : null,
      kind: 'relationship',
      severity: 'error',
      measure:
        complete && from.length === to.length
          ? {
              type: 'relationship',
              from: from.map(columnByName),
              toObject: first.object,
              toColumns: targets.map((t) => t!.property),
              toContract: first.file,
            }
          : { type: 'unsupported', reason: `cannot resolve the reference ${to.join(', ')}` },
      threshold: ZERO,
      unit: 'rows',
      describe: `must reference ${to.join(', ')}`,
    });
  };
  const list = (value: string | readonly string[]): readonly string[] =>
    typeof value === 'string' ? [value] : value;
  for (const property of properties) {
    (property.relationships ?? []).forEach((relationship, index) => {
      add(
        [property.name],
        list(relationship.to),
        `${object.name}.${property.name}.relationship[${index}]`,
      );
    });
  }
  (object.relationships ?? []).forEach((relationship, index) => {
    if (relationship.from === undefined) return;
    const from = list(relationship.from).map((ref) => splitReference(ref)?.[1] ?? ref);
    add(from, list(relationship.to), `${object.name}.relationship[${index}]`);
  });
  return checks;
}

/**
 * The check an SLA property is measured by: `latency` (and its alias `freshness`),
 * `retention`, `frequency`; undefined for the others. The catalog's freshness asks this too.
 */
export function slaCheckKind(property: string): CheckKind | undefined {
  const name = property.trim().toLowerCase();
  if (name === 'latency' || name === 'freshness') return 'latency';
  if (name === 'retention' || name === 'frequency') return name;
  return undefined;
}

/** An SLA's amount as the checks read it: a number, or a string holding one. */
export function slaAmount(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

function planSla(contract: OdcsContract): PlannedCheck[] {
  const checks: PlannedCheck[] = [];
  (contract.slaProperties ?? []).forEach((sla, index) => {
    const kind = slaCheckKind(sla.property);
    if (kind === undefined) return;
    const element = (sla.element ?? contract.slaDefaultElement ?? '').split(',')[0]?.trim();
    // Without an element the SLA describes a promise, not a property of the data.
    if (!element) return;
    const reference = element ? splitReference(element) : undefined;
    const perUnit = secondsPerUnit(sla.unit);
    const amount = slaAmount(sla.value);
    const base = {
      id: sla.id ?? `sla[${index}].${kind}`,
      schema: null,
      property: null,
      kind,
      severity: 'error' as const,
      unit: 'rows' as const,
      describe: `${kind} ≤ ${String(sla.value)} ${sla.unit ?? 'd'}`,
    };
    if (!reference || perUnit === undefined || !Number.isFinite(amount)) {
      checks.push({
        ...base,
        measure: { type: 'unsupported', reason: 'needs element (object.property), value and unit' },
        threshold: ZERO,
      });
      return;
    }
    const limitSeconds = amount * perUnit;
    checks.push({
      ...base,
      measure: {
        type: 'age',
        object: reference[0],
        column: reference[1],
        of: kind === 'latency' ? 'newest' : kind === 'retention' ? 'oldest' : 'gap',
        limitSeconds,
      },
      threshold: { operator: 'mustBeLessOrEqualTo', value: limitSeconds },
    });
  });
  return checks;
}
