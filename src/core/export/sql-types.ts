import type { OdcsProperty } from '../standards/odcs/index.ts';

/** The three DDL dialects `meshwork export` writes. */
export type DdlFlavour = 'postgres' | 'mysql' | 'duckdb';

/**
 * What the DDL writer needs from an engine's dialect (engines/*\/dialect.ts has each): its
 * quoting, its literals, and its canonical spelling of a type — undefined for a type that is
 * not the dialect's, which is then mapped from the logical type instead.
 */
export interface DdlDialect {
  readonly flavour: DdlFlavour;
  quoteIdentifier(name: string): string;
  literal(value: string): string;
  physicalTypeName(physicalType: string): string | undefined;
}

export interface ColumnType {
  readonly sql: string;
  /** Set when the contract's `physicalType` was not used, with the reason. */
  readonly mapped?: string;
}

/**
 * The column's type. The contract's `physicalType` is the type in its own server's engine
 * (`origin`): when that is this dialect and the dialect knows the type, it is kept — in the
 * dialect's canonical spelling, never the text as written (a contract is untrusted input; the
 * canonical name is built from a parsed type). From another engine the portable part is
 * carried over (decimal precision and scale, a text length, the integer size, a time zone);
 * otherwise the type follows the logical type.
 */
export function columnType(
  property: OdcsProperty,
  dialect: DdlDialect,
  inKey: boolean,
  origin: DdlFlavour | undefined,
): ColumnType {
  const declared = property.physicalType;
  const canonical =
    declared === undefined || (origin !== undefined && origin !== dialect.flavour)
      ? undefined
      : dialect.physicalTypeName(declared);
  if (canonical !== undefined) {
    if (dialect.flavour === 'mysql' && inKey && /(text|blob)$/.test(canonical)) {
      return { sql: 'varchar(255)', mapped: `${declared} cannot be a key in MySQL` };
    }
    // MySQL's BOOLEAN is TINYINT(1), and importers read the (1) as boolean: keep it.
    if (
      dialect.flavour === 'mysql' &&
      canonical === 'tinyint' &&
      isBooleanTinyint(declared!, property)
    ) {
      return { sql: 'tinyint(1)' };
    }
    // MySQL needs a length for varchar/varbinary; the logical type's maxLength decides then.
    if (!(dialect.flavour === 'mysql' && /^var(char|binary)$/.test(canonical))) {
      return { sql: sqlSpelling(canonical) };
    }
  }
  const portable =
    declared === undefined ? undefined : portableType(declared, property, dialect.flavour);
  if (portable !== undefined) return { sql: portable };
  const sql = logicalType(property, dialect.flavour, inKey);
  return declared === undefined || origin !== undefined
    ? { sql }
    : { sql, mapped: `${declared} is not a ${dialect.flavour} type Meshwork knows` };
}

/** The server types whose engines write each flavour's SQL. */
export function flavourOfServerType(type: string | undefined): DdlFlavour | undefined {
  switch (type) {
    case 'postgresql':
    case 'postgres':
      return 'postgres';
    case 'mysql':
    case 'mariadb':
      return 'mysql';
    case 'duckdb':
    case 'local':
      return 'duckdb';
    default:
      return undefined;
  }
}

const INTEGER_SIZES: Readonly<Record<string, string>> = {
  tinyint: 'i8',
  int1: 'i8',
  smallint: 'i16',
  int2: 'i16',
  int: 'i32',
  integer: 'i32',
  int4: 'i32',
  mediumint: 'i32',
  bigint: 'i64',
  int8: 'i64',
  hugeint: 'i128',
};

