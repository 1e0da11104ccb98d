import { z } from 'zod';
import type { GrantRowFilter } from './model.ts';

/**
 * A grant's row filter (issue 14) checked against the port's contract: the column is an
 * `object.property` the grant serves, and every value fits the column's logical type.
 * What passes here is data every engine writes with its own quoting and literals (or binds
 * as a parameter); nothing an owner types is ever SQL.
 */

export const MAX_ROW_FILTER_VALUES = 100;
export const MAX_ROW_FILTER_VALUE_CHARS = 200;

/** The logical types a row filter compares: scalar ones with one obvious literal each. */
export const ROW_FILTER_TYPES = ['string', 'integer', 'number', 'boolean', 'date'] as const;
export type RowFilterType = (typeof ROW_FILTER_TYPES)[number];

/** A column a row filter may name: `object.property` and its ODCS logical type. */
export interface RowFilterColumn {
  readonly name: string;
  readonly logicalType?: string;
}

export type RowFilterCheck =
  | { readonly ok: true; readonly filter: GrantRowFilter; readonly type: RowFilterType }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Text without control characters: PostgreSQL text holds no NUL, and none belongs in a filter. */
const plainText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((text) => ![...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\u007f'), {
      message: 'no control characters',
    });

/** An int64 written in decimal: JSON numbers lose digits beyond 2^53, so big ones come as text. */
const INT64_TEXT = /^-?(0|[1-9][0-9]{0,18})$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL_TEXT = /^-?(0|[1-9][0-9]{0,37})(\.[0-9]{1,38})?$/;

const int64Text = z
  .string()
  .regex(INT64_TEXT, 'an integer in decimal digits')
  .refine(
    (text) => {
      // Refinements run after a failed pattern too: only digits reach BigInt.
      if (!INT64_TEXT.test(text)) return true;
      const value = BigInt(text);
      return value >= INT64_MIN && value <= INT64_MAX;
    },
    { message: 'within the 64-bit integer range' },
  );

const VALUE_SCHEMAS: Record<RowFilterType, z.ZodType<string | number | boolean>> = {
  string: plainText(MAX_ROW_FILTER_VALUE_CHARS),
  integer: z.union([
    z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
    int64Text,
  ]),
  number: z.union([z.number().finite(), z.string().regex(DECIMAL_TEXT, 'a decimal number')]),
  // Text too, as a command line writes it; kept as a boolean (checkRowFilter).
  boolean: z.union([z.boolean(), z.enum(['true', 'false'])]),
  date: z.iso.date(),
};

/** The shape of a row filter before the contract is known: bounded, as the API takes it. */
export const rowFilterShape = z
  .object({
    column: plainText(400),
    values: z
      .array(
        z.union([z.string().max(MAX_ROW_FILTER_VALUE_CHARS), z.number().finite(), z.boolean()]),
      )
      .min(1)
      .max(MAX_ROW_FILTER_VALUES),
  })
  .strict();

export function isRowFilterType(type: string | undefined): type is RowFilterType {
  return (ROW_FILTER_TYPES as readonly (string | undefined)[]).includes(type);
}

/**
 * The schema of a row filter on these columns (the granted ones of the port's contract):
 * the column one of them, 1–100 values each fitting its logical type. Values repeat
 * harmlessly, so they are kept once, in the order given.
 */
export function rowFilterSchema(columns: readonly RowFilterColumn[]) {
  const byName = new Map(columns.map((c) => [c.name, c]));
  return rowFilterShape.superRefine((input, ctx) => {
    const column = byName.get(input.column);
    if (column === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['column'],
        message: `"${input.column}" is not a granted column of the port's contract (object.property)`,
      });
      return;
    }
    if (!isRowFilterType(column.logicalType)) {
      ctx.addIssue({
        code: 'custom',
        path: ['column'],
        message: `"${input.column}" has the logical type ${column.logicalType ?? '(none)'}; a row filter compares ${ROW_FILTER_TYPES.join(', ')} columns`,
      });
      return;
    }
    const schema = VALUE_SCHEMAS[column.logicalType];
    input.values.forEach((value, index) => {
      const parsed = schema.safeParse(value);
      if (!parsed.success)
        ctx.addIssue({
          code: 'custom',
          path: ['values', index],
          message: `${JSON.stringify(value).slice(0, 60)} is not a ${column.logicalType} value (${parsed.error.issues[0]?.message ?? 'invalid'})`,
        });
    });
  });
}

/** A row filter checked against the granted columns; every problem at once, with its path. */
export function checkRowFilter(
  input: unknown,
  columns: readonly RowFilterColumn[],
): RowFilterCheck {
  const parsed = rowFilterSchema(columns).safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map(
        (issue) =>
          `rowFilter${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${issue.message}`,
      ),
    };
  const type = columns.find((c) => c.name === parsed.data.column)?.logicalType;
  if (!isRowFilterType(type)) return { ok: false, problems: ['rowFilter.column: no logical type'] };
  const values: (string | number | boolean)[] = [];
  for (const given of parsed.data.values) {
    const value = type === 'boolean' && typeof given === 'string' ? given === 'true' : given;
    if (!values.some((v) => v === value)) values.push(value);
  }
  return { ok: true, filter: { column: parsed.data.column, values }, type };
}

/** "orders.region ∈ {EU, CH}": how lists, audit entries and messages show a filter. */
export function describeRowFilter(filter: GrantRowFilter): string {
  return `${filter.column} ∈ {${filter.values.map((v) => String(v)).join(', ')}}`;
}
