import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compliantMesh, lintFiles, policyYaml, summarise } from './support.ts';

/** The policy engine on small in-memory meshes, without the built-in pack. */
function withPolicies(policies: Record<string, string>): Record<string, unknown> {
  return { ...compliantMesh(), ...policies };
}

describe('policy evaluation', () => {
  it('reports a rule that does not compile at its rule line, and still runs the others', () => {
    const report = lintFiles(
      withPolicies({
        'policies/syntax.policy.yaml': policyYaml({
          id: 'syntax',
          appliesTo: 'dataProduct',
          rule: 'product.id ==',
        }),
        'policies/unknown-var.policy.yaml': policyYaml({
          id: 'unknown-var',
          appliesTo: 'dataProduct',
          rule: "produkt.id == 'x'",
        }),
        'policies/not-bool.policy.yaml': policyYaml({
          id: 'not-bool',
          appliesTo: 'dataProduct',
          rule: '1 + 2',
        }),
        'policies/bad-guard.policy.yaml': policyYaml({
          id: 'bad-guard',
          appliesTo: 'dataProduct',
          when: 'nosuch(product)',
          rule: 'true',
        }),
        'policies/works.policy.yaml': policyYaml({
          id: 'works',
          appliesTo: 'dataProduct',
          rule: "product.id != 'orders-product'",
        }),
      }),
    );
    assert.deepEqual(summarise(report.findings), [
      'domains/sales/orders/product.odps.yaml:1 error works',
      'policies/bad-guard.policy.yaml:8 error policy-rule-invalid',
      'policies/not-bool.policy.yaml:8 error policy-rule-invalid',
      'policies/syntax.policy.yaml:8 error policy-rule-invalid',
      'policies/unknown-var.policy.yaml:8 error policy-rule-invalid',
    ]);
    const notBool = report.findings.find((f) => f.file.includes('not-bool'))!;
    assert.match(notBool.message, /returns int, not a bool/);
    const unknown = report.findings.find((f) => f.file.includes('unknown-var'))!;
    assert.match(unknown.message, /Unknown variable: produkt/);
    assert.equal(report.policies, 1);
  });

  it('reports a rule that fails at runtime once, with the count and the first target', () => {
    const report = lintFiles(
      withPolicies({
        'policies/throws.policy.yaml': policyYaml({
          id: 'throws',
          appliesTo: 'property',
          rule: 'property.nosuch == 1',
        }),
        'policies/string.policy.yaml': policyYaml({
          id: 'string',
          appliesTo: 'contract',
          rule: 'contract.id',
        }),
        'policies/fine.policy.yaml': policyYaml({
          id: 'fine',
          appliesTo: 'contract',
          rule: 'true',
        }),
      }),
    );
    assert.deepEqual(summarise(report.findings), [
      'policies/string.policy.yaml:8 error policy-rule-failed',
      'policies/throws.policy.yaml:8 error policy-rule-failed',
    ]);
    const throws = report.findings.find((f) => f.file.includes('throws'))!;
    assert.match(
      throws.message,
      /failed for 6 target\(s\), first for contract "campaigns", object "campaigns", property "campaigns_id": No such key: nosuch/,
    );
    const string = report.findings.find((f) => f.file.includes('string'))!;
    assert.match(string.message, /returned "campaigns", not true or false/);
    assert.equal(report.results.filter((r) => r.policy === 'fine').length, 2);
  });

  it('evaluates a rule only where its guard is true', () => {
    const report = lintFiles(
      withPolicies({
        'policies/guarded.policy.yaml': policyYaml({
          id: 'guarded',
          appliesTo: 'property',
          when: "property.name == 'amount'",
          rule: 'false',
        }),
      }),
    );
    assert.deepEqual(summarise(report.findings), [
      'domains/marketing/campaigns/campaigns.odcs.yaml:22 error guarded',
      'domains/sales/orders/orders.odcs.yaml:22 error guarded',
    ]);
    assert.equal(report.results.length, 2);
  });

  it("applies a domain's own policies in that domain only", () => {
    const report = lintFiles(
      withPolicies({
        'domains/sales/policies/sales-only.yaml': policyYaml({
          id: 'sales-only',
          appliesTo: 'dataProduct',
          rule: 'false',
          severity: 'warning',
        }),
      }),
    );
    assert.deepEqual(summarise(report.findings), [
      'domains/sales/orders/product.odps.yaml:1 warning sales-only',
    ]);
    assert.deepEqual(
      report.results.map((r) => r.domain),
      ['sales'],
    );
  });

  it("refuses a domain policy that lifts the DPO's approval, at its effect line", () => {
    const waive = (id: string): string =>
      policyYaml({ id, appliesTo: 'accessRequest', rule: 'true', extra: 'effect: waive-dpo' });
    const report = lintFiles(
      withPolicies({
        'domains/sales/policies/no-dpo.yaml': waive('sales-no-dpo'),
        'policies/mesh-no-dpo.policy.yaml': waive('mesh-no-dpo'),
        // A domain may auto-approve (bounded where it is evaluated) and require the DPO.
        'domains/sales/policies/approve.yaml': policyYaml({
          id: 'sales-approve',
          appliesTo: 'accessRequest',
          rule: 'true',
          extra: 'effect: auto-approve',
        }),
        'domains/sales/policies/dpo.yaml': policyYaml({
          id: 'sales-dpo',
          appliesTo: 'accessRequest',
          rule: 'true',
          extra: 'effect: require-dpo',
        }),
      }),
    );
    assert.deepEqual(summarise(report.findings), [
      'domains/sales/policies/no-dpo.yaml:9 error policy-effect-global-only',
    ]);
    const [finding] = report.findings;
    assert.match(finding!.message, /"sales-no-dpo".*waive-dpo.*only a global policy/);
    assert.match(finding!.hint ?? '', /governance group.*adapt a global policy/);
  });

  it('points a finding at the node of its target, with the policy fields', () => {
    const report = lintFiles(
      withPolicies({
        'policies/emails.policy.yaml': policyYaml({
          id: 'no-email-columns',
          appliesTo: 'property',
          rule: '!(property.name in params.forbidden)',
          severity: 'warning',
          extra: 'params:\n  forbidden: [customer_email]',
        }),
      }),
    );
    const finding = report.findings.find(
      (f) => f.file === 'domains/sales/orders/orders.odcs.yaml',
    )!;
    assert.equal(finding.line, 16);
    assert.equal(finding.column, 9);
    assert.equal(finding.path, '$.schema[0].properties[1]');
    assert.equal(finding.policy, 'no-email-columns');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.params, { forbidden: ['customer_email'] });
    assert.equal(finding.adaptedBy, undefined);
    assert.match(
      finding.message,
      /^contract "orders", object "orders", property "customer_email": Title of no-email-columns$/,
    );
    assert.equal(finding.hint, 'How to fix it.');
  });

  it('gives every variable to the kinds of target it belongs to', () => {
    const rules: Record<string, string> = {
      mesh: "mesh.name == 'Test' && size(mesh.products) == 2 && product == null",
      domain: "domain.name in ['sales', 'marketing'] && product == null",
      dataProduct: 'domain.name == product.domain && port == null',
      inputPort:
        "port.contractId == 'orders' && contract.id == 'orders' && product.id == 'campaigns-product'",
      outputPort: 'contract.id == port.contractId && schema == null',
      contract: 'product.outputPorts[0].contractId == contract.id',
      schema: 'schema.name == contract.id && property == null',
      property: 'schema.properties.exists(p, p.name == property.name) && params.x == 1',
    };
    const files = withPolicies(
      Object.fromEntries(
        Object.entries(rules).map(([kind, rule]) => [
          `policies/${kind.toLowerCase()}.policy.yaml`,
          policyYaml({
            id: `v-${kind.toLowerCase()}`,
            appliesTo: kind,
            rule,
            extra: 'params:\n  x: 1',
          }),
        ]),
      ),
    );
    const report = lintFiles(files);
    assert.deepEqual(report.findings, []);
    const count = (id: string): number => report.results.filter((r) => r.policy === id).length;
    assert.deepEqual(
      Object.keys(rules).map((k) => count(`v-${k.toLowerCase()}`)),
      [1, 2, 2, 1, 2, 2, 2, 6],
    );
  });
});

