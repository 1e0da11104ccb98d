import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  databaseLogin,
  databaseLogins,
  readAccessSettings,
} from '../../src/core/access/engine-logins.ts';
import { validateDocument } from '../../src/core/validate/validate-document.ts';
import { parseSourceDocument } from '../../src/core/yaml/source-document.ts';

const MESH = `apiVersion: meshwork/v1
kind: Mesh
name: Test
legalName: Test GmbH
address:
  street: Teststraße 1
  postalCode: '10115'
  city: Berlin
  country: DE
dataProtectionOfficer:
  name: Dana Schutz
  email: dpo@example.com
`;

describe('database logins of Meshwork users (meshwork.yaml access:)', () => {
  it('maps a username through the pattern', () => {
    const { settings, problems } = readAccessSettings({
      access: { postgresql: { login: 'mw_{username}' } },
    });
    assert.deepEqual(problems, []);
    assert.equal(databaseLogin(settings, 'postgresql', 'jane.doe'), 'mw_jane.doe');
    assert.deepEqual(databaseLogins(settings, 'postgresql', ['ann', 'bob', 'ann']), [
      'mw_ann',
      'mw_bob',
    ]);
  });

  it('without a mapping no user has a login', () => {
    const { settings, problems } = readAccessSettings({ name: 'x' });
    assert.deepEqual(problems, []);
    assert.equal(databaseLogin(settings, 'postgresql', 'ann'), undefined);
    assert.deepEqual(databaseLogins(settings, 'postgresql', ['ann']), []);
  });

  it('refuses a fixed login, unknown placeholders and unknown keys', () => {
    for (const [access, problem] of [
      [{ postgresql: { login: 'analyst' } }, /containing \{username\}/],
      [
        { postgresql: { login: '{user}_{username}' } },
        /only the placeholder \{username\}.*\{user\}/,
      ],
      [{ postgresql: { login: '{username}}' } }, /only the placeholder/],
      [{ postgresql: { login: '{username}', role: 'x' } }, /role/],
      [{ mysql: { login: '{username}' } }, /mysql/],
    ] as const) {
      const { settings, problems } = readAccessSettings({ access });
      assert.deepEqual(settings, {}, JSON.stringify(access));
      assert.match(problems.join('\n'), problem);
    }
  });

  it('meshwork validate reports a bad mapping with its line', async () => {
    const good = parseSourceDocument(
      'meshwork.yaml',
      `${MESH}access:\n  postgresql:\n    login: "{username}"\n`,
    );
    assert.deepEqual((await validateDocument('organisation', good, {})).findings, []);
    const bad = parseSourceDocument(
      'meshwork.yaml',
      `${MESH}access:\n  postgresql:\n    login: analyst\n`,
    );
    const findings = (await validateDocument('organisation', bad, {})).findings;
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.line, 15);
    assert.match(findings[0]?.message ?? '', /\{username\}/);
  });
});
