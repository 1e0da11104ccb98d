import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContractChange } from '../../src/core/diff/index.ts';
import { bumpOf, parseSemver, versionVerdict } from '../../src/core/diff/index.ts';

const change = (severity: ContractChange['severity']): ContractChange => ({
  path: '$.schema[t]',
  change: 'removed',
  severity,
  from: 't',
  to: null,
  reason: 'test',
});

describe('semantic versions of contracts', () => {
  it('reads semver.org versions and rejects others', () => {
    assert.deepEqual(parseSemver('1.2.3-rc.1+build.5'), {
      major: 1,
      minor: 2,
      patch: 3,
      prerelease: 'rc.1',
    });
    for (const bad of ['1.2', 'v1.2.3', '01.2.3', '1.2.3-', 'latest', 3]) {
      assert.equal(parseSemver(bad), undefined, String(bad));
    }
  });

  it('names the bump, with 0.y treated like a major and pre-releases before releases', () => {
    const cases: [string, string, string][] = [
      ['1.2.3', '2.0.0', 'major'],
      ['1.2.3', '2.0.0-rc.1', 'major'],
      ['0.3.1', '0.4.0', 'major'],
      ['1.2.3', '1.3.0', 'minor'],
      ['1.2.3', '1.2.4', 'patch'],
      ['1.2.3', '1.2.3', 'none'],
      ['2.0.0', '1.9.9', 'downgrade'],
      ['2.0.0-rc.1', '2.0.0', 'prerelease'],
      ['2.0.0', '2.0.0-rc.1', 'downgrade'],
      ['1.0.0-alpha.2', '1.0.0-alpha.10', 'prerelease'],
    ];
    for (const [from, to, bump] of cases) {
      assert.equal(bumpOf(parseSemver(from)!, parseSemver(to)!), bump, `${from} → ${to}`);
    }
  });

  it('makes breaking changes without a new major version an error', () => {
    const breaking = [change('breaking')];
    const verdicts: [string, string, string][] = [
      ['1.2.3', '2.0.0', 'ok'],
      ['1.2.3', '1.3.0', 'error'],
      ['1.2.3', '1.2.3', 'error'],
      ['0.3.0', '0.4.0', 'ok'],
      ['0.3.0', '0.3.1', 'error'],
      ['1.2.3', 'next', 'error'],
    ];
    for (const [from, to, severity] of verdicts) {
      const v = versionVerdict(from, to, breaking);
      assert.equal(v.severity, severity, `${from} → ${to}: ${v.message}`);
      assert.equal(v.required, 'major');
    }
    assert.match(versionVerdict('1.2.3', '1.3.0', breaking).message, /1\.2\.3 → 2\.0\.0/);
  });

  it('warns about missing, invalid or decreasing versions and unversioned changes', () => {
    const warning = [change('warning')];
    assert.equal(versionVerdict('1.0.0', '1.1.0', warning).severity, 'ok');
    assert.equal(versionVerdict('1.0.0', '1.0.1', warning).severity, 'warning');
    assert.equal(versionVerdict('1.0.0', '0.9.0', warning).severity, 'warning');
    assert.equal(versionVerdict('1.0.0', undefined, warning).severity, 'warning');
    assert.equal(versionVerdict('one', '1.0.0', warning).severity, 'warning');
    assert.equal(versionVerdict('1.0.0', '1.0.0', [change('info')]).severity, 'warning');
    assert.equal(versionVerdict('1.0.0', '1.0.1', [change('info')]).severity, 'ok');
    assert.equal(versionVerdict('1.0.0', '1.0.0', []).required, 'none');
  });
});
