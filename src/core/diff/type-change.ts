import type { ChangeSeverity } from './change.ts';

/**
 * Type changes. A widening (every old value is still a value of the new type) is a
 * warning: consumers reading with the old type may still round or overflow. Everything
 * else is breaking. docs/diff.md lists the table.
 */
export interface TypeVerdict {
  readonly severity: ChangeSeverity;
  readonly reason: string;
}

const LOGICAL_WIDENINGS: ReadonlySet<string> = new Set(['integer→number']);

export function logicalTypeChange(from: string | undefined, to: string | undefined): TypeVerdict {
  if (from === undefined)
    return { severity: 'info', reason: 'A logical type is declared where there was none.' };
  if (to === undefined) {
    return {
      severity: 'warning',
      reason: `The logical type "${from}" is no longer promised; consumers lose the guarantee.`,
    };
  }
  if (LOGICAL_WIDENINGS.has(`${from}→${to}`)) {
    return {
      severity: 'warning',
      reason: `${from} → ${to} widens the type: every old value still fits, but consumers expecting ${from} may receive fractions.`,
    };
  }
  return {
    severity: 'breaking',
    reason: `${from} → ${to}: consumers that read or compute with ${from} values fail or misread.`,
  };
}

/** Width order of the Rust-style formats ODCS uses for integer and number. */
const FORMAT_BITS: Readonly<Record<string, { readonly family: string; readonly bits: number }>> = {
  i8: { family: 'i', bits: 8 },
  i16: { family: 'i', bits: 16 },
  i32: { family: 'i', bits: 32 },
  i64: { family: 'i', bits: 64 },
  i128: { family: 'i', bits: 128 },
  u8: { family: 'u', bits: 8 },
  u16: { family: 'u', bits: 16 },
  u32: { family: 'u', bits: 32 },
  u64: { family: 'u', bits: 64 },
  u128: { family: 'u', bits: 128 },
  f32: { family: 'f', bits: 32 },
  f64: { family: 'f', bits: 64 },
};

/**
 * `logicalTypeOptions.format` of integer (default i32, as the standard says) and number
 * (default f64): a wider format of the same family, or unsigned into a wider signed one,
 * is a widening.
 */
export function numericFormatChange(
  logicalType: 'integer' | 'number',
  from: string | undefined,
  to: string | undefined,
): TypeVerdict {
  const fallback = logicalType === 'integer' ? 'i32' : 'f64';
  const a = FORMAT_BITS[from ?? fallback];
  const b = FORMAT_BITS[to ?? fallback];
  if (a && b) {
    if (a.family === b.family && a.bits === b.bits)
      return { severity: 'info', reason: `The format is unchanged (${fallback} is the default).` };
    const widens =
      (a.family === b.family && b.bits > a.bits) ||
      (a.family === 'u' && b.family === 'i' && b.bits > a.bits);
    if (widens)
      return {
        severity: 'warning',
        reason: `${from ?? fallback} → ${to ?? fallback} widens the format; consumers with the old width may overflow.`,
      };
  }
  return {
    severity: 'breaking',
    reason: `${from ?? fallback} → ${to ?? fallback} narrows or changes the format: values may no longer fit.`,
  };
}

interface PhysicalType {
  readonly base: string;
  readonly args: readonly number[];
}

/** Aliases of the SQL engines Meshwork serves (PostgreSQL, MySQL/MariaDB, DuckDB). */
const ALIASES: Readonly<Record<string, string>> = {
  int: 'integer',
  int4: 'integer',
  int8: 'bigint',
  int2: 'smallint',
  int1: 'tinyint',
  long: 'bigint',
  float4: 'real',
  float: 'double',
  float8: 'double',
  'double precision': 'double',
  numeric: 'decimal',
  'character varying': 'varchar',
  character: 'char',
  bool: 'boolean',
  string: 'text',
  timestamptz: 'timestamp with time zone',
};

/** Each chain lists types whose values all fit into every later type of the chain. */
const WIDENING_CHAINS: readonly (readonly string[])[] = [
  ['tinyint', 'smallint', 'integer', 'bigint', 'hugeint'],
  ['real', 'double'],
  ['char', 'varchar', 'text'],
];

export function parsePhysicalType(text: string): PhysicalType {
  const match = /^([^(]*?)\s*(?:\(([^)]*)\))?\s*$/.exec(
    text.trim().toLowerCase().replace(/\s+/g, ' '),
  );
  const rawBase = (match?.[1] ?? text).trim();
  const args = (match?.[2] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '')
    .map(Number);
  return { base: ALIASES[rawBase] ?? rawBase, args: args.every(Number.isFinite) ? args : [] };
}

export function physicalTypeChange(from: string | undefined, to: string | undefined): TypeVerdict {
  if (from === undefined)
    return { severity: 'info', reason: 'A physical type is declared where there was none.' };
  if (to === undefined)
    return { severity: 'warning', reason: `The physical type "${from}" is no longer promised.` };
  const a = parsePhysicalType(from);
  const b = parsePhysicalType(to);
  if (a.base === b.base && a.args.join(',') === b.args.join(','))
    return { severity: 'info', reason: 'The same type, spelt differently.' };
  if (widensPhysically(a, b)) {
    return {
      severity: 'warning',
      reason: `${from} → ${to} widens the column: old values still fit, but consumers with the old size may truncate or overflow.`,
    };
  }
  return {
    severity: 'breaking',
    reason: `${from} → ${to}: the column's values are no longer of the type consumers read.`,
  };
}

function widensPhysically(a: PhysicalType, b: PhysicalType): boolean {
  if (a.base === b.base) {
    if (a.base === 'decimal') {
      const [p1 = 18, s1 = 0] = a.args;
      const [p2 = 18, s2 = 0] = b.args;
      return s2 >= s1 && p2 - s2 >= p1 - s1;
    }
    // varchar(n) → varchar(m ≥ n) or an unbounded varchar.
    const [n] = a.args;
    const [m] = b.args;
    return m === undefined || (n !== undefined && m >= n);
  }
  for (const chain of WIDENING_CHAINS) {
    const i = chain.indexOf(a.base);
    const j = chain.indexOf(b.base);
    if (i < 0 || j <= i) continue;
    // A bounded string grows into an unbounded one only if the target has no bound.
    if (a.base === 'char' && b.base === 'varchar')
      return (b.args[0] ?? Infinity) >= (a.args[0] ?? 1);
    return true;
  }
  return false;
}
