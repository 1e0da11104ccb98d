import type { AccessFinding } from '../access/model.ts';
import type { MeshModel } from '../mesh/mesh-model.ts';
import { createPolicyEnvironment } from './cel-environment.ts';
import { fillParams, namesParam } from './fill-params.ts';
import type { LoadedPolicy } from './loaded-policy.ts';
import type { ParamValue, PolicyEffect } from './policy-model.ts';
import type { PolicySet } from './policy-set.ts';

/** The CEL variables of an access policy (docs/governance.md, "Access policies"). */
export interface AccessPolicyVariables {
  readonly request: Readonly<Record<string, unknown>>;
  readonly product: unknown;
  readonly port: unknown;
  readonly contract: unknown;
  readonly purpose: unknown;
  /** The producing domain's domain.yaml. */
  readonly domain: unknown;
}

export interface AccessPolicyOutcome {
  /** `check` policies whose rule was false, and policies that could not be evaluated. */
  readonly findings: readonly AccessFinding[];
  /** Ids of the policies whose effect applies, per effect (check excluded). */
  readonly effects: Readonly<Record<Exclude<PolicyEffect, 'check'>, readonly string[]>>;
  /**
   * Ids of the `waive-dpo` policies that lifted a DPO approval a `require-dpo` policy asked
   * for; each is also a warning finding, so approvers and the audit see who waived it.
   */
  readonly dpoWaivedBy: readonly string[];
}

/** What the evaluator is told about a request besides its CEL variables. */
export interface AccessRequestFacts {
  /** Any column of the port (not only of the request) is personal data. */
  readonly portPersonal: boolean;
}

/** The review of grants for one producing domain: from `recertify` policies' params. */
export interface GrantReview {
  /** Owners recertify an active grant within this many days, else it lapses; null: never. */
  readonly recertifyEveryDays: number | null;
  /** Owners are reminded this many days before a grant ends; null: not reminded. */
  readonly remindDaysBefore: number | null;
}

type Compiled = (context: Record<string, unknown>) => unknown;

interface CompiledPolicy {
  readonly loaded: LoadedPolicy;
  readonly rule: Compiled | null;
  readonly guard: Compiled | null;
  /** Why it does not compile; lint reports it at its line, here it blocks requests it would check. */
  readonly broken: string | null;
}

export interface AccessPolicyEvaluator {
  evaluate(
    producingDomain: string,
    variables: AccessPolicyVariables,
    facts: AccessRequestFacts,
  ): AccessPolicyOutcome;
  review(producingDomain: string): GrantReview;
}

/**
 * Compiles the `appliesTo: accessRequest` policies of a set once (per mesh revision) and
 * evaluates them for one request: each policy in scope of the producing domain, with that
 * domain's adaptation. A rule that does not compile or throws never lets a request through
 * unchecked: for a `check` policy it is an error finding, for an effect it does not apply.
 * Two walls around the DPO's approval of personal data: a domain's own `auto-approve` does
 * not apply to a port with personal data (an info finding says so; `waive-dpo` a domain
 * cannot write at all, policy-set.ts), and every waived DPO approval is a warning naming
 * the waiving policy.
 */
