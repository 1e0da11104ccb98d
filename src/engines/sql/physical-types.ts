/**
 * Physical type names as each dialect understands them, so that a contract's declared
 * `physicalType` can be compared with the engine's catalog: `varchar(255)` and
 * `character varying(255)`, `int4` and `integer`, `decimal(12,2)` and `numeric(12,2)` are
 * the same type to PostgreSQL. A canonical spelling per dialect is compared, never the text.
 */

/** A type name taken apart: `timestamp(3) with time zone` → base, arguments, array depth. */
interface ParsedType {
  /** Lower-case words without the parenthesised arguments: `timestamp with time zone`. */
  readonly name: string;
  readonly args: readonly number[];
  /** `integer[]` → 1. */
  readonly arrays: number;
}

function parseType(text: string): ParsedType | undefined {
  let rest = text.trim().toLowerCase().replace(/\s+/g, ' ');
  let arrays = 0;
  while (rest.endsWith('[]')) {
    arrays++;
    rest = rest.slice(0, -2).trimEnd();
  }
  const open = rest.indexOf('(');
  let args: number[] = [];
  if (open >= 0) {
    const close = rest.indexOf(')', open);
    if (close < 0) return undefined;
    const inner = rest.slice(open + 1, close).trim();
    args = inner === '' ? [] : inner.split(',').map((a) => Number(a.trim()));
    if (!args.every(Number.isInteger)) return undefined;
    rest = `${rest.slice(0, open)} ${rest.slice(close + 1)}`;
  }
  const name = rest.replace(/\s+/g, ' ').trim();
  return /^[a-z_][a-z0-9_ ]*$/.test(name) ? { name, args, arrays } : undefined;
}

/** How one dialect spells a base type: its canonical name and what its arguments mean. */
type Canonical = (args: readonly number[]) => string | undefined;

const plain =
  (canonical: string): Canonical =>
  (args) =>
    args.length === 0 ? canonical : undefined;
/** Display widths and lengths the engine does not keep (MySQL `int(11)`, DuckDB `varchar(20)`). */
const ignoringArgs =
  (canonical: string): Canonical =>
  () =>
    canonical;
/** `numeric(p,s)`; `numeric(p)` is scale 0; without arguments the dialect's default. */
const decimal =
  (canonical: string, fallback: readonly [number, number] | undefined): Canonical =>
  (args) => {
    const [precision, scale = 0] = args.length > 0 ? args : (fallback ?? []);
    if (precision === undefined) return canonical;
    return args.length > 2 ? undefined : `${canonical}(${precision},${scale})`;
  };
/** One optional argument with a default (a length, a fractional-seconds precision). */
const sized =
  (canonical: string, fallback: number | undefined): Canonical =>
  (args) => {
    if (args.length > 1) return undefined;
    const size = args[0] ?? fallback;
    return size === undefined ? canonical : `${canonical}(${size})`;
  };

type TypeTable = Readonly<Record<string, Canonical>>;

function canonicalIn(table: TypeTable, text: string): string | undefined {
  const parsed = parseType(text);
  if (parsed === undefined) return undefined;
  const spell = Object.hasOwn(table, parsed.name) ? table[parsed.name] : undefined;
  const base = spell?.(parsed.args);
  return base === undefined ? undefined : base + '[]'.repeat(parsed.arrays);
}

const POSTGRES: TypeTable = {
  smallint: plain('smallint'),
  int2: plain('smallint'),
  smallserial: plain('smallint'),
  serial2: plain('smallint'),
  integer: plain('integer'),
  int: plain('integer'),
  int4: plain('integer'),
  serial: plain('integer'),
  serial4: plain('integer'),
  bigint: plain('bigint'),
  int8: plain('bigint'),
  bigserial: plain('bigint'),
  serial8: plain('bigint'),
  real: plain('real'),
  float4: plain('real'),
  'double precision': plain('double precision'),
  float8: plain('double precision'),
  // float(p): up to 24 bits of mantissa is real, otherwise double precision.
  float: (args) =>
    args.length === 0 ? 'double precision' : (args[0] ?? 53) <= 24 ? 'real' : 'double precision',
  numeric: decimal('numeric', undefined),
  decimal: decimal('numeric', undefined),
  'character varying': sized('character varying', undefined),
  varchar: sized('character varying', undefined),
  character: sized('character', 1),
  char: sized('character', 1),
  bpchar: sized('character', undefined),
  text: plain('text'),
  boolean: plain('boolean'),
  bool: plain('boolean'),
  date: plain('date'),
  // Six fractional digits is PostgreSQL's default precision.
  timestamp: sized('timestamp', 6),
  'timestamp without time zone': sized('timestamp', 6),
  timestamptz: sized('timestamp with time zone', 6),
  'timestamp with time zone': sized('timestamp with time zone', 6),
  time: sized('time', 6),
  'time without time zone': sized('time', 6),
  timetz: sized('time with time zone', 6),
  'time with time zone': sized('time with time zone', 6),
  interval: sized('interval', undefined),
  bytea: plain('bytea'),
  uuid: plain('uuid'),
  json: plain('json'),
  jsonb: plain('jsonb'),
  xml: plain('xml'),
  inet: plain('inet'),
  cidr: plain('cidr'),
  macaddr: plain('macaddr'),
  money: plain('money'),
  bit: sized('bit', 1),
  'bit varying': sized('bit varying', undefined),
  varbit: sized('bit varying', undefined),
};

