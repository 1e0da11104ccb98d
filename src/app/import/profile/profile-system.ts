import type { CatalogColumn, CatalogGap, CatalogTable } from '../../../core/import/catalog.ts';
import type { ColumnProfile, TableProfile } from '../../../core/import/profile.ts';
import { classifyColumn } from '../../../core/privacy/scan/classify.ts';
import type { EngineConnection, Row } from '../../../engines/engine.ts';
import type {
  ColumnMeasure,
  ProfileColumnPlan,
  TableMeasure,
} from '../../../engines/sql/profile-sql.ts';
import {
  isOrdered,
  patternCheckSql,
  profileAggregateSql,
  profileValuesSql,
  readPatternCheck,
  readProfileValues,
  readTableMeasure,
} from '../../../engines/sql/profile-sql.ts';
import { engineReason } from '../../privacy/scan/engine-reason.ts';
import { MAX_SAMPLE_ROWS, rowsWithinBudget } from '../../privacy/scan/scan-bounds.ts';
import type { ImportedSystem } from '../import-model.ts';
import { inferPattern } from './infer-pattern.ts';
import type { ProfileOptions, SystemProfile } from './profile-options.ts';
import {
  DEFAULT_PROFILE_SAMPLE_ROWS,
  DEFAULT_TABLE_TIMEOUT_MS,
  MAX_ENUM_VALUE_CHARS,
  MAX_ENUM_VALUES,
  MIN_ROWS_FOR_VALUES,
  MIN_ROWS_PER_VALUE,
} from './profile-options.ts';

/** Columns per aggregate statement: PostgreSQL allows 1,664 result columns, each takes ≤ 7. */
const COLUMNS_PER_QUERY = 200;
/** Grouped SELECTs per values statement. */
const VALUE_PARTS_PER_QUERY = 50;

/**
 * `meshwork import --profile`: measures each table of the system in its engine — one
 * bounded sample (for `meshwork scan`'s classifier and the pattern candidates), one
 * aggregate pass, and where needed one grouped pass for low-cardinality values and one
 * pass that checks the pattern candidates against every row; all within a time limit per
 * table that the engine enforces (`EngineConnection.queryWithin`).
 *
 * The personal-data verdict comes first, and it decides what may be kept: a column the
 * classifier suggests as personal data gets counts and lengths only — no values, no range,
 * no pattern. When the sample cannot be drawn, no column can be cleared, so no column of
 * that table gets values, ranges or patterns (and the gap says so). Sampled values live
 * only inside `profileTable` and are never returned.
 */
export async function profileSystem(
  system: ImportedSystem,
  options: ProfileOptions = {},
): Promise<SystemProfile> {
  if (system.data === undefined)
    return {
      profiles: [],
      gaps: [
        { table: null, reason: 'the source has no rows to profile (it describes metadata only)' },
      ],
    };
  let opened;
  try {
    opened = await system.data.open();
  } catch (error) {
    return {
      profiles: [],
      gaps: [{ table: null, reason: `cannot read the data: ${engineReason(error)}` }],
    };
  }
  const profiles: TableProfile[] = [];
  const gaps: CatalogGap[] = [];
  try {
    for (const [index, table] of system.tables.entries()) {
      options.onTable?.(table.name, index, system.tables.length);
      let relation: string;
      try {
        relation = await opened.relation(table.name);
      } catch (error) {
        gaps.push({ table: table.name, reason: `not profiled: ${engineReason(error)}` });
        continue;
      }
      const outcome = await profileTable(opened.connection, relation, table, options);
      if (outcome.profile !== undefined) profiles.push(outcome.profile);
      gaps.push(...outcome.gaps.map((reason) => ({ table: table.name, reason })));
    }
  } finally {
    await opened.connection.close();
  }
  return { profiles, gaps };
}

interface TableOutcome {
  readonly profile?: TableProfile;
  readonly gaps: readonly string[];
}

