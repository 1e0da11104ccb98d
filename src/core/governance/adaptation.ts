import { issue } from '../findings/codes.ts';
import type { DocumentIssue } from '../findings/finding.ts';
import { governanceCodes } from './catalogue.ts';
import type { ParamBound, ParamValue, PolicyAdaptation } from './policy-model.ts';
import type { LoadedPolicy } from './loaded-policy.ts';

/**
 * The problems of one adaptation against the global policy it adapts: a wrong domain, an
 * unknown policy, no reason, a field the policy does not let domains change, or a value
 * beyond the declared bounds. Any problem means the adaptation is not applied.
 */
export function checkAdaptation(
  adaptation: PolicyAdaptation,
  folder: string,
  target: LoadedPolicy | undefined,
  known: readonly string[],
): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  const policy = adaptation.policy;
  if (adaptation.domain !== folder)
    issues.push(
      issue(governanceCodes, 'adaptation-wrong-domain', { domain: adaptation.domain, folder }, [
        'domain',
      ]),
    );
  if (!target) {
    issues.push(
      issue(
        governanceCodes,
        'adaptation-unknown-policy',
        { policy, known: [...known].sort().slice(0, 20).join(', ') },
        ['policy'],
      ),
    );
    return issues;
  }
  if ((adaptation.reason ?? '').trim() === '')
    issues.push(issue(governanceCodes, 'adaptation-missing-reason', { policy }, ['policy']));
  const adaptable = target.policy.adaptable;
  if (adaptation.severity !== undefined) {
    const allowed = adaptable?.severity;
    if (!allowed)
      issues.push(notAdaptable(policy, 'its severity', adaptableFields(target), ['severity']));
    else if (!allowed.includes(adaptation.severity))
      issues.push(
        issue(
          governanceCodes,
          'adaptation-out-of-bounds',
          {
            policy,
            field: 'the severity',
            value: adaptation.severity,
            bound: `severities ${allowed.join(', ')}`,
          },
          ['severity'],
        ),
      );
  }
  for (const [name, value] of Object.entries(adaptation.params ?? {})) {
    const bound = adaptable?.params?.[name];
    const at = ['params', name];
    if (!bound) {
      issues.push(notAdaptable(policy, `the parameter "${name}"`, adaptableFields(target), at));
      continue;
    }
    const broken = outOfBounds(value, bound);
    if (broken)
      issues.push(
        issue(
          governanceCodes,
          'adaptation-out-of-bounds',
          { policy, field: `the parameter "${name}"`, value: JSON.stringify(value), bound: broken },
          at,
        ),
      );
  }
  return issues;
}

function notAdaptable(
  policy: string,
  field: string,
  allowed: string,
  path: readonly (string | number)[],
): DocumentIssue {
  return issue(governanceCodes, 'adaptation-not-adaptable', { policy, field, allowed }, path);
}

function adaptableFields(target: LoadedPolicy): string {
  const a = target.policy.adaptable;
  return [
    ...(a?.severity ? ['severity'] : []),
    ...Object.keys(a?.params ?? {}).map((p) => `params.${p}`),
  ].join(', ');
}

/** The bound a value breaks, described for the message; undefined when it keeps them all. */
export function outOfBounds(value: ParamValue, bound: ParamBound): string | undefined {
  const range = describeRange(bound);
  if (bound.min !== undefined || bound.max !== undefined) {
    if (typeof value !== 'number') return `a number ${range}`;
    if (bound.min !== undefined && value < bound.min) return range;
    if (bound.max !== undefined && value > bound.max) return range;
  }
  if (bound.oneOf && !bound.oneOf.some((allowed) => allowed === value))
    return `one of ${bound.oneOf.map((v) => JSON.stringify(v)).join(', ')}`;
  return undefined;
}

function describeRange(bound: ParamBound): string {
  if (bound.min !== undefined && bound.max !== undefined)
    return `range ${bound.min} to ${bound.max}`;
  if (bound.min !== undefined) return `minimum ${bound.min}`;
  return `maximum ${bound.max}`;
}
