import { z } from 'zod';
import type { DeepReadonly } from './common.ts';
import {
  ALWAYS,
  COMMON_PARTS,
  authoritativeDefinitions,
  isRecord,
  jsonValue,
  stableId,
  tags,
} from './common.ts';
import type { OdcsProfile } from './versions.ts';

/**
 * Data quality rules (the schema's DataQuality, DataQualityLibrary/Sql/Custom and
 * DataQualityOperators).
 *
 * Which keys a rule may carry depends on its kind, exactly as the schema's `if`/`then`
 * branches decide it (see `qualityRuleKinds`). A library or SQL rule has exactly one
 * operator (`oneOf`); text and custom rules have none.
 *
 * For the engines that run these rules, two points where the written standard and the
 * schema differ, and Meshwork follows the standard:
 * - `mustBeBetween: [a, b]` includes its bounds (a ≤ x ≤ b) and `mustNotBeBetween` excludes
 *   them, as the widely used datacontract CLI implements it; the schema says nothing and one
 *   sentence of the docs calls it "equivalent to mustBeGreaterThan and mustBeLessThan".
 * - In a SQL rule's `query` the placeholders are `{object}` and `{property}` (the current
 *   schema object and property, docs/data-quality.md), not the `${table}` / `${column}` of
 *   the schema's example; `${NAME}` is a variable reference (RFC 0050) resolved by tooling.
 */

export const ODCS_QUALITY_OPERATORS = [
  'mustBe',
  'mustNotBe',
  'mustBeGreaterThan',
  'mustBeGreaterOrEqualTo',
  'mustBeLessThan',
  'mustBeLessOrEqualTo',
  'mustBeBetween',
  'mustNotBeBetween',
] as const;

export type OdcsQualityOperator = (typeof ODCS_QUALITY_OPERATORS)[number];

export const ODCS_SQL_PLACEHOLDERS = ['{object}', '{property}'] as const;

const range = z
  .array(z.number())
  .length(2)
  .refine(([low, high]) => low !== high, {
    message: 'The two bounds of a range must differ',
    params: { code: 'duplicate-items', hint: 'Write [low, high] with low < high.' },
  });

const KIND_KEYS = {
  library: ['metric', 'rule', 'arguments'],
  sql: ['query'],
  custom: ['engine', 'implementation'],
} as const;

const REQUIRED_KEYS = {
  library: ['metric'],
  sql: ['query'],
  custom: ['engine', 'implementation'],
} as const;

type RuleKind = keyof typeof KIND_KEYS;

/**
 * The kinds whose rules apply to a rule, as the schema's `if`s decide: `library` when the
 * type says so or a `metric` (string) is given, `sql` and `custom` by type. A rule may be
 * of more than one kind (a SQL rule that also names a metric) or of none (a text rule, or a
 * rule with neither type nor metric, which can only describe).
 */
export function qualityRuleKinds(rule: Readonly<Record<string, unknown>>): readonly RuleKind[] {
  const kinds: RuleKind[] = [];
  if (rule.type === 'library' || typeof rule.metric === 'string') kinds.push('library');
  if (rule.type === 'sql') kinds.push('sql');
  if (rule.type === 'custom') kinds.push('custom');
  return kinds;
}

function checkKinds(rule: unknown, ctx: z.RefinementCtx): void {
  if (!isRecord(rule)) return;
  const kinds = qualityRuleKinds(rule);
  const label = typeof rule.type === 'string' ? `a ${rule.type} rule` : 'a rule without a type';
  for (const [kind, keys] of Object.entries(KIND_KEYS) as [RuleKind, readonly string[]][]) {
    if (kinds.includes(kind)) continue;
    for (const key of keys) {
      // A metric that is not a string is reported by its type check.
      if (rule[key] === undefined || key === 'metric') continue;
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `"${key}" belongs to ${kind} rules and is not allowed in ${label}`,
        params: {
          code: 'not-allowed-here',
          hint: `Remove "${key}" or set type: ${kind}.`,
          atKey: true,
        },
      });
    }
  }
  for (const kind of kinds) {
    for (const key of REQUIRED_KEYS[kind]) {
      if (rule[key] !== undefined) continue;
      ctx.addIssue({
        code: 'custom',
        message: `Required property "${key}" is missing: ${kind} rules need it`,
        params: { code: 'missing-required', hint: `Add "${key}" to the rule.` },
      });
    }
  }
  checkOperators(rule, kinds.includes('library') || kinds.includes('sql'), label, ctx);
}