export function createAccessPolicyEvaluator(
  model: MeshModel,
  set: PolicySet,
): AccessPolicyEvaluator {
  const env = createPolicyEnvironment(model);
  const compile = (expression: string): Compiled => {
    const parsed = env.parse(expression);
    const checked = parsed.check();
    if (!checked.valid) throw checked.error ?? new Error('does not type-check');
    return parsed;
  };
  const policies: CompiledPolicy[] = set.policies
    .filter((p) => p.policy.appliesTo === 'accessRequest')
    .map((loaded) => {
      try {
        return {
          loaded,
          rule: compile(loaded.policy.rule),
          guard: loaded.policy.when === undefined ? null : compile(loaded.policy.when),
          broken: null,
        };
      } catch (error) {
        return { loaded, rule: null, guard: null, broken: summarise(error) };
      }
    });
  const inScope = (p: CompiledPolicy, domain: string): boolean =>
    p.loaded.scope === undefined || p.loaded.scope === domain;
  const adapted = (p: CompiledPolicy, domain: string) =>
    set.adaptations.get(p.loaded.policy.id)?.get(domain);

  return {
    evaluate(domain, variables, facts) {
      const findings: AccessFinding[] = [];
      const waivers: LoadedPolicy[] = [];
      const effects: Record<Exclude<PolicyEffect, 'check'>, string[]> = {
        'require-dpo': [],
        'waive-dpo': [],
        'auto-approve': [],
        recertify: [],
      };
      for (const p of policies) {
        if (!inScope(p, domain)) continue;
        const { policy } = p.loaded;
        const adaptation = adapted(p, domain);
        const params = adaptation?.params ?? p.loaded.params;
        const severity = adaptation?.severity ?? p.loaded.severity;
        const effect = policy.effect ?? 'check';
        const context: Record<string, unknown> = { ...variables, params };
        const outcome = p.broken !== null ? new Error(p.broken) : run(p, context);
        if (outcome instanceof Error) {
          findings.push({
            policy: policy.id,
            severity: effect === 'check' ? 'error' : 'warning',
            message: `The policy "${policy.title}" could not be evaluated (${outcome.message}); ${
              effect === 'check' ? 'the request cannot pass it' : 'its effect does not apply'
            }.`,
          });
          continue;
        }
        if (outcome === 'skip') continue;
        if (effect === 'check') {
          if (!outcome)
            findings.push({
              policy: policy.id,
              severity,
              message: messageOf(p.loaded, params),
              params,
            });
        } else if (!outcome) continue;
        else if (effect === 'auto-approve' && p.loaded.origin === 'domain' && facts.portPersonal)
          findings.push({
            policy: policy.id,
            severity: 'info',
            message: `The domain policy "${policy.title}" does not approve access to a port with personal data; only a global policy may. The owners decide.`,
          });
        else {
          effects[effect].push(policy.id);
          if (effect === 'waive-dpo') waivers.push(p.loaded);
        }
      }
      const dpoWaivedBy = effects['require-dpo'].length > 0 ? waivers : [];
      for (const waiver of dpoWaivedBy)
        findings.push({
          policy: waiver.policy.id,
          severity: 'warning',
          message: `The data protection officer's approval of personal data (${effects['require-dpo'].join(', ')}) is waived by the policy "${waiver.policy.title}" (${waiver.policy.id}, ${waiver.source.file}); only the owners approve.`,
        });
      return { findings, effects, dpoWaivedBy: dpoWaivedBy.map((w) => w.policy.id) };
    },
    review(domain) {
      let recertify: number | null = null;
      let remind: number | null = null;
      for (const p of policies) {
        if (p.loaded.policy.effect !== 'recertify' || !inScope(p, domain)) continue;
        const params = adapted(p, domain)?.params ?? p.loaded.params;
        const every = positive(params.recertifyEveryDays);
        const before = positive(params.remindDaysBefore);
        // Several review policies: the strictest interval, the earliest reminder.
        if (every !== null) recertify = recertify === null ? every : Math.min(recertify, every);
        if (before !== null) remind = remind === null ? before : Math.max(remind, before);
      }
      return { recertifyEveryDays: recertify, remindDaysBefore: remind };
    },
  };
}

/** true/false for the rule, 'skip' when the guard is false, an Error when either fails. */
function run(p: CompiledPolicy, context: Record<string, unknown>): boolean | 'skip' | Error {
  try {
    if (p.guard) {
      const applies = p.guard(context);
      if (applies === false) return 'skip';
      if (applies !== true) return new Error(`its guard returned ${describe(applies)}`);
    }
    const result = p.rule!(context);
    return typeof result === 'boolean' ? result : new Error(`it returned ${describe(result)}`);
  } catch (error) {
    return new Error(summarise(error));
  }
}

/** Title and hint with the params that apply filled in; params the hint does not name follow. */
function messageOf(loaded: LoadedPolicy, params: Readonly<Record<string, ParamValue>>): string {
  const { hint } = loaded.policy;
  const shown = Object.entries(params)
    .filter(([k]) => !namesParam(hint, k))
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  const suffix = shown.length > 0 ? ` (${shown.join(', ')})` : '';
  return `${loaded.policy.title}: ${fillParams(hint, params)}${suffix}`;
}

function positive(value: ParamValue | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? typeof value;
}

function summarise(error: unknown): string {
  if (error instanceof Error) {
    const summary = (error as { summary?: unknown }).summary;
    const text = typeof summary === 'string' && summary ? summary : error.message;
    return text.split('\n')[0] ?? text;
  }
  return String(error);
}
