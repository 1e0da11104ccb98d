import type {
  CheckResult,
  ColumnRef,
  ContractPlan,
  Measurement,
  ObjectPlan,
  PlannedCheck,
} from '../../core/quality/index.ts';
import { evaluateCheck, notChecked } from '../../core/quality/index.ts';
import type { SqlRuleNames } from '../../core/semantic/index.ts';
import type { ColumnInfo, Dialect, EngineConnection } from '../../engines/engine.ts';
import { toNumber } from '../../engines/json-values.ts';
import type { SampleBudget } from './sample-budget.ts';
import type { Sampled } from './samples.ts';
import { columnsOf, duplicateSamples, samplesOf, typedRelation, withSamples } from './samples.ts';
import type { PhysicalTypes } from '../../engines/sql/check-sql.ts';
import { physicalTypeMatches } from '../../engines/sql/physical-types.ts';
import {
  ageSql,
  countSql,
  duplicatesSql,
  excessAggregate,
  orphanPredicate,
  predicateSql,
  rowPassSql,
  sqlRuleText,
} from '../../engines/sql/check-sql.ts';

/** Aggregates of the one pass that make up one check's value, and its offending-row predicate. */
interface PassItem {
  readonly check: PlannedCheck;
  readonly aggregates: readonly string[];
  readonly predicate: string | undefined;
}

/** How a relationship's target object is read: a FROM item on the same connection. */
export type TargetResolver = (
  object: string,
  contractFile: string | undefined,
) => Promise<ResolvedTarget | undefined>;

export interface ResolvedTarget {
  readonly relation: string;
  /** The column of a property of the target (its `physicalName`, else the name). */
  readonly columnOf: (property: string) => string;
}

export interface PlanContext {
  readonly connection: EngineConnection;
  /** The FROM item of each planned object (a failure: the message why it cannot be read). */
  readonly relationOf: (object: ObjectPlan) => Promise<string>;
  readonly resolveTarget: TargetResolver;
  /**
   * Why a SQL rule must not run (sql-rule-gate.ts), or undefined when it may; asked right
   * before each rule, so a rule that does not validate is never sent to the engine.
   */
  readonly refuseSqlRule: (
    query: string,
    names: SqlRuleNames,
    at: string,
  ) => Promise<string | undefined>;
  /** Whether samples are fetched, and how much of them the run may still hold. */
  readonly samples: SampleBudget;
}

/** A measurement, with how to fetch its samples should the check not pass. */
type Measured = Measurement & { readonly sample?: () => Promise<Sampled> };

/** Runs a contract's planned checks on one connection; one failing object never stops the rest. */
export async function runPlan(plan: ContractPlan, context: PlanContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const relations = new Map<string, string>();
  const failures = new Map<ObjectPlan, string>();
  // Every object is resolved first, so that a SQL rule may name any object of the contract.
  for (const object of plan.objects) {
    try {
      relations.set(object.schema, await context.relationOf(object));
    } catch (error) {
      failures.set(object, `cannot read ${object.schema}: ${reason(error)}`);
    }
  }
  const names = new Map<string, string>();
  for (const object of plan.objects) {
    const relation = relations.get(object.schema);
    if (relation === undefined || failures.has(object)) continue;
    names.set(object.schema, relation);
    names.set(object.physicalName, relation);
  }
  for (const object of plan.objects) {
    const failure = failures.get(object);
    if (failure !== undefined) {
      const message = failure;
      results.push(...object.checks.map((check) => evaluateCheck(check, { ok: false, message })));
      continue;
    }
    results.push(...(await runObject(object, relations.get(object.schema)!, context, names)));
  }
  for (const check of plan.contractChecks) {
    const measure = check.measure;
    if (measure.type !== 'age') {
      results.push(
        notChecked(check, measure.type === 'unsupported' ? measure.reason : 'unsupported'),
      );
      continue;
    }
    const relation = relations.get(measure.object);
    const column =
      plan.objects
        .find((object) => object.schema === measure.object)
        ?.columns.find((c) => c.property === measure.column)?.column ?? measure.column;
    if (relation === undefined) {
      results.push(notChecked(check, `schema object ${measure.object} is not read in this run`));
      continue;
    }
    results.push(
      await measureSafely(check, async () => {
        const rows = await context.connection.query(
          ageSql(context.connection.dialect, relation, column, measure.of),
        );
        return { ok: true, value: Math.round(toNumber(rows[0]?.age)) };
      }),
    );
  }
  return results;
}

