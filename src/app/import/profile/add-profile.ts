import { Document, isMap, isSeq, parseDocument } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { ColumnProfile, TableProfile } from '../../../core/import/profile.ts';
import { MeshworkError } from '../../errors.ts';
import { patternIsGeneral } from './infer-pattern.ts';
import { MIN_ROWS_FOR_VALUES } from './profile-options.ts';

/** The measured facts: on each schema object (`rows`, `profiledAt`) and each property. */
export const PROFILE_PROPERTY = 'meshworkProfile';
/** ODCS-shaped quality items the data would pass today — not checked until moved to `quality`. */
export const SUGGESTED_QUALITY_PROPERTY = 'meshworkSuggestedQuality';
/** `meshwork scan`'s verdict — not a classification until a person sets one. */
export const SUGGESTED_PERSONAL_DATA_PROPERTY = 'meshworkSuggestedPersonalData';

const SUGGESTION =
  'Suggested from the data by meshwork import --profile; not checked until moved into quality.';

/**
 * Writes tables' profiles into a source contract as suggestions, never as promises: the
 * facts and the suggested rules go into `customProperties` (which `meshwork test` does not
 * check), so the contract validates and its tests pass exactly as before; a person accepts
 * a suggestion by moving it (docs/import.md, "Profiling"). Runs again replace the earlier
 * entries of the same names; everything else in the contract — comments included, for
 * YAML text — is kept.
 *
 * A schema object is matched to a profile by its `physicalName` (else `name`), a property
 * to a column likewise. A property whose column was suggested as personal data gets no
 * values, no range and no pattern, whatever the profile holds; a table of fewer than
 * MIN_ROWS_FOR_VALUES rows gets no values and no range for any column, and a pattern that
 * spells data (patternIsGeneral) is not written (profileSystem already left them out: this
 * is the second wall).
 */
export function addProfile(contract: string, profiles: readonly TableProfile[]): string;
export function addProfile(
  contract: Record<string, unknown>,
  profiles: readonly TableProfile[],
): Record<string, unknown>;
export function addProfile(
  contract: string | Record<string, unknown>,
  profiles: readonly TableProfile[],
): string | Record<string, unknown> {
  if (typeof contract === 'string') {
    const doc = parseDocument(contract);
    if (doc.errors.length > 0)
      throw new MeshworkError(
        'invalid-input',
        `the contract is not valid YAML: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`,
      );
    applyProfiles(doc, profiles);
    return doc.toString({ lineWidth: 0 });
  }
  const doc = new Document(contract);
  applyProfiles(doc, profiles);
  return doc.toJS() as Record<string, unknown>;
}

function applyProfiles(doc: Document, profiles: readonly TableProfile[]): void {
  const schema = doc.get('schema');
  if (!isSeq(schema)) return;
  for (const object of schema.items) {
    if (!isMap(object)) continue;
    const profile = byName(profiles, object, (p) => p.table);
    if (profile === undefined) continue;
    setCustomProperty(doc, object, PROFILE_PROPERTY, {
      rows: profile.rows,
      profiledAt: profile.profiledAt,
    });
    setCustomProperty(
      doc,
      object,
      SUGGESTED_QUALITY_PROPERTY,
      profile.rows > 0
        ? [{ type: 'library', metric: 'rowCount', mustBeGreaterThan: 0, description: SUGGESTION }]
        : undefined,
    );
    const properties = object.get('properties');
    if (!isSeq(properties)) continue;
    for (const property of properties.items) {
      if (!isMap(property)) continue;
      const column = byName(profile.columns, property, (c) => c.column);
      if (column === undefined) continue;
      const required = property.get('required') === true || property.get('primaryKey') === true;
      const unique = property.get('unique') === true || property.get('primaryKey') === true;
      const shown = disclosable(column, profile.rows);
      setCustomProperty(doc, property, PROFILE_PROPERTY, facts(column, shown));
      const quality = suggestedQuality(column, profile.rows, shown, { required, unique });
      setCustomProperty(
        doc,
        property,
        SUGGESTED_QUALITY_PROPERTY,
        quality.length > 0 ? quality : undefined,
      );
      setCustomProperty(
        doc,
        property,
        SUGGESTED_PERSONAL_DATA_PROPERTY,
        column.personalData === undefined
          ? undefined
          : {
              category: column.personalData.category,
              confidence: round(column.personalData.confidence),
            },
      );
    }
  }
}