async function profileTable(
  connection: EngineConnection,
  relation: string,
  table: CatalogTable,
  options: ProfileOptions,
): Promise<TableOutcome> {
  const limitMs = Math.max(1, options.tableTimeoutMs ?? DEFAULT_TABLE_TIMEOUT_MS);
  const deadline = Date.now() + limitMs;
  const gaps: string[] = [];
  const run = async (sql: string): Promise<readonly Row[]> => {
    const left = deadline - Date.now();
    if (left <= 0) throw new TimeLimitReached();
    if (connection.queryWithin === undefined) return connection.query(sql);
    return connection.queryWithin(sql, left);
  };
  if (connection.queryWithin === undefined)
    gaps.push('the engine cannot limit a query’s time: the profile ran without a time limit');
  const columns = table.columns;
  if (columns.length === 0) return { gaps: ['not profiled: it has no columns'] };

  const sample = await sampleAndClassify(connection, relation, table, options, deadline);
  if (Date.now() >= deadline) return { gaps: [timeLimitReason(limitMs)] };
  if (sample.failed !== undefined)
    gaps.push(
      `the sample for the personal-data check could not be drawn (${sample.failed}): no values, ranges or patterns are suggested for any column`,
    );
  const cleared = (i: number): boolean => sample.failed === undefined && !sample.personal.has(i);

  const readsText = connection.readsText(relation);
  const overTime = (error: unknown): boolean =>
    error instanceof TimeLimitReached || Date.now() >= deadline - 25;
  const measure = async (plans: readonly ProfileColumnPlan[]): Promise<TableMeasure> =>
    readTableMeasure(
      await run(profileAggregateSql(connection.dialect, relation, plans, readsText)),
      plans,
    );
  /**
   * The plans in chunks; a type the engine cannot compare or order (PostgreSQL's `point`,
   * `xml`) fails its chunk, so each column of it is measured alone, and one that still
   * fails is counted only — said in the gaps.
   */
  const measureAll = async (plans: readonly ProfileColumnPlan[]): Promise<TableMeasure> => {
    let total = 0;
    const out: ColumnMeasure[] = [];
    for (let start = 0; start < plans.length; start += COLUMNS_PER_QUERY) {
      const chunk = plans.slice(start, start + COLUMNS_PER_QUERY);
      try {
        const measured = await measure(chunk);
        total = measured.rows;
        out.push(...measured.columns);
      } catch (error) {
        if (overTime(error)) throw error;
        for (const plan of chunk) {
          let one: TableMeasure;
          try {
            one = await measure([plan]);
          } catch (columnError) {
            if (overTime(columnError)) throw columnError;
            gaps.push(
              `column ${plan.column}: ${plan.distinct ? 'distinct values' : 'range'} not measured (${engineReason(columnError)})`,
            );
            one = await measure([{ ...plan, distinct: false, range: false }]);
          }
          total = one.rows;
          out.push(...one.columns);
        }
      }
    }
    return { rows: total, columns: out };
  };

  let rows = 0;
  let measures: readonly ColumnMeasure[] = [];
  const distinct = new Map<number, number>();
  const values = new Map<number, readonly string[]>();
  const patterns = new Map<number, string>();
  try {
    // Counts, ranges and lengths: one scan, cheap at any size.
    const first = await measureAll(
      columns.map((column, i) => ({
        column: column.name,
        logicalType: column.logicalType,
        ...formatOf(column),
        distinct: false,
        range: isOrdered(column.logicalType) && cleared(i),
        lengths: column.logicalType === 'string',
      })),
    );
    rows = first.rows;
    measures = first.columns;
    // Few values: the sample rules most columns out (more than 20 distinct values sampled
    // means more in the table); the grouped query, cut at 21, counts the rest exactly.
    const enumerable = columns
      .map((column, index) => ({ index, column: column.name }))
      .filter(({ index }) =>
        isEnumerable(columns[index], measures[index], cleared(index), sample.values[index]),
      );
    const valuesOf = async (
      chunk: readonly { readonly index: number; readonly column: string }[],
    ): Promise<
      ReadonlyMap<number, readonly { readonly value: string; readonly count: number }[]>
    > =>
      readProfileValues(
        await run(profileValuesSql(connection.dialect, relation, chunk, MAX_ENUM_VALUES + 1)),
      );
    for (let start = 0; start < enumerable.length; start += VALUE_PARTS_PER_QUERY) {
      const chunk = enumerable.slice(start, start + VALUE_PARTS_PER_QUERY);
      let found: ReadonlyMap<number, readonly { readonly value: string; readonly count: number }[]>;
      try {
        found = await valuesOf(chunk);
      } catch (error) {
        if (overTime(error)) throw error;
        // A type the engine cannot group by fails its chunk: each column alone, then without.
        const each = new Map<
          number,
          readonly { readonly value: string; readonly count: number }[]
        >();
        for (const one of chunk) {
          try {
            for (const [index, list] of await valuesOf([one])) each.set(index, list);
          } catch (columnError) {
            if (overTime(columnError)) throw columnError;
            gaps.push(`column ${one.column}: values not listed (${engineReason(columnError)})`);
          }
        }
        found = each;
      }
      for (const [index, list] of found) {
        if (list.length > MAX_ENUM_VALUES) continue;
        distinct.set(index, list.length);
        // k-anonymity (MIN_ROWS_FOR_VALUES, MIN_ROWS_PER_VALUE): a value is listed only as
        // a category many rows share, never as the value of one person's row.
        if (
          rows >= MIN_ROWS_FOR_VALUES &&
          list.every((v) => v.count >= MIN_ROWS_PER_VALUE && v.value.length <= MAX_ENUM_VALUE_CHARS)
        )
          values.set(
            index,
            list.map((v) => v.value),
          );
      }
    }
    const candidates = columns.flatMap((column, index) => {
      if (column.logicalType !== 'string' || !cleared(index) || values.has(index)) return [];
      const pattern = inferPattern(sample.values[index] ?? []);
      return pattern === undefined ? [] : [{ index, column: column.name, pattern }];
    });
    if (candidates.length > 0) {
      const held = readPatternCheck(
        await run(patternCheckSql(connection.dialect, relation, candidates)),
        candidates.map((c) => c.index),
      );
      for (const c of candidates) if (held.has(c.index)) patterns.set(c.index, c.pattern);
    }
  } catch (error) {
    const reason = overTime(error)
      ? timeLimitReason(limitMs)
      : `not profiled: ${engineReason(error)}`;
    return { gaps: [...gaps, reason] };
  }
  // Distinct counts last, in the time left: the costliest pass (a sort or hash per column)
  // is the one a large table may go without, and then the rest of its profile still stands.
  const uncounted = columns
    .map((column, index) => ({ column, index }))
    .filter(
      ({ column, index }) =>
        !distinct.has(index) && column.logicalType !== 'object' && column.logicalType !== 'array',
    );
  if (uncounted.length > 0) {
    try {
      const counted = await measureAll(
        uncounted.map(({ column }) => ({
          column: column.name,
          logicalType: column.logicalType,
          distinct: true,
          range: false,
          lengths: false,
        })),
      );
      counted.columns.forEach((m, i) => {
        const index = uncounted[i]?.index;
        if (index !== undefined && m.distinct !== undefined) distinct.set(index, m.distinct);
      });
    } catch (error) {
      gaps.push(
        overTime(error)
          ? `distinct values not counted: the table ran over the time limit of ${secondsOf(limitMs)}`
          : `distinct values not counted: ${engineReason(error)}`,
      );
    }
  }
  const now = options.now?.() ?? new Date();
  return {
    profile: {
      table: table.name,
      rows,
      profiledAt: now.toISOString(),
      columns: columns.map((column, i) =>
        columnProfile(column, rows, measures[i], {
          distinct: distinct.get(i),
          values: values.get(i),
          pattern: patterns.get(i),
          personal: sample.personal.get(i),
        }),
      ),
    },
    gaps,
  };
}