/** DuckDB keeps no length for text; every string type is VARCHAR (DuckDB's docs, "Text Types"). */
const DUCKDB: TypeTable = {
  varchar: ignoringArgs('varchar'),
  char: ignoringArgs('varchar'),
  bpchar: ignoringArgs('varchar'),
  text: ignoringArgs('varchar'),
  string: ignoringArgs('varchar'),
  nvarchar: ignoringArgs('varchar'),
  character: ignoringArgs('varchar'),
  'character varying': ignoringArgs('varchar'),
  tinyint: plain('tinyint'),
  int1: plain('tinyint'),
  smallint: plain('smallint'),
  int2: plain('smallint'),
  short: plain('smallint'),
  integer: plain('integer'),
  int: plain('integer'),
  int4: plain('integer'),
  signed: plain('integer'),
  bigint: plain('bigint'),
  int8: plain('bigint'),
  long: plain('bigint'),
  hugeint: plain('hugeint'),
  int128: plain('hugeint'),
  utinyint: plain('utinyint'),
  usmallint: plain('usmallint'),
  uinteger: plain('uinteger'),
  ubigint: plain('ubigint'),
  uhugeint: plain('uhugeint'),
  float: plain('float'),
  float4: plain('float'),
  real: plain('float'),
  double: plain('double'),
  float8: plain('double'),
  'double precision': plain('double'),
  // DuckDB's DECIMAL without arguments is DECIMAL(18,3).
  decimal: decimal('decimal', [18, 3]),
  numeric: decimal('decimal', [18, 3]),
  boolean: plain('boolean'),
  bool: plain('boolean'),
  logical: plain('boolean'),
  date: plain('date'),
  time: plain('time'),
  'time without time zone': plain('time'),
  timetz: plain('time with time zone'),
  'time with time zone': plain('time with time zone'),
  timestamp: plain('timestamp'),
  datetime: plain('timestamp'),
  'timestamp without time zone': plain('timestamp'),
  timestamptz: plain('timestamp with time zone'),
  'timestamp with time zone': plain('timestamp with time zone'),
  timestamp_s: plain('timestamp_s'),
  timestamp_ms: plain('timestamp_ms'),
  timestamp_ns: plain('timestamp_ns'),
  interval: plain('interval'),
  uuid: plain('uuid'),
  json: plain('json'),
  blob: plain('blob'),
  bytea: plain('blob'),
  binary: plain('blob'),
  varbinary: plain('blob'),
};

/** MySQL integer types: the display width (`int(11)`) is not part of the type. */
const mysqlInteger = (canonical: string): Readonly<Record<string, Canonical>> => ({
  [canonical]: ignoringArgs(canonical),
  [`${canonical} unsigned`]: ignoringArgs(`${canonical} unsigned`),
  [`${canonical} unsigned zerofill`]: ignoringArgs(`${canonical} unsigned`),
});

const MYSQL: TypeTable = {
  ...mysqlInteger('tinyint'),
  ...mysqlInteger('smallint'),
  ...mysqlInteger('mediumint'),
  ...mysqlInteger('int'),
  ...mysqlInteger('bigint'),
  integer: ignoringArgs('int'),
  'integer unsigned': ignoringArgs('int unsigned'),
  // BOOLEAN is stored as TINYINT(1).
  boolean: plain('tinyint'),
  bool: plain('tinyint'),
  // MySQL's DECIMAL without arguments is DECIMAL(10,0).
  decimal: decimal('decimal', [10, 0]),
  numeric: decimal('decimal', [10, 0]),
  dec: decimal('decimal', [10, 0]),
  fixed: decimal('decimal', [10, 0]),
  'decimal unsigned': decimal('decimal unsigned', [10, 0]),
  float: (args) => ((args[0] ?? 0) > 24 && args.length === 1 ? 'double' : 'float'),
  double: ignoringArgs('double'),
  'double precision': ignoringArgs('double'),
  // REAL is DOUBLE unless the REAL_AS_FLOAT SQL mode is set.
  real: ignoringArgs('double'),
  varchar: sized('varchar', undefined),
  'character varying': sized('varchar', undefined),
  char: sized('char', 1),
  character: sized('char', 1),
  binary: sized('binary', 1),
  varbinary: sized('varbinary', undefined),
  tinytext: plain('tinytext'),
  text: ignoringArgs('text'),
  mediumtext: plain('mediumtext'),
  longtext: plain('longtext'),
  // MariaDB stores JSON as LONGTEXT (with a check); its catalog says longtext.
  json: plain('longtext'),
  tinyblob: plain('tinyblob'),
  blob: ignoringArgs('blob'),
  mediumblob: plain('mediumblob'),
  longblob: plain('longblob'),
  date: plain('date'),
  datetime: sized('datetime', 0),
  timestamp: sized('timestamp', 0),
  // The SQL standard's two kinds: MySQL's TIMESTAMP is an instant (stored in UTC,
  // shown in the session's time zone), DATETIME a wall-clock time without a zone.
  timestamptz: sized('timestamp', 0),
  'timestamp with time zone': sized('timestamp', 0),
  'timestamp without time zone': sized('datetime', 0),
  time: sized('time', 0),
  year: ignoringArgs('year'),
  bit: sized('bit', 1),
  uuid: plain('uuid'),
  inet4: plain('inet4'),
  inet6: plain('inet6'),
};