function byName<T>(list: readonly T[], node: YAMLMap, nameOf: (item: T) => string): T | undefined {
  const physical = node.get('physicalName');
  const name = node.get('name');
  const wanted = typeof physical === 'string' ? physical : typeof name === 'string' ? name : null;
  return wanted === null ? undefined : list.find((item) => nameOf(item) === wanted);
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

interface Disclosable {
  /** Values of rows (enumeration, range): not for personal columns nor tables under k rows. */
  readonly values: boolean;
  /** The pattern: not for personal columns, and only one that spells no data. */
  readonly pattern: boolean;
}

function disclosable(column: ColumnProfile, rows: number): Disclosable {
  const personal = column.personalData !== undefined;
  return {
    values: !personal && rows >= MIN_ROWS_FOR_VALUES,
    pattern: !personal && column.pattern !== undefined && patternIsGeneral(column.pattern),
  };
}

/** The facts worth a reader's time, without values of personal columns or of few rows. */
function facts(column: ColumnProfile, shown: Disclosable): Record<string, unknown> {
  return {
    nullShare: round(column.nullShare),
    ...(column.distinctExact ? { distinct: column.distinct } : {}),
    ...(!shown.values || column.min === undefined ? {} : { min: column.min }),
    ...(!shown.values || column.max === undefined ? {} : { max: column.max }),
    ...(column.minLength === undefined ? {} : { minLength: column.minLength }),
    ...(column.maxLength === undefined ? {} : { maxLength: column.maxLength }),
    ...(!shown.values || column.values === undefined ? {} : { values: [...column.values] }),
    ...(!shown.pattern || column.pattern === undefined ? {} : { pattern: column.pattern }),
  };
}

/** The rules the data passes today, in the shape ODCS `quality` items have. */
function suggestedQuality(
  column: ColumnProfile,
  rows: number,
  shown: Disclosable,
  declared: { readonly required: boolean; readonly unique: boolean },
): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  const item = (fields: Record<string, unknown>): void => {
    items.push({ type: 'library', ...fields, mustBe: 0, description: SUGGESTION });
  };
  if (rows > 0 && column.nullShare === 0 && !declared.required) item({ metric: 'nullValues' });
  const nonNull = Math.round(rows * (1 - column.nullShare));
  if (rows > 1 && column.distinctExact && column.distinct === nonNull && !declared.unique)
    item({ metric: 'duplicateValues' });
  if (shown.values && column.values !== undefined)
    item({ metric: 'invalidValues', arguments: { validValues: [...column.values] } });
  if (shown.pattern && column.pattern !== undefined)
    item({ metric: 'invalidValues', arguments: { pattern: column.pattern } });
  return items;
}

/**
 * Sets (or, with `undefined`, removes) one `customProperties` entry of an ODCS element,
 * leaving the other entries as they are.
 */
function setCustomProperty(doc: Document, holder: YAMLMap, name: string, value: unknown): void {
  let list = holder.get('customProperties');
  if (list !== undefined && !isSeq(list)) return;
  if (list === undefined) {
    if (value === undefined) return;
    list = doc.createNode([]);
    holder.set('customProperties', list);
  }
  if (!isSeq(list)) return;
  const at = list.items.findIndex((entry) => isMap(entry) && entry.get('property') === name);
  if (value === undefined) {
    if (at >= 0) list.items.splice(at, 1);
    if (list.items.length === 0) holder.delete('customProperties');
    return;
  }
  const entry = doc.createNode({ property: name, value });
  if (at >= 0) list.items[at] = entry;
  else list.items.push(entry);
}