class TimeLimitReached extends Error {}

/** A date read from text in the format the importer found (`05.01.2024`). */
function formatOf(column: CatalogColumn): { format?: string } {
  const format = column.logicalTypeOptions?.format;
  return typeof format === 'string' ? { format } : {};
}

function secondsOf(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

function timeLimitReason(limitMs: number): string {
  return `not profiled: its queries ran over the time limit of ${secondsOf(limitMs)}`;
}

/**
 * A category column, by what is known before the grouped query: text, cleared of personal
 * data, short values, and no more than MAX_ENUM_VALUES distinct values in the sample.
 */
function isEnumerable(
  column: CatalogColumn | undefined,
  measure: ColumnMeasure | undefined,
  cleared: boolean,
  sampled: readonly (string | null)[] | undefined,
): boolean {
  if (column === undefined || measure === undefined || !cleared) return false;
  if (column.logicalType !== 'string' || measure.nonNull === 0) return false;
  if ((measure.maxLength ?? 0) > MAX_ENUM_VALUE_CHARS) return false;
  const seen = new Set((sampled ?? []).filter((v) => v !== null));
  return seen.size <= MAX_ENUM_VALUES;
}

interface SampleVerdict {
  /** Why no sample could be drawn; then no column is cleared. */
  readonly failed?: string;
  /** Column positions the classifier suggests as personal data, with its verdict. */
  readonly personal: ReadonlyMap<number, NonNullable<ColumnProfile['personalData']>>;
  /** The sampled values per column position, for pattern candidates only. */
  readonly values: readonly (readonly (string | null)[])[];
}

async function sampleAndClassify(
  connection: EngineConnection,
  relation: string,
  table: CatalogTable,
  options: ProfileOptions,
  deadline: number,
): Promise<SampleVerdict> {
  const wanted = Math.min(
    MAX_SAMPLE_ROWS,
    Math.max(1, Math.trunc(options.sampleRows ?? DEFAULT_PROFILE_SAMPLE_ROWS)),
  );
  const names = table.columns.map((c) => c.name);
  let sampled;
  try {
    sampled = await connection.sample({
      relation,
      columns: names,
      rows: rowsWithinBudget(wanted, names.length),
      timeoutMs: Math.max(1, deadline - Date.now()),
    });
  } catch (error) {
    return { failed: engineReason(error), personal: new Map(), values: [] };
  }
  const classify = options.classify ?? ((input) => classifyColumn(input));
  const personal = new Map<number, NonNullable<ColumnProfile['personalData']>>();
  table.columns.forEach((column, i) => {
    const verdict = classify({
      object: table.name,
      property: column.name,
      physicalType: column.physicalType ?? column.logicalType,
      logicalType: column.logicalType,
      values: sampled.values[i] ?? [],
    });
    if (verdict.category !== null)
      personal.set(i, { category: verdict.category, confidence: verdict.confidence });
  });
  return { personal, values: sampled.values };
}

function columnProfile(
  column: CatalogColumn,
  rows: number,
  measure: ColumnMeasure | undefined,
  found: {
    readonly distinct: number | undefined;
    readonly values: readonly string[] | undefined;
    readonly pattern: string | undefined;
    readonly personal: ColumnProfile['personalData'];
  },
): ColumnProfile {
  const nonNull = measure?.nonNull ?? 0;
  return {
    column: column.name,
    nullShare: rows === 0 ? 0 : (rows - nonNull) / rows,
    // Unknown: at most every non-NULL value, and said to be no exact count.
    distinct: found.distinct ?? nonNull,
    distinctExact: found.distinct !== undefined,
    // With fewer than k rows the smallest and the largest value are single people's values.
    ...(measure?.min === undefined || found.personal || rows < MIN_ROWS_FOR_VALUES
      ? {}
      : { min: measure.min }),
    ...(measure?.max === undefined || found.personal || rows < MIN_ROWS_FOR_VALUES
      ? {}
      : { max: measure.max }),
    ...(measure?.minLength === undefined ? {} : { minLength: measure.minLength }),
    ...(measure?.maxLength === undefined ? {} : { maxLength: measure.maxLength }),
    ...(found.values === undefined || found.personal ? {} : { values: found.values }),
    ...(found.pattern === undefined || found.personal ? {} : { pattern: found.pattern }),
    ...(found.personal === undefined ? {} : { personalData: found.personal }),
  };
}
