/**
 * Which categories a column's type can hold at all. A boolean is never an IBAN; a double
 * is never a card number (it cannot keep 16 digits exactly); a date type can only be a
 * date of birth; whole numbers can hold card numbers, tax ids and postcodes (with the
 * leading zeros lost, which the validators then reject as they should).
 */
import type { PersonalDataCategory } from './model.ts';
import { PERSONAL_DATA_CATEGORIES } from './model.ts';

export type TypeFamily =
  'text' | 'integer' | 'decimal' | 'boolean' | 'date' | 'timestamp' | 'other';

const FAMILIES: readonly [RegExp, TypeFamily][] = [
  [/^(bool|boolean|bit|tinyint\(1\))$/, 'boolean'],
  [/^(date)$/, 'date'],
  [
    /^(timestamp|datetime|timestamptz|timestamp with(out)? time zone|timestamp_(s|ms|ns)|smalldatetime|datetime2)/,
    'timestamp',
  ],
  [
    /^(tinyint|smallint|mediumint|int|integer|bigint|hugeint|int[248]|u?(tiny|small|big|huge)?int|serial|bigserial|long)\b/,
    'integer',
  ],
  [/^(decimal|numeric|number|real|float|double|float[48]|double precision|money)/, 'decimal'],
  [
    /^(varchar|char|character|character varying|text|string|nvarchar|nchar|bpchar|clob|tinytext|mediumtext|longtext|citext|name|enum|inet|cidr)\b/,
    'text',
  ],
];

/** ODCS logical types, for columns that come from a contract without a physical type. */
const LOGICAL: Readonly<Record<string, TypeFamily>> = {
  string: 'text',
  integer: 'integer',
  number: 'decimal',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
  object: 'other',
  array: 'other',
};

export function typeFamilyOf(physicalType: string, logicalType?: string): TypeFamily {
  const physical = physicalType.trim().toLowerCase();
  if (physical !== '') {
    for (const [pattern, family] of FAMILIES) if (pattern.test(physical)) return family;
    return 'other';
  }
  return (logicalType !== undefined ? LOGICAL[logicalType.toLowerCase()] : undefined) ?? 'text';
}

const ALLOWED: Readonly<Record<TypeFamily, readonly PersonalDataCategory[]>> = {
  text: PERSONAL_DATA_CATEGORIES,
  integer: ['credit-card', 'tax-id', 'address'],
  decimal: [],
  boolean: [],
  date: ['date-of-birth'],
  timestamp: ['date-of-birth'],
  other: [],
};

/**
 * The categories a column of this type family can be. `named` is the column name's hint:
 * a whole-number column named as phone numbers may hold them (with `+`/`0` lost); without
 * the name, a number of that shape is as likely anything else.
 */
export function categoriesFor(
  family: TypeFamily,
  named?: PersonalDataCategory,
): readonly PersonalDataCategory[] {
  if (family === 'integer' && named === 'phone') return [...ALLOWED.integer, 'phone'];
  return ALLOWED[family];
}
