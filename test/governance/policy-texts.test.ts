import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Finding } from '../../src/core/findings/finding.ts';
import { cli } from '../support/cli.ts';
import { repoRoot } from '../support/standards.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshwork-policy-texts-'));
  await cp(join(repoRoot, 'test/fixtures/planted-policies'), dir, { recursive: true });
  const organisation = await readFile(join(dir, 'meshwork.yaml'), 'utf8');
  await writeFile(join(dir, 'meshwork.yaml'), `${organisation}defaults: { language: de }\n`);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the built-in policies' texts in the mesh's language", () => {
  it('lint and check print the German title and hint when defaults.language is de', async () => {
    for (const command of ['lint', 'check']) {
      const run = await cli([command], dir);
      assert.equal(run.code, 1, run.stderr);
      assert.match(
        run.stdout,
        /contract "orders", object "orders", property "customer_email": Spalten, die personenbezogen wirken, sind klassifiziert +personal-data-classified/,
        command,
      );
      assert.match(run.stdout, /Eine Klassifizierung setzen \(z\. B\. restricted\)/, command);
      assert.doesNotMatch(run.stdout, /Columns that look personal are classified/, command);
      // A mesh's own policy keeps its authors' words.
      assert.match(run.stdout, /orders-have-keys/, command);
    }
  });

  it('JSON keeps the policy files’ own (English) texts for machines', async () => {
    const run = await cli(['lint', '--format', 'json'], dir);
    const out = JSON.parse(run.stdout) as { findings: Finding[] };
    const finding = out.findings.find((f) => f.policy === 'personal-data-classified');
    assert.match(finding?.message ?? '', /Columns that look personal are classified$/);
  });
});

describe("the built-in policies' params in their texts", () => {
  it('name a param only as a {placeholder}, which the defaults fill — in English and German', async () => {
    const { readBuiltinPolicies } = await import('../../src/app/governance/builtin-pack.ts');
    const { builtinPolicyTexts } = await import('../../src/app/governance/builtin/policy-texts.ts');
    const { fillParams } = await import('../../src/core/governance/fill-params.ts');
    const de = builtinPolicyTexts('de');
    let filled = 0;
    for (const doc of await readBuiltinPolicies()) {
      const policy = doc.data as {
        id: string;
        description: string;
        hint: string;
        params?: Record<string, unknown>;
      };
      const params = policy.params ?? {};
      const texts = [
        policy.description,
        policy.hint,
        de[policy.id]!.description,
        de[policy.id]!.hint,
      ];
      for (const text of texts)
        for (const name of Object.keys(params)) {
          // A bare param name is what a stranger read: "at most maxDays days".
          assert.doesNotMatch(
            text.replaceAll(`{${name}}`, ''),
            new RegExp(`\\b${name}\\b`),
            `${policy.id}: "${name}" outside a placeholder`,
          );
          const out = fillParams(text, params);
          assert.ok(!out.includes(`{${name}}`), `${policy.id}: {${name}} unfilled`);
          if (text.includes(`{${name}}`)) filled++;
        }
    }
    assert.ok(filled >= 5, `placeholders filled: ${filled}`);
    const maxDuration = de['access-max-duration']!;
    assert.equal(
      fillParams(maxDuration.hint, { maxDays: 365 }),
      'Ein Enddatum höchstens 365 Tage ab heute wählen; den Zugriff verlängern, wenn er endet.',
    );
  });
});
