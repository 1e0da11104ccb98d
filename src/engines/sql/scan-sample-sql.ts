import type { Row, SampleOutcome, SamplePlan } from '../engine.ts';
import { SAMPLE_VALUE_MAX_CHARS } from '../engine.ts';

/**
 * `meshwork scan`'s sample query, written once for every dialect: the inner query picks the
 * rows (each dialect its own way) with the columns renamed by position, the outer one turns
 * only the drawn values into text and cuts them — casting the sample, not the table.
 */

interface SampleSyntax {
  readonly quoteIdentifier: (name: string) => string;
  readonly asText: (expression: string) => string;
}

/** The position alias of the i-th sampled column: a file's column may be named anything. */
export function sampleAlias(index: number): string {
  return `c${index}`;
}

/** `"email" AS "c0", "name" AS "c1"` — the inner select list. */
export function sampleInnerColumns(syntax: SampleSyntax, columns: readonly string[]): string {
  return columns
    .map((c, i) => `${syntax.quoteIdentifier(c)} AS ${syntax.quoteIdentifier(sampleAlias(i))}`)
    .join(', ');
}

/** `left(CAST(s."c0" AS text), 200) AS "c0", …` — the outer select list. */
export function sampleOuterColumns(syntax: SampleSyntax, count: number): string {
  return Array.from({ length: count }, (_, i) => {
    const alias = syntax.quoteIdentifier(sampleAlias(i));
    return `left(${syntax.asText(`s.${alias}`)}, ${SAMPLE_VALUE_MAX_CHARS}) AS ${alias}`;
  }).join(', ');
}

/**
 * How to sample a table of about `estimatedRows` rows (undefined: unknown). The engine's
 * cheap sampler is asked for three times the rows wanted, as block sampling varies; a table
 * no bigger than that is read whole and shuffled.
 */
export function planSample(estimatedRows: number | undefined, rows: number): SamplePlan {
  if (estimatedRows === undefined || !Number.isFinite(estimatedRows) || estimatedRows < 0)
    return { kind: 'first', rows };
  const fraction = (3 * rows) / Math.max(estimatedRows, 1);
  if (fraction >= 1) return { kind: 'random', rows };
  return { kind: 'fraction', rows, fraction };
}

/** The rows of a sample query as values per column (text, or null). */
export function sampleOutcome(rows: readonly Row[], count: number, method: string): SampleOutcome {
  const values = Array.from({ length: count }, (_, i) =>
    rows.map((row) => {
      const value = row[sampleAlias(i)];
      return value === null || value === undefined ? null : String(value);
    }),
  );
  return { values, rows: rows.length, method };
}

/** The plan in words, for the scan's evidence. */
export function describePlan(plan: SamplePlan, estimatedRows: number | undefined): string {
  const about =
    estimatedRows === undefined
      ? ''
      : ` of about ${Math.round(estimatedRows).toLocaleString('en')}`;
  switch (plan.kind) {
    case 'random':
      return `up to ${plan.rows} rows at random${about}`;
    case 'fraction':
      return `a ${formatPercent(plan.fraction)} block sample${about} rows, then up to ${plan.rows} at random`;
    case 'first':
      return `the first ${plan.rows} rows (the table's size is not known: no statistics, or a view)`;
  }
}

function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  return `${percent < 0.01 ? percent.toPrecision(2) : Number(percent.toFixed(2))} %`;
}

/**
 * Runs a sample plan. A block or Bernoulli sample sized from an estimate can come back with
 * fewer rows than wanted — even none from a table that has rows, when the statistics are
 * stale or the pages drawn were few. A sample that small would read as "no personal data",
 * so the table is then sampled at random as a whole (within the same time limit), and the
 * method says so.
 */
export async function runSamplePlan(
  plan: SamplePlan,
  estimatedRows: number | undefined,
  columns: number,
  run: (plan: SamplePlan) => Promise<readonly Row[]>,
): Promise<SampleOutcome> {
  const first = await run(plan);
  const method = describePlan(plan, estimatedRows);
  if (plan.kind !== 'fraction' || first.length >= plan.rows)
    return sampleOutcome(first, columns, method);
  const whole: SamplePlan = { kind: 'random', rows: plan.rows };
  const again = await run(whole);
  return sampleOutcome(
    again,
    columns,
    `${method} — it gave only ${first.length}, so ${describePlan(whole, estimatedRows)} of the whole table`,
  );
}