describe('helper functions', () => {
  const check = (appliesTo: string, rule: string): string[] =>
    summarise(
      lintFiles(
        withPolicies({ 'policies/h.policy.yaml': policyYaml({ id: 'h', appliesTo, rule }) }),
      ).findings,
    );

  it('upstream, downstream and inLineageCycle follow the lineage graph', () => {
    assert.deepEqual(
      check(
        'dataProduct',
        "product.id != 'campaigns-product' || upstream(product).map(p, p.id) == ['orders-product']",
      ),
      [],
    );
    assert.deepEqual(
      check(
        'dataProduct',
        "product.id != 'orders-product' || downstream(product).map(p, p.id) == ['campaigns-product']",
      ),
      [],
    );
    assert.deepEqual(check('dataProduct', 'size(upstream(product)) > 0'), [
      'domains/sales/orders/product.odps.yaml:1 error h',
    ]);
    assert.deepEqual(check('dataProduct', '!inLineageCycle(product)'), []);
  });

  it('hasContract, contractOf, contractsOf and teamOf resolve references', () => {
    assert.deepEqual(
      check('inputPort', "hasContract(port) && contractOf(port).status == 'active'"),
      [],
    );
    assert.deepEqual(
      check('dataProduct', "contractsOf(product).map(c, c.id + '-product') == [product.id]"),
      [],
    );
    assert.deepEqual(check('dataProduct', "teamOf(product).name == product.domain + '-team'"), []);
    assert.deepEqual(check('outputPort', "contractOf(port).id == 'orders'"), [
      'domains/marketing/campaigns/product.odps.yaml:20 error h',
    ]);
  });

  it('isPersonal, looksPersonal and personalProperties recognise personal data', () => {
    assert.deepEqual(
      check('property', "isPersonal(property) == (property.name == 'customer_email')"),
      [],
    );
    // customer_email is `restricted` with tags [pii]: confidential and personal, apart.
    assert.deepEqual(
      check('property', "isConfidential(property) == (property.name == 'customer_email')"),
      [],
    );
    assert.deepEqual(
      check('property', "looksPersonal(property) == (property.name == 'customer_email')"),
      [],
    );
    assert.deepEqual(
      check('contract', "personalProperties(contract).map(p, p.name) == ['customer_email']"),
      [],
    );
  });

  it('slaInDays, isSemver, isSnakeCase and customProperty read values', () => {
    assert.deepEqual(
      check(
        'contract',
        "slaInDays(contract, 'retention') == 1095.0 && slaInDays(contract, 'latency') == 1.0",
      ),
      [],
    );
    assert.deepEqual(check('contract', "slaInDays(contract, 'availability') == null"), []);
    assert.deepEqual(
      check(
        'contract',
        "isSemver(contract.version) && !isSemver('1.0') && isSnakeCase('order_lines') && !isSnakeCase('OrderLines')",
      ),
      [],
    );
    assert.deepEqual(check('contract', "customProperty(contract, 'owner') == null"), []);
  });
});
