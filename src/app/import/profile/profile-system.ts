import type { CatalogColumn, CatalogGap, CatalogTable } from '../../../core/import/catalog.ts';
import type { ColumnProfile, TableProfile } from '../../../core/import/profile.ts';
import { classifyColumn } from '../../../core/privacy/scan/classify.ts';
import type { EngineConnection, Row } from '../../../engines/engine.ts';
import type { ColumnMeasure, ProfileColumnPlan } from '../../../engines/sql/profile-sql.ts';
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

  const plans: ProfileColumnPlan[] = columns.map((column, i) => ({
    column: column.name,
    logicalType: column.logicalType,
    distinct: column.logicalType !== 'object' && column.logicalType !== 'array',
    range: isOrdered(column.logicalType) && cleared(i),
    lengths: column.logicalType === 'string',
  }));
  const readsText = connection.readsText(relation);
  let rows = 0;
  const measures: ColumnMeasure[] = [];
  const values = new Map<number, readonly string[]>();
  const patterns = new Map<number, string>();
  try {
    const measure = async (chunk: readonly ProfileColumnPlan[]) =>
      readTableMeasure(
        await run(profileAggregateSql(connection.dialect, relation, chunk, readsText)),
        chunk,
      );
    for (let start = 0; start < plans.length; start += COLUMNS_PER_QUERY) {
      const chunk = plans.slice(start, start + COLUMNS_PER_QUERY);
      let measured;
      try {
        measured = await measure(chunk);
      } catch (error) {
        if (error instanceof TimeLimitReached || Date.now() >= deadline - 25) throw error;
        // A type the engine cannot compare or order (PostgreSQL's `point`, `xml`) fails the
        // whole pass: each column is measured alone, and one that still fails is counted only.
        measured = { rows: 0, columns: [] as ColumnMeasure[] };
        for (const plan of chunk) {
          let one;
          try {
            one = await measure([plan]);
          } catch (columnError) {
            if (columnError instanceof TimeLimitReached || Date.now() >= deadline - 25)
              throw columnError;
            gaps.push(
              `column ${plan.column}: distinct values and range not measured (${engineReason(columnError)})`,
            );
            one = await measure([{ ...plan, distinct: false, range: false }]);
          }
          measured = { rows: one.rows, columns: [...measured.columns, ...one.columns] };
        }
      }
      rows = measured.rows;
      measures.push(...measured.columns);
    }
    const enumerable = columns
      .map((column, index) => ({ index, column: column.name }))
      .filter(({ index }) => isEnumerable(columns[index], measures[index], cleared(index)));
    for (let start = 0; start < enumerable.length; start += VALUE_PARTS_PER_QUERY) {
      const chunk = enumerable.slice(start, start + VALUE_PARTS_PER_QUERY);
      const sql = profileValuesSql(connection.dialect, relation, chunk, MAX_ENUM_VALUES + 1);
      for (const [index, list] of readProfileValues(await run(sql))) {
        if (list.length <= MAX_ENUM_VALUES && list.every((v) => v.length <= MAX_ENUM_VALUE_CHARS))
          values.set(index, list);
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
    const reason =
      error instanceof TimeLimitReached || Date.now() >= deadline - 25
        ? timeLimitReason(limitMs)
        : `not profiled: ${engineReason(error)}`;
    return { gaps: [...gaps, reason] };
  }
  const now = options.now?.() ?? new Date();
  return {
    profile: {
      table: table.name,
      rows,
      profiledAt: now.toISOString(),
      columns: columns.map((column, i) =>
        columnProfile(column, rows, measures[i], {
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

function timeLimitReason(limitMs: number): string {
  const seconds = limitMs / 1000;
  const limit = `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
  return `not profiled: its queries ran over the time limit of ${limit}`;
}

/**
 * A category column: text, cleared of personal data, few distinct values, and each value
 * seen more than once on average — a handful of rows would otherwise list free text.
 */
function isEnumerable(
  column: CatalogColumn | undefined,
  measure: ColumnMeasure | undefined,
  cleared: boolean,
): boolean {
  if (column === undefined || measure === undefined || !cleared) return false;
  if (column.logicalType !== 'string' || measure.distinct === undefined) return false;
  return (
    measure.distinct >= 1 &&
    measure.distinct <= MAX_ENUM_VALUES &&
    measure.nonNull >= 2 * measure.distinct &&
    (measure.maxLength ?? 0) <= MAX_ENUM_VALUE_CHARS
  );
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
    readonly values: readonly string[] | undefined;
    readonly pattern: string | undefined;
    readonly personal: ColumnProfile['personalData'];
  },
): ColumnProfile {
  const nonNull = measure?.nonNull ?? 0;
  const exact = measure?.distinct !== undefined;
  return {
    column: column.name,
    nullShare: rows === 0 ? 0 : (rows - nonNull) / rows,
    distinct: measure?.distinct ?? nonNull,
    distinctExact: exact,
    ...(measure?.min === undefined || found.personal ? {} : { min: measure.min }),
    ...(measure?.max === undefined || found.personal ? {} : { max: measure.max }),
    ...(measure?.minLength === undefined ? {} : { minLength: measure.minLength }),
    ...(measure?.maxLength === undefined ? {} : { maxLength: measure.maxLength }),
    ...(found.values === undefined || found.personal ? {} : { values: found.values }),
    ...(found.pattern === undefined || found.personal ? {} : { pattern: found.pattern }),
    ...(found.personal === undefined ? {} : { personalData: found.personal }),
  };
}
