import type { Environment } from '@marcbachmann/cel-js';
import { issue } from '../findings/codes.ts';
import type { Finding, Severity } from '../findings/finding.ts';
import { sortFindings } from '../findings/finding.ts';
import type { MeshModel } from '../mesh/mesh-model.ts';
import { governanceCodes } from './catalogue.ts';
import { createPolicyEnvironment } from './cel-environment.ts';
import { fillParams } from './fill-params.ts';
import type { Adapted, LoadedPolicy } from './loaded-policy.ts';
import type { TargetKind } from './policy-model.ts';
import type { PolicySet } from './policy-set.ts';
import type { Target } from './targets.ts';
import { collectTargets } from './targets.ts';

/** The outcome of one policy for one target: what scorecards are counted from. */
export interface PolicyResult {
  readonly policy: string;
  readonly severity: Severity;
  readonly appliesTo: TargetKind;
  readonly domain: string | undefined;
  /** The product's id (or folder) for product-level targets and below. */
  readonly product: string | undefined;
  readonly passed: boolean;
}

export interface GovernanceReport {
  readonly findings: Finding[];
  readonly results: PolicyResult[];
  /** How many policies were evaluated (compiled without error). */
  readonly policies: number;
  readonly targets: number;
}

type Compiled = (context: Record<string, unknown>) => unknown;

interface Failure {
  count: number;
  target: string;
  reason: string;
}

/**
 * Evaluates every policy of the set for every target of its `appliesTo` kind in its
 * scope (a domain's own policies only in that domain), with the parameters and severity
 * of the target domain's adaptation. Each rule and guard is compiled once; one that does
 * not compile, or throws or returns no boolean at runtime, is a finding at its line in
 * the policy file and never stops the other policies.
 */
export function evaluatePolicies(model: MeshModel, set: PolicySet): GovernanceReport {
  const env = createPolicyEnvironment(model);
  const targets = collectTargets(model);
  const findings: Finding[] = [...set.findings];
  const results: PolicyResult[] = [];
  const contexts = new Map<Target, Record<string, unknown>>();
  let evaluated = 0;
  let targetCount = 0;
  for (const kind of targets.values()) targetCount += kind.length;
  for (const loaded of set.policies) {
    const rule = compile(env, loaded, 'rule', findings);
    const guard = loaded.policy.when === undefined ? null : compile(env, loaded, 'when', findings);
    if (!rule || guard === undefined) continue;
    evaluated++;
    const failures: Record<'rule' | 'when', Failure | undefined> = {
      rule: undefined,
      when: undefined,
    };
    const adaptations = set.adaptations.get(loaded.policy.id);
    for (const target of targets.get(loaded.policy.appliesTo) ?? []) {
      if (loaded.scope !== undefined && target.domain !== loaded.scope) continue;
      const adapted = target.domain === undefined ? undefined : adaptations?.get(target.domain);
      const params = adapted?.params ?? loaded.params;
      const context = contextOf(target, contexts);
      context.params = params;
      if (guard) {
        const applies = run(guard, context);
        if (applies !== true) {
          if (applies !== false) note(failures, 'when', target, applies);
          continue;
        }
      }
      const outcome = run(rule, context);
      if (typeof outcome !== 'boolean') {
        note(failures, 'rule', target, outcome);
        continue;
      }
      const severity = adapted?.severity ?? loaded.severity;
      results.push({
        policy: loaded.policy.id,
        severity,
        appliesTo: loaded.policy.appliesTo,
        domain: target.domain,
        product: target.product ? (target.product.id ?? target.product.productFolder) : undefined,
        passed: outcome,
      });
      if (!outcome) findings.push(violation(loaded, target, severity, params, adapted));
    }
    for (const field of ['when', 'rule'] as const) {
      const failure = failures[field];
      if (!failure) continue;
      findings.push(
        ...loaded.source.place([
          issue(
            governanceCodes,
            'policy-rule-failed',
            { id: loaded.policy.id, field, ...failure },
            [field],
          ),
        ]),
      );
    }
  }
  return { findings: sortFindings(findings), results, policies: evaluated, targets: targetCount };
}

/**
 * One context object per target, reused by every policy with only `params` replaced:
 * hundreds of thousands of evaluations would otherwise each allocate a copy.
 */
function contextOf(
  target: Target,
  contexts: Map<Target, Record<string, unknown>>,
): Record<string, unknown> {
  let context = contexts.get(target);
  if (!context) {
    context = { ...target.variables, params: null };
    contexts.set(target, context);
  }
  return context;
}

/** A compiled expression; undefined (with a finding) when it does not compile. */
function compile(
  env: Environment,
  loaded: LoadedPolicy,
  field: 'rule' | 'when',
  findings: Finding[],
): Compiled | undefined {
  const expression = field === 'rule' ? loaded.policy.rule : (loaded.policy.when ?? 'true');
  let reason: string;
  try {
    const parsed = env.parse(expression);
    const checked = parsed.check();
    if (checked.valid && (checked.type === 'bool' || checked.type === 'dyn')) return parsed;
    reason = checked.valid
      ? `it returns ${checked.type ?? 'a value'}, not a bool`
      : summarise(checked.error);
  } catch (error) {
    reason = summarise(error);
  }
  findings.push(
    ...loaded.source.place([
      issue(governanceCodes, 'policy-rule-invalid', { id: loaded.policy.id, field, reason }, [
        field,
      ]),
    ]),
  );
  return undefined;
}

/** The value of an expression, or the error it threw (as an Error). */
function run(compiled: Compiled, context: Record<string, unknown>): unknown {
  try {
    return compiled(context);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function note(
  failures: Record<'rule' | 'when', Failure | undefined>,
  field: 'rule' | 'when',
  target: Target,
  value: unknown,
): void {
  const existing = failures[field];
  if (existing) {
    existing.count++;
    return;
  }
  const reason =
    value instanceof Error
      ? summarise(value)
      : `it returned ${JSON.stringify(value) ?? String(value)}, not true or false`;
  failures[field] = { count: 1, target: target.label, reason };
}

/** The one-line summary of a CEL error (its message repeats the expression with a caret). */
function summarise(error: unknown): string {
  if (error instanceof Error) {
    const summary = (error as { summary?: unknown }).summary;
    const text = typeof summary === 'string' && summary ? summary : error.message;
    const range = (error as { range?: { start: number } }).range;
    const at = range ? ` (at character ${range.start + 1})` : '';
    return `${text.split('\n')[0] ?? text}${at}`;
  }
  return String(error);
}

function violation(
  loaded: LoadedPolicy,
  target: Target,
  severity: Severity,
  params: Readonly<Record<string, unknown>>,
  adapted: Adapted | undefined,
): Finding {
  const [placed] = target.doc.source.place([
    issue(
      governanceCodes,
      'policy-violation',
      {
        title: loaded.policy.title,
        target: target.label,
        hint: fillParams(loaded.policy.hint, params),
      },
      target.path,
      { severity },
    ),
  ]);
  return {
    ...placed!,
    policy: loaded.policy.id,
    params,
    ...(adapted ? { adaptedBy: adapted.domain } : {}),
  };
}