function checkOperators(
  rule: Readonly<Record<string, unknown>>,
  compares: boolean,
  label: string,
  ctx: z.RefinementCtx,
): void {
  const present = ODCS_QUALITY_OPERATORS.filter((op) => rule[op] !== undefined);
  if (!compares) {
    for (const op of present) {
      ctx.addIssue({
        code: 'custom',
        path: [op],
        message: `"${op}" is not allowed in ${label}: only library and sql rules compare a result`,
        params: { code: 'not-allowed-here', hint: `Remove "${op}".`, atKey: true },
      });
    }
  } else if (present.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message: `The rule needs one operator (${ODCS_QUALITY_OPERATORS.join(', ')})`,
      params: { code: 'missing-operator', hint: 'Add one operator, e.g. mustBe: 0.' },
    });
  } else if (present.length > 1) {
    for (const op of present.slice(1)) {
      ctx.addIssue({
        code: 'custom',
        path: [op],
        message: `A rule has exactly one operator; "${present[0]}" is already given, so "${op}" is one too many`,
        params: {
          code: 'multiple-operators',
          hint: 'Keep one operator per rule; write a second rule for a second condition.',
          atKey: true,
        },
      });
    }
  }
}

function buildQualityRule(profile: OdcsProfile) {
  const customProperties = COMMON_PARTS[profile].customProperties;
  return z
    .strictObject({
      id: stableId.exactOptional(),
      name: z.string().exactOptional(),
      description: z.string().exactOptional(),
      type: z.enum(['text', 'library', 'sql', 'custom']).exactOptional(),
      dimension: z
        .enum([
          'accuracy',
          'completeness',
          'conformity',
          'consistency',
          'coverage',
          'timeliness',
          'uniqueness',
        ])
        .exactOptional(),
      method: z.string().exactOptional(),
      severity: z.string().exactOptional(),
      businessImpact: z.string().exactOptional(),
      unit: z.string().exactOptional(),
      schedule: z.string().exactOptional(),
      scheduler: z.string().exactOptional(),
      tags: tags.exactOptional(),
      authoritativeDefinitions: authoritativeDefinitions.exactOptional(),
      customProperties: customProperties.exactOptional(),
      // library
      metric: z
        .enum(['nullValues', 'missingValues', 'invalidValues', 'duplicateValues', 'rowCount'])
        .exactOptional(),
      /** Deprecated: use `metric`. */
      rule: z.string().exactOptional(),
      arguments: z.record(z.string(), z.unknown()).exactOptional(),
      // sql
      query: z.string().exactOptional(),
      // custom
      engine: z.string().exactOptional(),
      implementation: z.union([z.string(), z.record(z.string(), z.unknown())]).exactOptional(),
      // operators
      mustBe: jsonValue.exactOptional(),
      mustNotBe: jsonValue.exactOptional(),
      mustBeGreaterThan: z.number().exactOptional(),
      mustBeGreaterOrEqualTo: z.number().exactOptional(),
      mustBeLessThan: z.number().exactOptional(),
      mustBeLessOrEqualTo: z.number().exactOptional(),
      mustBeBetween: range.exactOptional(),
      mustNotBeBetween: range.exactOptional(),
    })
    .superRefine(checkKinds, ALWAYS);
}

export const QUALITY_RULES = {
  'v3.1': z.array(buildQualityRule('v3.1')),
  'v3.2': z.array(buildQualityRule('v3.2')),
} as const;

export type OdcsQualityRule = DeepReadonly<z.output<(typeof QUALITY_RULES)['v3.2']>[number]>;
