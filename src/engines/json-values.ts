import type { SampleValue } from '../core/quality/index.ts';

type JsKind =
  'string' | 'number' | 'bigint' | 'boolean' | 'undefined' | 'object' | 'function' | 'symbol';

/**
 * Engine values → JSON, one table for every JavaScript kind a driver hands back (a missing
 * kind is a compile error). Integers beyond 2^53 and decimals stay exact as strings; dates
 * become ISO 8601 in UTC.
 */
const CONVERTERS: Record<JsKind, (value: never) => SampleValue> = {
  string: (value: string) => value,
  number: (value: number) => (Number.isFinite(value) ? value : String(value)),
  bigint: (value: bigint) =>
    value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString(),
  boolean: (value: boolean) => value,
  undefined: () => null,
  object: (value: object | null) => objectValue(value),
  function: () => null,
  symbol: () => null,
};

export function toJsonValue(value: unknown): SampleValue {
  const convert = CONVERTERS[typeof value] as (value: unknown) => SampleValue;
  return convert(value);
}

/** A driver's row as JSON values, every column through `toJsonValue`. */
export function toJsonRow(row: Readonly<Record<string, unknown>>): Record<string, SampleValue> {
  const out: Record<string, SampleValue> = {};
  for (const [key, value] of Object.entries(row)) out[key] = toJsonValue(value);
  return out;
}

function objectValue(value: object | null): SampleValue {
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value) || isPlainObject(value)) {
    return JSON.stringify(value, (_key, inner: unknown) =>
      typeof inner === 'bigint' ? inner.toString() : inner,
    );
  }
  // Driver value classes (decimals, intervals, …) print themselves exactly.
  return (value as { toString(): string }).toString();
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A count or measured number read back from a query (often a bigint or a decimal string). */
export function toNumber(value: SampleValue | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return 0;
}

/**
 * An SQL timestamp as text (`2024-01-02 03:04:05.5`, `… 01:04:05+00`) as ISO 8601 in UTC;
 * a timestamp without an offset is taken as UTC.
 */
export function isoTimestamp(text: string): string {
  const match =
    /^(\d{4,}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2}(?::?\d{2})?)?$/.exec(text);
  if (!match) return text;
  const offset = match[3] === undefined ? 'Z' : match[3].length === 3 ? `${match[3]}:00` : match[3];
  const date = new Date(`${match[1]}T${match[2]}${offset}`);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/** A 64/128-bit integer as text becomes a number only where that is exact. */
export function exactInteger(text: string): string | number {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : text;
}
