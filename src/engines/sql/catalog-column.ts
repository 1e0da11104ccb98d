import type { CatalogColumn } from '../../core/import/catalog.ts';
import type { LogicalTypeOf } from './logical-types.ts';

/** A column as a server's catalog gives it, before its keys are applied. */
export interface CatalogColumnRow {
  readonly name: string;
  /** The declared type, lower-cased by the caller. */
  readonly type: string;
  readonly notNull: boolean;
  readonly comment: unknown;
}

/**
 * A catalog column as the SQL servers' `describe()` returns it: a primary key column is
 * required and carries its position; a single-column key (or a one-column primary key)
 * makes it unique; a blank comment is no description.
 */
export function catalogColumnOf(
  column: CatalogColumnRow,
  keys: { readonly primary: readonly string[]; readonly single: ReadonlySet<string | undefined> },
  logicalTypeOf: (physicalType: string) => LogicalTypeOf,
): CatalogColumn {
  const { name, type } = column;
  const position = keys.primary.indexOf(name);
  const note = catalogText(column.comment);
  return {
    name,
    physicalType: type,
    ...logicalTypeOf(type),
    required: column.notNull || position >= 0,
    ...(position >= 0 ? { primaryKeyPosition: position + 1 } : {}),
    unique: keys.single.has(name) || (keys.primary.length === 1 && position === 0),
    ...(note === undefined ? {} : { description: note }),
  };
}

/** A catalog comment as a description: a non-blank string, else none. */
export function catalogText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