/**
 * Trino's types (docs "Data types", 476): a `varchar` without length is unbounded, a
 * `decimal` without arguments is decimal(38,0), `timestamp`/`time` default to precision 3;
 * `int` and `double precision` are accepted aliases. Containers (`array(integer)`) are
 * handled apart, by `trinoTypeName`.
 */
const TRINO: TypeTable = {
  boolean: plain('boolean'),
  tinyint: plain('tinyint'),
  smallint: plain('smallint'),
  integer: plain('integer'),
  int: plain('integer'),
  bigint: plain('bigint'),
  real: plain('real'),
  double: plain('double'),
  'double precision': plain('double'),
  decimal: decimal('decimal', [38, 0]),
  numeric: decimal('decimal', [38, 0]),
  varchar: sized('varchar', undefined),
  'character varying': sized('varchar', undefined),
  char: sized('char', 1),
  character: sized('char', 1),
  varbinary: plain('varbinary'),
  json: plain('json'),
  date: plain('date'),
  time: sized('time', 3),
  'time with time zone': sized('time with time zone', 3),
  timestamp: sized('timestamp', 3),
  'timestamp without time zone': sized('timestamp', 3),
  'timestamp with time zone': sized('timestamp with time zone', 3),
  'interval day to second': plain('interval day to second'),
  'interval year to month': plain('interval year to month'),
  uuid: plain('uuid'),
  ipaddress: plain('ipaddress'),
};

/**
 * Whether the catalog's type is the declared one, both already canonical (`wanted`,
 * `found`). A declared type written without arguments (`decimal`, `numeric`, `varchar`,
 * `char`, `timestamp`) names the type and leaves its size open: it matches any precision,
 * scale, length or fractional-seconds precision of that type (docs/testing.md). With
 * arguments, they must agree too. Arrays must agree in depth either way.
 */
export function physicalTypeMatches(declared: string, wanted: string, found: string): boolean {
  if (wanted === found) return true;
  const parsed = parseType(declared);
  if (parsed === undefined || parsed.args.length > 0) return false;
  const withoutArgs = (canonical: string): string => canonical.replace(/\([^)]*\)/g, '');
  return withoutArgs(wanted) === withoutArgs(found);
}

/** PostgreSQL's canonical spelling of a type, or undefined when it is not one Meshwork knows. */
export function postgresTypeName(text: string): string | undefined {
  return canonicalIn(POSTGRES, text);
}

export function duckDbTypeName(text: string): string | undefined {
  return canonicalIn(DUCKDB, text);
}

export function mysqlTypeName(text: string): string | undefined {
  return canonicalIn(MYSQL, text);
}

/**
 * Trino's canonical spelling: `array(T)` with T canonical; `map(…)` and `row(…)` compared
 * as written (lower-case, single spaces); precision in Trino's own place,
 * `timestamp(6) with time zone`.
 */
export function trinoTypeName(text: string): string | undefined {
  const type = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const array = /^array ?\((.*)\)$/.exec(type);
  if (array) {
    const item = trinoTypeName(array[1]!);
    return item === undefined ? undefined : `array(${item})`;
  }
  if (/^(map|row) ?\(.*\)$/.test(type)) return type.replace(/ ?\( ?/g, '(').replace(/ ?, ?/g, ', ');
  // `timestamp(6) with time zone`: the arguments stand in the middle.
  const zoned = /^(timestamp|time) ?\( ?(\d+) ?\) with time zone$/.exec(type);
  if (zoned) return `${zoned[1]}(${zoned[2]}) with time zone`;
  const canonical = canonicalIn(TRINO, type);
  if (canonical === undefined || canonical.includes('[]')) return undefined;
  const zone = /^(timestamp|time) with time zone\((\d+)\)$/.exec(canonical);
  return zone ? `${zone[1]}(${zone[2]}) with time zone` : canonical;
}
