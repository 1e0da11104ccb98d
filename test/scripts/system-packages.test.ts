import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { SystemPackage } from '../../scripts/system-packages.ts';
import { installCommand, missingSystemPackages } from '../../scripts/system-packages.ts';

const repo = join(import.meta.dirname, '..', '..');

describe('system packages for npm test', () => {
  it("no test support file runs apt-get: two test files would race for dpkg's lock", () => {
    for (const file of ['mysql.ts', 'browser.ts']) {
      const text = readFileSync(join(repo, 'test', 'support', file), 'utf8');
      assert.doesNotMatch(text, /run\('apt-get'|execFileSync\('apt-get'/, file);
    }
  });

  it('the test runner installs what is missing before the test files start', () => {
    const runner = readFileSync(join(repo, 'scripts', 'run-tests.ts'), 'utf8');
    const install = runner.indexOf('installCommand(missing)');
    const tests = runner.indexOf('step(`tests (');
    assert.ok(install > 0 && install < tests, 'the install step comes before the tests');
  });

  it('lists only the missing packages', () => {
    const fake = (name: string, installed: boolean): SystemPackage => ({
      name,
      reason: 'test',
      present: () => installed,
    });
    const packages = [fake('mariadb-server', false), fake('chromium', true)];
    assert.deepEqual(
      missingSystemPackages({}, packages).map((p) => p.name),
      ['mariadb-server'],
    );
  });

  it('MESHWORK_TEST_MYSQL_URL makes the real MariaDB package unnecessary', () => {
    const names = missingSystemPackages({ MESHWORK_TEST_MYSQL_URL: 'mysql://root@db:3306/' }).map(
      (p) => p.name,
    );
    assert.ok(!names.includes('mariadb-server'), names.join(' '));
  });

  it('installs every missing package with one apt-get, updating the lists only on failure', () => {
    const p = (name: string): SystemPackage => ({ name, reason: '', present: () => false });
    assert.equal(
      installCommand([p('mariadb-server'), p('chromium')]),
      'apt-get install -y mariadb-server chromium || (apt-get update && apt-get install -y mariadb-server chromium)',
    );
  });
});