function portableType(
  declared: string,
  property: OdcsProperty,
  flavour: DdlFlavour,
): string | undefined {
  const text = declared.trim().toLowerCase().replace(/\s+/g, ' ');
  const decimal = /^(?:decimal|numeric|dec)\s*\(\s*(\d{1,4})\s*(?:,\s*(\d{1,4})\s*)?\)$/.exec(text);
  if (decimal && property.logicalType === 'number') {
    const precision = Number(decimal[1]);
    const scale = Number(decimal[2] ?? 0);
    const max = flavour === 'postgres' ? 1000 : flavour === 'mysql' ? 65 : 38;
    if (precision >= 1 && precision <= max && scale <= precision) {
      return `${flavour === 'postgres' ? 'numeric' : 'decimal'}(${precision},${scale})`;
    }
    return undefined;
  }
  const text_ =
    /^(?:varchar|character varying|nvarchar|char|character|bpchar)\s*\(\s*(\d{1,6})\s*\)$/.exec(
      text,
    );
  if (text_ && (property.logicalType === 'string' || property.logicalType === undefined)) {
    const length = Number(text_[1]);
    if (flavour === 'duckdb') return 'varchar';
    if (flavour === 'mysql' && length > 16383) return undefined;
    return length >= 1 ? `varchar(${length})` : undefined;
  }
  const size = INTEGER_SIZES[text.replace(/\(\d+\)$/, '').replace(/ unsigned$/, '')];
  if (size !== undefined && property.logicalType === 'integer') {
    const unsigned = text.endsWith(' unsigned') ? size.replace('i', 'u') : size;
    return integerType(unsigned, flavour);
  }
  if (property.logicalType === 'timestamp' && flavour !== 'mysql') {
    if (/^(timestamptz|timestamp(\(\d\))? with time zone)$/.test(text))
      return 'timestamp with time zone';
    if (/^(timestamp(\(\d\))?( without time zone)?|datetime(\(\d\))?)$/.test(text))
      return 'timestamp';
  }
  return undefined;
}

function option(property: OdcsProperty, key: string): unknown {
  return property.logicalTypeOptions?.[key];
}

function logicalType(property: OdcsProperty, flavour: DdlFlavour, inKey: boolean): string {
  switch (property.logicalType) {
    case 'integer':
      return integerType(option(property, 'format'), flavour);
    case 'number':
      if (option(property, 'format') === 'f32') return flavour === 'postgres' ? 'real' : 'float';
      return flavour === 'postgres' ? 'double precision' : 'double';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'timestamp': {
      if (flavour === 'mysql') return 'datetime(6)';
      return option(property, 'timezone') === false ? 'timestamp' : 'timestamp with time zone';
    }
    case 'time':
      return flavour === 'mysql' ? 'time(6)' : 'time';
    case 'object':
    case 'array':
    case 'map':
    case 'vector':
      return flavour === 'postgres' ? 'jsonb' : 'json';
    default:
      return stringType(property, flavour, inKey);
  }
}

function stringType(property: OdcsProperty, flavour: DdlFlavour, inKey: boolean): string {
  const maxLength = option(property, 'maxLength');
  const length =
    typeof maxLength === 'number' && Number.isInteger(maxLength) ? maxLength : undefined;
  if (flavour === 'duckdb') return 'varchar';
  if (flavour === 'postgres') return length === undefined ? 'text' : `varchar(${length})`;
  // MySQL needs a length for a key column; 16383 utf8mb4 characters fill a row's 65,535 bytes.
  if (length !== undefined && length <= 16383) return `varchar(${length})`;
  if (inKey) return 'varchar(255)';
  return length !== undefined && length > 65535 ? 'longtext' : 'text';
}

const INTEGERS: Readonly<Record<DdlFlavour, Readonly<Record<string, string>>>> = {
  postgres: {
    i8: 'smallint',
    u8: 'smallint',
    i16: 'smallint',
    u16: 'integer',
    i32: 'integer',
    u32: 'bigint',
    i64: 'bigint',
    u64: 'numeric(20,0)',
    i128: 'numeric(39,0)',
    u128: 'numeric(39,0)',
  },
  mysql: {
    i8: 'tinyint',
    u8: 'tinyint unsigned',
    i16: 'smallint',
    u16: 'smallint unsigned',
    i32: 'int',
    u32: 'int unsigned',
    i64: 'bigint',
    u64: 'bigint unsigned',
    i128: 'decimal(39,0)',
    u128: 'decimal(39,0)',
  },
  duckdb: {
    i8: 'tinyint',
    u8: 'utinyint',
    i16: 'smallint',
    u16: 'usmallint',
    i32: 'integer',
    u32: 'uinteger',
    i64: 'bigint',
    u64: 'ubigint',
    i128: 'hugeint',
    u128: 'uhugeint',
  },
};

function integerType(format: unknown, flavour: DdlFlavour): string {
  const table = INTEGERS[flavour];
  const key = typeof format === 'string' && Object.hasOwn(table, format) ? format : 'i32';
  return table[key]!;
}

/**
 * The canonical names put a time type's precision last (`timestamp with time zone(6)`, as
 * physical-types.ts compares them); SQL writes it after the first word.
 */
function sqlSpelling(canonical: string): string {
  return canonical.replace(/^(time|timestamp)( with(?:out)? time zone)\((\d+)\)/, '$1($3)$2');
}

function isBooleanTinyint(declared: string, property: OdcsProperty): boolean {
  return property.logicalType === 'boolean' || /^\s*tinyint\s*\(\s*1\s*\)/i.test(declared);
}
