import type { OdcsLogicalType } from '../../standards/odcs/index.ts';

/** Whose type names a type text is read by: `tinyint(1)`, `text` and `json` differ. */
export type SqlTypeDialect = 'postgres' | 'mysql' | 'generic';

export interface LogicalTypeReading {
  readonly logicalType: OdcsLogicalType;
  readonly logicalTypeOptions?: Readonly<Record<string, unknown>>;
}

const INTEGER = new Set([
  'tinyint',
  'smallint',
  'mediumint',
  'int',
  'integer',
  'bigint',
  'int1',
  'int2',
  'int4',
  'int8',
  'hugeint',
  'utinyint',
  'usmallint',
  'uinteger',
  'ubigint',
  'uhugeint',
  'smallserial',
  'serial',
  'bigserial',
  'serial2',
  'serial4',
  'serial8',
  'long',
  'short',
  'year',
]);
const NUMBER = new Set([
  'numeric',
  'decimal',
  'dec',
  'fixed',
  'real',
  'float',
  'float4',
  'float8',
  'float64',
  'double',
  'double precision',
  'money',
  'number',
]);
const BOOLEAN = new Set(['boolean', 'bool', 'logical']);
const TIMESTAMP = new Set([
  'timestamp',
  'timestamptz',
  'timestamp with time zone',
  'timestamp without time zone',
  'datetime',
  'datetime2',
  'smalldatetime',
  'datetimeoffset',
  'timestamp_ntz',
  'timestamp_ltz',
  'timestamp_tz',
  'timestamp_s',
  'timestamp_ms',
  'timestamp_ns',
]);
const TIME = new Set(['time', 'timetz', 'time with time zone', 'time without time zone']);
const TEXT_WITH_LENGTH = new Set([
  'varchar',
  'character varying',
  'nvarchar',
  'char',
  'character',
  'nchar',
  'bpchar',
  'varchar2',
]);

/**
 * The ODCS logical type a SQL column type reads as, for importers that see only a type's
 * text (a DDL file, a dbt manifest, a Data Contract Specification `config`). Conservative:
 * a type it does not know (a user-defined enum or domain, `interval`, `bytea`) is a
 * string, which every engine can cast to, so `meshwork test`'s type check cannot fail on a
 * value the column holds. `varchar(n)`/`char(n)` give `maxLength` — the engine enforces it
 * already, so the check holds. MySQL's `tinyint(1)` stays an integer: it holds -128..127,
 * and a boolean contract would fail on a 2.
 */
export function logicalTypeOfSql(type: string, dialect: SqlTypeDialect): LogicalTypeReading {
  const text = type.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/\[\s*\d*\s*\]$/.test(text) || /^array\s*[<(]/.test(text)) return { logicalType: 'array' };
  const open = text.indexOf('(');
  const base = (open < 0 ? text : text.slice(0, open))
    .replace(/\b(unsigned|signed|zerofill)\b/g, '')
    .trim();
  const rest = open < 0 ? '' : text.slice(text.indexOf(')', open) + 1).trim();
  const name = open < 0 ? base : `${base} ${rest}`.trim();
  const args = open < 0 ? [] : argumentsOf(text.slice(open + 1, text.indexOf(')', open)));

  if (INTEGER.has(base)) return { logicalType: 'integer' };
  if (NUMBER.has(base)) return { logicalType: 'number' };
  if (BOOLEAN.has(base)) return { logicalType: dialect === 'mysql' ? 'integer' : 'boolean' };
  if (base === 'date') return { logicalType: 'date' };
  if (TIMESTAMP.has(name) || TIMESTAMP.has(base)) return { logicalType: 'timestamp' };
  if (TIME.has(name) || TIME.has(base)) return { logicalType: 'time' };
  if (base === 'jsonb' || (base === 'json' && dialect !== 'mysql'))
    return { logicalType: 'object' };
  if (base === 'struct' || base === 'record' || base === 'object') return { logicalType: 'object' };
  if (TEXT_WITH_LENGTH.has(base) && args.length === 1 && args[0]! > 0) {
    return { logicalType: 'string', logicalTypeOptions: { maxLength: args[0] } };
  }
  return { logicalType: 'string' };
}

function argumentsOf(inner: string): number[] {
  return inner
    .split(',')
    .map((part) => Number(part.trim()))
    .filter((n) => Number.isInteger(n));
}
