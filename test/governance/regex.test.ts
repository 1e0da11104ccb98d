import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useRe2Matches } from '../../src/core/governance/cel-regex.ts';
import { compliantMesh, lintFiles, policyYaml, summarise } from './support.ts';

/**
 * CEL's `matches` follows RE2, as the CEL spec says: inline flags, Perl classes and named
 * groups work; what RE2 rejects (backreferences, lookaround) is a finding that says so.
 * Each policy applies to the 6 properties of the compliant mesh (2 contracts × 3).
 */
function lint(rule: string): ReturnType<typeof lintFiles> {
  return lintFiles({
    ...compliantMesh(),
    'policies/re.policy.yaml': policyYaml({ id: 're', appliesTo: 'property', rule }),
  });
}

function passedCount(report: ReturnType<typeof lintFiles>): number {
  return report.results.filter((r) => r.policy === 're' && r.passed).length;
}

describe('CEL regular expressions are RE2', () => {
  it('(?i) makes a match case-insensitive (JavaScript RegExp rejects it)', () => {
    const report = lint("property.name.matches('(?i)EMAIL')");
    assert.deepEqual(summarise(report.findings).filter(isPolicyFailure), []);
    // customer_email in each of the two contracts.
    assert.equal(passedCount(report), 2);
  });

  it('the global spelling matches(text, pattern) works too', () => {
    const report = lint("matches(property.name, '(?i)^CUSTOMER_')");
    assert.deepEqual(summarise(report.findings).filter(isPolicyFailure), []);
    assert.equal(passedCount(report), 2);
  });

  it('\\d, anchors and named groups ((?P<name>…) and (?<name>…))', () => {
    const digits = lint("'order 42'.matches('\\\\d+$')");
    assert.equal(passedCount(digits), 6);
    const named = lint("'2024-05'.matches('^(?P<year>\\\\d{4})-(?<month>\\\\d{2})$')");
    assert.deepEqual(summarise(named.findings).filter(isPolicyFailure), []);
    assert.equal(passedCount(named), 6);
    const miss = lint("'2024-5'.matches('^(?P<year>\\\\d{4})-(?<month>\\\\d{2})$')");
    assert.equal(passedCount(miss), 0);
  });

  it('a backreference is not RE2: a policy-rule-failed finding that says why, not a crash', () => {
    const report = lint("property.name.matches('(a)\\\\1')");
    assert.deepEqual(summarise(report.findings), [
      'policies/re.policy.yaml:8 error policy-rule-failed',
    ]);
    assert.match(
      report.findings[0]!.message,
      /is not an RE2 regular expression \(.*invalid escape sequence.*\\1.*\); CEL uses RE2, which has no backreferences or lookaround/,
    );
    const lookahead = lint("property.name.matches('x(?=y)')");
    assert.match(lookahead.findings[0]!.message, /not an RE2 regular expression/);
  });

  it('renames only calls, never text inside string literals or comments', () => {
    assert.equal(
      useRe2Matches(`a.matches('matches(') && matches (b, "x") // matches(`),
      `a.matchRE('matches(') && matchRE (b, "x") // matches(`,
    );
    assert.equal(
      useRe2Matches(`r'\\'.matches("""a"matches("b""")`),
      `r'\\'.matchRE("""a"matches("b""")`,
    );
    // A field called matches is not a call.
    assert.equal(useRe2Matches('x.matches == 1'), 'x.matches == 1');
  });
});

function isPolicyFailure(line: string): boolean {
  return line.includes('policy-rule');
}