async function runObject(
  object: ObjectPlan,
  relation: string,
  context: PlanContext,
  names: ReadonlyMap<string, string>,
): Promise<CheckResult[]> {
  const { connection } = context;
  const { dialect } = connection;
  let catalog: readonly ColumnInfo[] | undefined;
  try {
    catalog = await connection.columns(relation);
  } catch (error) {
    const message = `cannot read ${object.schema}: ${reason(error)}`;
    return object.checks.map((check) => evaluateCheck(check, { ok: false, message }));
  }
  const physical: PhysicalTypes = new Map((catalog ?? []).map((c) => [c.name, c.type]));
  const missing = (column: ColumnRef): boolean =>
    catalog !== undefined && !physical.has(column.column);
  const results = new Map<PlannedCheck, CheckResult>();
  const rowChecks: PassItem[] = [];
  const rest: PlannedCheck[] = [];

  for (const check of object.checks) {
    const measure = check.measure;
    const columns = columnsOf(check);
    if (measure.type === 'present') {
      results.set(check, presence(check, measure.required, catalog, missing(measure.column)));
    } else if (measure.type === 'physicalType') {
      // Only a catalog knows physical types: CSV and JSON scans read every column as text,
      // so there the check is not planned at all (docs/testing.md) rather than passed.
      if (catalog === undefined || !dialect.capabilities.hasCatalog) continue;
      if (connection.readsText(relation)) continue;
      const actual = physical.get(measure.column.column);
      results.set(
        check,
        actual === undefined
          ? notChecked(check, `column ${measure.column.column} is missing`)
          : comparePhysicalType(check, measure.declared, actual, dialect),
      );
    } else if (columns.some(missing)) {
      results.set(
        check,
        notChecked(
          check,
          `column ${columns
            .filter(missing)
            .map((c) => c.column)
            .join(', ')} is missing`,
        ),
      );
    } else if (measure.type === 'rows') {
      const predicate = predicateSql(dialect, measure.column, measure.predicate, physical);
      if (predicate === undefined) results.set(check, evaluateCheck(check, { ok: true, value: 0 }));
      else rowChecks.push({ check, aggregates: [dialect.countIf(predicate)], predicate });
    } else if (
      (measure.type === 'duplicates' || measure.type === 'primaryKey') &&
      measure.columns.length === 1
    ) {
      const column = measure.columns[0]!.column;
      const aggregates = [excessAggregate(dialect, column)];
      if (measure.type === 'primaryKey') {
        aggregates.push(dialect.countIf(`${dialect.quoteIdentifier(column)} IS NULL`));
      }
      rowChecks.push({ check, aggregates, predicate: undefined });
    } else rest.push(check);
  }

  let total = 0;
  try {
    const rows = await connection.query(
      rowPassSql(
        dialect,
        relation,
        rowChecks.flatMap((r) => r.aggregates),
      ),
    );
    const counts = rows[0] ?? {};
    total = toNumber(counts.n);
    let index = 0;
    for (const { check, aggregates, predicate } of rowChecks) {
      let value = 0;
      for (const _ of aggregates) value += toNumber(counts[`c${index++}`]);
      let result = evaluateCheck(check, { ok: true, value, total });
      if (result.status !== 'passed' && value > 0) {
        const sampled =
          predicate === undefined
            ? await duplicateSamples(object, check, relation, connection, context.samples)
            : await samplesOf(object, check, relation, predicate, connection, context.samples);
        result = withSamples(result, sampled);
      }
      results.set(check, result);
    }
  } catch (error) {
    const message = `the checks of ${object.schema} could not run: ${reason(error)}`;
    for (const { check } of rowChecks)
      results.set(check, evaluateCheck(check, { ok: false, message }));
  }
  const typed = connection.readsText(relation)
    ? typedRelation(object, relation, physical, dialect)
    : relation;
  for (const check of rest) {
    results.set(
      check,
      await measureSafely(check, () =>
        measureOther(object, check, typed, total, { ...context, names }),
      ),
    );
  }
  return object.checks.flatMap((check) => {
    const result = results.get(check);
    return result ? [result] : [];
  });
}

/**
 * A column is present when the data has it. A field that no record of schemaless data
 * has (ColumnInfo.absent) is read as NULLs: fine for an optional property, a failed
 * `present` for a required one. Every other missing column fails.
 */
function presence(
  check: PlannedCheck,
  required: boolean,
  catalog: readonly ColumnInfo[] | undefined,
  missing: boolean,
): CheckResult {
  const column = check.measure.type === 'present' ? check.measure.column.column : '';
  const absent = catalog?.find((c) => c.name === column)?.absent === true;
  const result = evaluateCheck(check, { ok: true, value: missing || (absent && required) ? 1 : 0 });
  if (!absent) return result;
  return {
    ...result,
    message: required
      ? `${check.schema ?? ''}.${check.property ?? ''}: no record has the field "${column}", and the property is required`
      : `${check.schema ?? ''}.${check.property ?? ''}: no record has the field "${column}"; the optional property is read as null`,
  };
}

/**
 * The declared `physicalType` against the catalog's, both in the dialect's canonical
 * spelling. A declared type the dialect does not know is a warning: passing it silently
 * would promise a comparison that did not happen.
 */
