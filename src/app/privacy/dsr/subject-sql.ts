import type { Dialect } from '../../../engines/engine.ts';

/**
 * The SQL that finds a data subject in one object, written once for every dialect: the
 * engine compares `lower(trim(CAST(column AS text)))` (spaces only, as
 * `normaliseSubjectValue`) with the normalised identifiers
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
  return `lower(trim(BOTH ' ' FROM ${dialect.asText(dialect.quoteIdentifier(column))}))`;
}

/** `column IN (…)` for the key's kind, or undefined when no identifier of its kind is known. */
export function keyPredicate(
  dialect: Dialect,
  key: SubjectKeyRef,
  identifiers: IdentifierValues,
): string | undefined {
  const values = [...(identifiers.get(key.kind) ?? [])].sort();
  if (values.length === 0) return undefined;
  // Compared exactly (`comparable`): MySQL's default collations are accent-insensitive and
  // would count jose@… as josé@…, someone else.
  const list = values.map((value) => dialect.comparable(dialect.literal(value))).join(', ');
  return `${dialect.comparable(normalisedColumn(dialect, key.column))} IN (${list})`;
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
 * One pass that counts and links: the subject's rows grouped by the normalised values of
 * all key columns (`v0`, `v1`, … in the order of `keys`) with their count (`n`), at most
 * `limit` groups. A person has few rows, so the groups give the exact count, which columns
 * matched and the identifiers to follow — one scan per object instead of one per question.
 * When there are more groups than `limit`, the caller counts with `countSubjectSql`.
 */
export function subjectGroupsSql(
  dialect: Dialect,
  relation: string,
  keys: readonly SubjectKeyRef[],
  identifiers: IdentifierValues,
  limit: number,
): string | undefined {
  const where = subjectPredicate(dialect, keys, identifiers);
  if (where === undefined || keys.length === 0) return undefined;
  // Grouped exactly too, so two values a collation calls equal stay two identifiers; every
  // member of a group is the same text, so min() is that text (not a byte string).
  const values = keys.map(
    (key, index) =>
      `min(${normalisedColumn(dialect, key.column)}) AS ${dialect.quoteIdentifier(`v${index}`)}`,
  );
  const groups = keys
    .map((key) => dialect.comparable(normalisedColumn(dialect, key.column)))
    .join(', ');
  return `SELECT ${values.join(', ')}, count(*) AS ${dialect.quoteIdentifier('n')} FROM ${relation} WHERE ${where} GROUP BY ${groups} LIMIT ${Math.max(1, Math.floor(limit))}`;
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
