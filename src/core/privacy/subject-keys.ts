/**
 * Which columns identify a data subject (GDPR Art. 15, 17): what `meshwork dsr` searches,
 * exports and erases by. Declared in the contract, within ODCS, as custom properties
 * (docs/privacy.md "Declaring data subjects"):
 *
 * ```yaml
 * schema:
 *   - name: customers
 *     customProperties:
 *       - property: meshworkDataSubjects      # categories of data subjects (Art. 30(1)(c))
 *         value: [customers]
 *     properties:
 *       - name: email
 *         customProperties:
 *           - property: meshworkSubjectKey    # this column identifies a person by …
 *             value: email                    # … the identifier kind `--subject email=…` names
 * ```
 *
 * A kind is a kebab-case name chosen by the mesh (`email`, `customer-id`,
 * `customer-number`); the same kind in two contracts means the same identifier, which is
 * how a person found by e-mail in one product is followed by customer number into others.
 * `meshworkDataSubjects` may also sit on the contract's top level (for all its objects).
 */
import { asList, asObject, customProperty } from '../json/loose.ts';

export const SUBJECT_KEY_PROPERTY = 'meshworkSubjectKey';
export const DATA_SUBJECTS_PROPERTY = 'meshworkDataSubjects';

const KIND = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A column of a contract that identifies a data subject. */
export interface SubjectKeyColumn {
  /** The schema object's `name` in the contract. */
  readonly object: string;
  /** Its name in the data: `physicalName`, else `name`. */
  readonly physicalObject: string;
  /** The property's `name`. */
  readonly property: string;
  /** Its column in the data: `physicalName`, else `name`. */
  readonly physicalColumn: string;
  /** The identifier kind, e.g. `email`. */
  readonly kind: string;
}

/** A subject as asked for on the command line: `email=anna@example.com`. */
export interface SubjectIdentifier {
  readonly kind: string;
  readonly value: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function isSubjectKind(value: string): boolean {
  return KIND.test(value);
}

/**
 * The subject-key columns of a contract (read loosely: malformed entries read as absent;
 * `meshwork validate` reports them). One column may carry one kind.
 */
export function subjectKeysOf(contract: unknown): SubjectKeyColumn[] {
  const keys: SubjectKeyColumn[] = [];
  for (const rawObject of asList(asObject(contract)?.schema)) {
    const object = asObject(rawObject);
    const objectName = text(object?.name);
    if (!object || objectName === undefined) continue;
    for (const rawProperty of asList(object.properties)) {
      const property = asObject(rawProperty);
      const name = text(property?.name);
      const kind = customProperty(property, SUBJECT_KEY_PROPERTY);
      if (!property || name === undefined || typeof kind !== 'string' || !isSubjectKind(kind))
        continue;
      keys.push({
        object: objectName,
        physicalObject: text(object.physicalName) ?? objectName,
        property: name,
        physicalColumn: text(property.physicalName) ?? name,
        kind,
      });
    }
  }
  return keys;
}

/**
 * The categories of data subjects a contract declares (Art. 30(1)(c)): its own
 * `meshworkDataSubjects` and its objects', each a string or a list of strings, deduplicated
 * in order. Empty when it declares none (a gap for the record, never invented).
 */
export function dataSubjectCategoriesOf(contract: unknown): string[] {
  const holders = [contract, ...asList(asObject(contract)?.schema)];
  const categories: string[] = [];
  for (const holder of holders) {
    const value = customProperty(holder, DATA_SUBJECTS_PROPERTY);
    for (const item of typeof value === 'string' ? [value] : asList(value)) {
      const category = text(item);
      if (category !== undefined && !categories.includes(category)) categories.push(category);
    }
  }
  return categories;
}

/**
 * The form every engine compares identifiers in: plain spaces (U+0020) trimmed, lower-case
 * (e-mail addresses, customer numbers). Only spaces: JavaScript's trim also strips tabs
 * and no-break spaces, DuckDB's no-break spaces but not tabs, PostgreSQL's and MySQL's
 * neither — each engine trims exactly this with `trim(BOTH ' ' FROM …)` (`subject-sql.ts`,
 * the DuckDB snapshot rewrite), so a value is the same identifier everywhere.
 */
export function normaliseSubjectValue(value: string): string {
  return trimSpaces(value).toLowerCase();
}

/** Leading and trailing U+0020 removed, nothing else. */
export function trimSpaces(value: string): string {
  return value.replace(/^ +| +$/g, '');
}

/**
 * `kind=value` from the command line or an API body; undefined with a reason when it is
 * not one. The value is bounded (identifiers are short) and never echoed in the reason.
 */
export function parseSubject(
  input: string,
): { readonly subject: SubjectIdentifier } | { readonly error: string } {
  const at = input.indexOf('=');
  if (at <= 0) return { error: 'expected KIND=VALUE, e.g. email=anna@example.com' };
  const kind = input.slice(0, at).trim();
  const value = trimSpaces(input.slice(at + 1));
  if (!isSubjectKind(kind))
    return { error: `"${kind.slice(0, 40)}" is not an identifier kind (kebab-case, e.g. email)` };
  if (value === '') return { error: `the value of "${kind}" is empty` };
  if (value.length > 320) return { error: `the value of "${kind}" is longer than 320 characters` };
  return { subject: { kind, value } };
}
