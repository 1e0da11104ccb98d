import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compliantMesh, lintFiles, policyYaml, summarise } from './support.ts';

/**
 * A global latency policy that domains may relax to at most 7 days and to a warning;
 * the compliant mesh promises 1 day, so a strict maximum of 0.5 makes both contracts fail.
 */
const POLICY = policyYaml({
  id: 'fresh',
  appliesTo: 'contract',
  rule: "slaInDays(contract, 'latency') <= double(params.maxDays)",
  extra: [
    'params:',
    '  maxDays: 0.5',
    '  label: strict',
    'adaptable:',
    '  severity: [error, warning]',
    '  params:',
    '    maxDays: { min: 0.5, max: 7 }',
  ].join('\n'),
});

function adaptation(lines: string[]): string {
  return ['apiVersion: meshwork/v1', 'kind: PolicyAdaptation', ...lines, ''].join('\n');
}

function lint(adaptations: Record<string, string>): ReturnType<typeof lintFiles> {
  return lintFiles({ ...compliantMesh(), 'policies/fresh.policy.yaml': POLICY, ...adaptations });
}

const MARKETING = 'domains/marketing/policies/fresh.yaml';
const SALES_CONTRACT = 'domains/sales/orders/orders.odcs.yaml:1 error fresh';
const MARKETING_CONTRACT = 'domains/marketing/campaigns/campaigns.odcs.yaml:1 error fresh';

describe('policy adaptations', () => {
  it('change a global policy for their domain only, within bounds', () => {
    const report = lint({
      [MARKETING]: adaptation([
        'domain: marketing',
        'policy: fresh',
        'severity: warning',
        'params:',
        '  maxDays: 7',
        'reason: Campaign data arrives weekly from the agency.',
      ]),
    });
    assert.deepEqual(summarise(report.findings), [SALES_CONTRACT]);
    const sales = report.findings[0]!;
    assert.deepEqual(sales.params, { maxDays: 0.5, label: 'strict' });
    assert.equal(sales.adaptedBy, undefined);
    const marketing = report.results.find((r) => r.domain === 'marketing')!;
    assert.equal(marketing.passed, true);
    assert.equal(marketing.severity, 'warning');
  });

  it('report the adapting domain and the effective severity and parameters', () => {
    const report = lint({
      [MARKETING]: adaptation([
        'domain: marketing',
        'policy: fresh',
        'severity: warning',
        'params:',
        '  maxDays: 0.75',
        'reason: Agency data.',
      ]),
    });
    const finding = report.findings.find((f) => f.adaptedBy === 'marketing')!;
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.params, { maxDays: 0.75, label: 'strict' });
    assert.equal(finding.file, 'domains/marketing/campaigns/campaigns.odcs.yaml');
  });

  const broken: [string, string[], string[]][] = [
    [
      'beyond the bounds',
      ['domain: marketing', 'policy: fresh', 'params:', '  maxDays: 14', 'reason: Weekly.'],
      [`${MARKETING}:6 error adaptation-out-of-bounds`],
    ],
    [
      'of a severity not allowed',
      ['domain: marketing', 'policy: fresh', 'severity: info', 'reason: Weekly.'],
      [`${MARKETING}:5 error adaptation-out-of-bounds`],
    ],
    [
      'of a parameter that is not adaptable',
      ['domain: marketing', 'policy: fresh', 'params:', '  label: lax', 'reason: Weekly.'],
      [`${MARKETING}:6 error adaptation-not-adaptable`],
    ],
    [
      'without a reason',
      ['domain: marketing', 'policy: fresh', 'params:', '  maxDays: 7'],
      [`${MARKETING}:4 error adaptation-missing-reason`],
    ],
    [
      'of an unknown policy',
      ['domain: marketing', 'policy: frseh', 'params:', '  maxDays: 7', 'reason: Weekly.'],
      [`${MARKETING}:4 error adaptation-unknown-policy`],
    ],
    [
      'for another domain than its folder',
      ['domain: sales', 'policy: fresh', 'params:', '  maxDays: 7', 'reason: Weekly.'],
      [`${MARKETING}:3 error adaptation-wrong-domain`],
    ],
  ];
  for (const [what, lines, expected] of broken) {
    it(`${what} is an error at its line, and the global policy applies unchanged`, () => {
      const report = lint({ [MARKETING]: adaptation(lines) });
      assert.deepEqual(summarise(report.findings), [
        MARKETING_CONTRACT,
        ...expected,
        SALES_CONTRACT,
      ]);
      const marketing = report.findings.find(
        (f) => f.policy === 'fresh' && f.file.includes('marketing'),
      )!;
      assert.equal(marketing.adaptedBy, undefined);
      assert.deepEqual(marketing.params, { maxDays: 0.5, label: 'strict' });
    });
  }

  it('of a policy that declares nothing adaptable is refused', () => {
    const report = lintFiles({
      ...compliantMesh(),
      'policies/rigid.policy.yaml': policyYaml({ id: 'rigid', appliesTo: 'mesh', rule: 'true' }),
      [MARKETING]: adaptation([
        'domain: marketing',
        'policy: rigid',
        'severity: info',
        'reason: x',
      ]),
    });
    assert.deepEqual(summarise(report.findings), [`${MARKETING}:5 error adaptation-not-adaptable`]);
  });

  it('in the global policies folder is misplaced, and a second one for the same policy is refused', () => {
    const lines = [
      'domain: marketing',
      'policy: fresh',
      'params:',
      '  maxDays: 7',
      'reason: Weekly.',
    ];
    const report = lint({
      'policies/adapt.policy.yaml': adaptation(lines),
      [MARKETING]: adaptation(lines),
      'domains/marketing/policies/again.yaml': adaptation(lines),
    });
    assert.deepEqual(summarise(report.findings), [
      // Files are read in path order: again.yaml comes first, so fresh.yaml is the second.
      `${MARKETING}:4 error adaptation-duplicate`,
      SALES_CONTRACT,
      'policies/adapt.policy.yaml:2 error policy-misplaced',
    ]);
  });
});
