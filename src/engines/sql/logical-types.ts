import type { OdcsLogicalType } from '../../core/standards/odcs/index.ts';
import { mysqlTypeName, postgresTypeName, trinoTypeName } from './physical-types.ts';

/** What a catalog's physical type says in ODCS terms: the logical type and its options. */
export interface LogicalTypeOf {
  readonly logicalType: OdcsLogicalType;
  readonly logicalTypeOptions?: Readonly<Record<string, unknown>>;
}

const STRING: LogicalTypeOf = { logicalType: 'string' };

/** `varchar(40)` → 40: ODCS's `maxLength` counts characters, as both engines' lengths do. */
function lengthOf(canonical: string): number | undefined {
  const match = /^[a-z ]+\((\d+)\)$/.exec(canonical);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function text(canonical: string): LogicalTypeOf {
  const length = lengthOf(canonical);
  return length === undefined
    ? STRING
    : { logicalType: 'string', logicalTypeOptions: { maxLength: length } };
}

/**
 * PostgreSQL's type (as `format_type` spells it) as an ODCS logical type. A type Meshwork
 * does not know (an enum, a domain, `inet`, `bytea`) reads as `string`: every value has a
 * text form, so the contract claims nothing the data could break.
 */
export function postgresLogicalType(physicalType: string): LogicalTypeOf {
  if (physicalType.trim().endsWith('[]')) return { logicalType: 'array' };
  const canonical = postgresTypeName(physicalType);
  if (canonical === undefined) return STRING;
  const base = canonical.replace(/\(.*$/, '');
  switch (base) {
    case 'smallint':
      return { logicalType: 'integer', logicalTypeOptions: { format: 'i16' } };
    case 'integer':
      return { logicalType: 'integer' };
    case 'bigint':
      return { logicalType: 'integer', logicalTypeOptions: { format: 'i64' } };
    case 'real':
      return { logicalType: 'number', logicalTypeOptions: { format: 'f32' } };
    case 'double precision':
    case 'numeric':
      return { logicalType: 'number' };
    case 'boolean':
      return { logicalType: 'boolean' };
    case 'json':
    case 'jsonb':
      return { logicalType: 'object' };
    case 'date':
      return { logicalType: 'date' };
    case 'timestamp':
      return { logicalType: 'timestamp', logicalTypeOptions: { timezone: false } };
    case 'timestamp with time zone':
      return { logicalType: 'timestamp', logicalTypeOptions: { timezone: true } };
    case 'time':
    case 'time with time zone':
      return { logicalType: 'time' };
    case 'character varying':
    case 'character':
      return text(canonical);
    default:
      return STRING;
  }
}

/**
 * MySQL's or MariaDB's `COLUMN_TYPE` as an ODCS logical type. `tinyint(1)` is how both
 * store BOOLEAN, so it reads as boolean; `year` is a number of a year; JSON (MySQL's own
 * type, MariaDB's LONGTEXT alias) reads as text, since MariaDB cannot tell it from text.
 */
export function mysqlLogicalType(physicalType: string): LogicalTypeOf {
  const type = physicalType.trim().toLowerCase();
  if (/^tinyint\(1\)( unsigned)?$/.test(type) || type === 'boolean' || type === 'bool')
    return { logicalType: 'boolean' };
  const canonical = mysqlTypeName(type);
  if (canonical === undefined) return STRING;
  const base = canonical.replace(/\(.*$/, '').replace(/ unsigned$/, '');
  const unsigned = canonical.endsWith(' unsigned');
  switch (base) {
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'year':
      return { logicalType: 'integer' };
    case 'bigint':
      return { logicalType: 'integer', logicalTypeOptions: { format: unsigned ? 'u64' : 'i64' } };
    case 'float':
      return { logicalType: 'number', logicalTypeOptions: { format: 'f32' } };
    case 'double':
    case 'decimal':
      return { logicalType: 'number' };
    case 'date':
      return { logicalType: 'date' };
    case 'datetime':
      return { logicalType: 'timestamp', logicalTypeOptions: { timezone: false } };
    case 'timestamp':
      return { logicalType: 'timestamp', logicalTypeOptions: { timezone: true } };
    case 'time':
      return { logicalType: 'time' };
    case 'varchar':
    case 'char':
      return text(canonical);
    default:
      return STRING;
  }
}

/**
 * Trino's type (as its `information_schema` spells it) as an ODCS logical type: `array(…)`
 * an array, `map`/`row`/`json` an object, `timestamp(p) with time zone` an instant.
 */
export function trinoLogicalType(physicalType: string): LogicalTypeOf {
  const canonical = trinoTypeName(physicalType);
  if (canonical === undefined) return STRING;
  if (canonical.startsWith('array(')) return { logicalType: 'array' };
  if (canonical.startsWith('map(') || canonical.startsWith('row('))
    return { logicalType: 'object' };
  const base = canonical.replace(/\(\d+(,\d+)?\)/, '');
  switch (base) {
    case 'tinyint':
    case 'smallint':
      return { logicalType: 'integer', logicalTypeOptions: { format: 'i16' } };
    case 'integer':
      return { logicalType: 'integer' };
    case 'bigint':
      return { logicalType: 'integer', logicalTypeOptions: { format: 'i64' } };
    case 'real':
      return { logicalType: 'number', logicalTypeOptions: { format: 'f32' } };
    case 'double':
    case 'decimal':
      return { logicalType: 'number' };
    case 'boolean':
      return { logicalType: 'boolean' };
    case 'json':
      return { logicalType: 'object' };
    case 'date':
      return { logicalType: 'date' };
    case 'timestamp':
      return { logicalType: 'timestamp', logicalTypeOptions: { timezone: false } };
    case 'timestamp with time zone':
      return { logicalType: 'timestamp', logicalTypeOptions: { timezone: true } };
    case 'time':
    case 'time with time zone':
      return { logicalType: 'time' };
    case 'varchar':
    case 'char':
      return text(canonical);
    default:
      return STRING;
  }
}