export function comparePhysicalType(
  check: PlannedCheck,
  declared: string,
  actual: string,
  dialect: Dialect,
): CheckResult {
  const where = `${check.schema ?? 'contract'}.${check.property ?? ''}`;
  const wanted = dialect.physicalTypeName(declared);
  if (wanted === undefined) {
    return notChecked(
      check,
      `the declared physicalType "${declared}" is not a type Meshwork knows for this engine (the column is ${actual})`,
    );
  }
  const found = dialect.physicalTypeName(actual) ?? actual.trim().toLowerCase();
  const matches = physicalTypeMatches(declared, wanted, found);
  const result = evaluateCheck(check, { ok: true, value: matches ? 0 : 1 });
  return {
    ...result,
    message: matches
      ? `${where}: physical type ${actual} is the declared ${declared}`
      : `${where}: physical type is ${actual}, the contract declares ${declared}`,
  };
}

async function measureOther(
  object: ObjectPlan,
  check: PlannedCheck,
  relation: string,
  total: number,
  context: PlanContext & { readonly names: ReadonlyMap<string, string> },
): Promise<Measured> {
  const { connection } = context;
  const { dialect } = connection;
  const measure = check.measure;
  switch (measure.type) {
    case 'rowCount':
      return { ok: true, value: total };
    case 'duplicates':
    case 'primaryKey': {
      const names = measure.columns.map((c) => c.column);
      const rows = await connection.query(duplicatesSql(dialect, relation, names));
      const extra = toNumber(rows[0]?.extra);
      const value = extra + (measure.type === 'primaryKey' ? toNumber(rows[0]?.nulls) : 0);
      if (value === 0) return { ok: true, value, total };
      return {
        ok: true,
        value,
        total,
        sample: () => duplicateSamples(object, check, relation, connection, context.samples),
      };
    }
    case 'relationship': {
      // The data under test was read; a target that cannot be (another contract's data on
      // another server, an upstream snapshot not yet built) leaves the check undecided.
      const target = await context.resolveTarget(measure.toObject, measure.toContract);
      if (target === undefined) {
        return {
          ok: false,
          message: `not checked: the referenced object ${measure.toObject} is not readable on this engine`,
        };
      }
      try {
        await connection.columns(target.relation);
      } catch (error) {
        return {
          ok: false,
          message: `not checked: the referenced object ${measure.toObject} cannot be read: ${reason(error)}`,
        };
      }
      const predicate = orphanPredicate(
        dialect,
        measure.from.map((c) => c.column),
        target.relation,
        measure.toColumns.map(target.columnOf),
      );
      const rows = await connection.query(countSql(relation, predicate));
      const value = toNumber(rows[0]?.n);
      if (value === 0) return { ok: true, value, total };
      return {
        ok: true,
        value,
        total,
        sample: () => samplesOf(object, check, relation, predicate, connection, context.samples),
      };
    }
    case 'sql': {
      const column = object.columns.find((c) => c.property === check.property)?.column;
      const refusal = await context.refuseSqlRule(
        measure.query,
        { object: object.physicalName, property: check.property === null ? undefined : column },
        check.id,
      );
      if (refusal !== undefined) return { ok: false, message: refusal };
      const rows = await connection.queryRule(
        sqlRuleText(dialect, measure.query, relation, check, column),
        { names: ruleNames(measure.query, object, relation, context.names) },
      );
      const first = rows[0] ? Object.values(rows[0])[0] : 0;
      return { ok: true, value: toNumber(first ?? 0) };
    }
    case 'unsupported':
      return { ok: false, message: `not checked: ${measure.reason}` };
    default:
      return { ok: false, message: `${measure.type} is not measured per object` };
  }
}

/**
 * The names a SQL rule may use besides {object} (issue 9): its own object (typed, as
 * {object} is) and the contract's other objects its text mentions, so that a sandbox is
 * not made to prepare views no rule reads.
 */
function ruleNames(
  query: string,
  object: ObjectPlan,
  typed: string,
  all: ReadonlyMap<string, string>,
): Record<string, string> {
  const text = query.toLowerCase();
  const names: Record<string, string> = {};
  for (const [name, relation] of all) {
    if (text.includes(name.toLowerCase())) names[name] = relation;
  }
  names[object.schema] = typed;
  names[object.physicalName] = typed;
  return names;
}

/** Evaluates a measurement; only a check that did not pass fetches its samples. */
async function measureSafely(
  check: PlannedCheck,
  measure: () => Promise<Measured>,
): Promise<CheckResult> {
  try {
    const measurement = await measure();
    if (!measurement.ok && measurement.message.startsWith('not checked: ')) {
      return notChecked(check, measurement.message.slice('not checked: '.length));
    }
    const result = evaluateCheck(check, measurement);
    if (result.status === 'passed' || !measurement.ok || !measurement.sample) return result;
    return withSamples(result, await measurement.sample());
  } catch (error) {
    return evaluateCheck(check, { ok: false, message: reason(error) });
  }
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}
