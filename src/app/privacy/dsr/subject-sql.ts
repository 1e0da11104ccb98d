import type { Dialect } from '../../../engines/engine.ts';

/**
 * The SQL that finds a data subject in one object, written once for every dialect: the
 * engine compares `lower(trim(CAST(column AS text)))` with the normalised identifiers
 * (`normaliseSubjectValue`), each a dialect literal, so rows never come into JavaScript to
 * be matched. Shared with `meshwork dsr erase`, which removes exactly the rows these
 * predicates count.
 */

/** A subject-key column of an object as the data names it, with its identifier kind. */
export interface SubjectKeyRef {
  readonly column: string;
  readonly kind: string;
}

/** Normalised identifier values by kind. */
export type IdentifierValues = ReadonlyMap<string, ReadonlySet<string>>;

/** The column in the form identifiers are compared in. */
export function normalisedColumn(dialect: Dialect, column: string): string {
  return `lower(trim(${dialect.asText(dialect.quoteIdentifier(column))}))`;
}

/** `column IN (…)` for the key's kind, or undefined when no identifier of its kind is known. */
export function keyPredicate(
  dialect: Dialect,
  key: SubjectKeyRef,
  identifiers: IdentifierValues,
): string | undefined {
  const values = [...(identifiers.get(key.kind) ?? [])].sort();
  if (values.length === 0) return undefined;
  const list = values.map((value) => dialect.literal(value)).join(', ');
  return `${normalisedColumn(dialect, key.column)} IN (${list})`;
}

/**
 * True for a row of the subject: any of the object's key columns holds a known identifier
 * of its kind. Undefined when none of its kinds has a known identifier (nothing to ask).
 */
export function subjectPredicate(
  dialect: Dialect,
  keys: readonly SubjectKeyRef[],
  identifiers: IdentifierValues,
): string | undefined {
  const parts = keys
    .map((key) => keyPredicate(dialect, key, identifiers))
    .filter((part): part is string => part !== undefined);
  return parts.length === 0 ? undefined : parts.map((part) => `(${part})`).join(' OR ');
}

/**
 * One aggregate pass: the subject's rows (`rows`) and, per key column, how many of them
 * match through it (`k0`, `k1`, … in the order of `keys`; a key without identifiers counts 0).
 */
export function countSubjectSql(
  dialect: Dialect,
  relation: string,
  keys: readonly SubjectKeyRef[],
  identifiers: IdentifierValues,
): string | undefined {
  const where = subjectPredicate(dialect, keys, identifiers);
  if (where === undefined) return undefined;
  const perKey = keys.map((key, index) => {
    const predicate = keyPredicate(dialect, key, identifiers);
    const alias = dialect.quoteIdentifier(`k${index}`);
    return predicate === undefined ? `0 AS ${alias}` : `${dialect.countIf(predicate)} AS ${alias}`;
  });
  return `SELECT count(*) AS ${dialect.quoteIdentifier('rows')}${perKey.map((p) => `, ${p}`).join('')} FROM ${relation} WHERE ${where}`;
}

/**
 * The distinct identifiers of `key` in the subject's rows, normalised, at most `limit`
 * (the caller asks for one more than it follows, to know when there were more).
 */
export function linkedValuesSql(
  dialect: Dialect,
  relation: string,
  key: SubjectKeyRef,
  where: string,
  limit: number,
): string {
  const value = normalisedColumn(dialect, key.column);
  const alias = dialect.quoteIdentifier('v');
  return `SELECT DISTINCT ${value} AS ${alias} FROM ${relation} WHERE (${where}) AND ${dialect.quoteIdentifier(key.column)} IS NOT NULL ORDER BY 1 LIMIT ${Math.max(1, Math.floor(limit))}`;
}

/** The subject's rows (every column), at most `limit`, in a stable order. */
export function subjectRowsSql(
  dialect: Dialect,
  relation: string,
  keys: readonly SubjectKeyRef[],
  identifiers: IdentifierValues,
  limit: number,
): string | undefined {
  const where = subjectPredicate(dialect, keys, identifiers);
  if (where === undefined) return undefined;
  return `SELECT * FROM ${relation} WHERE ${where} LIMIT ${Math.max(1, Math.floor(limit))}`;
}
