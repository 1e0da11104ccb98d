import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { readBuiltinPolicies } from '../../src/app/governance/builtin-pack.ts';
import type { SourceDocument } from '../../src/core/yaml/source-document.ts';
import { compliantMesh, lintFiles, policyYaml, summarise } from './support.ts';

/**
 * Each built-in policy passes on a mesh made to comply with the whole pack, and fails on
 * that mesh with one planted change, at the node the change is about.
 */
let pack: SourceDocument[];
before(async () => {
  pack = await readBuiltinPolicies();
});

type Doc = Record<string, unknown>;
type Files = Record<string, unknown>;
const obj = (value: unknown): Doc => value as Doc;
const list = (value: unknown): Doc[] => value as Doc[];

const ORDERS_PRODUCT = 'domains/sales/orders/product.odps.yaml';
const ORDERS_CONTRACT = 'domains/sales/orders/orders.odcs.yaml';
const CAMPAIGNS_PRODUCT = 'domains/marketing/campaigns/product.odps.yaml';
const product = (f: Files): Doc => obj(f[ORDERS_PRODUCT]);
const contract = (f: Files): Doc => obj(f[ORDERS_CONTRACT]);
const orderProperty = (f: Files, i: number): Doc =>
  list(list(contract(f).schema)[0]!.properties)[i]!;

/** Per policy: the change that breaks it, and the file (and JSON path) the finding names. */
const BREAKS: Record<string, { change: (f: Files) => void; file: string; path: string }> = {
  'team-exists': {
    change: (f) => (obj(product(f).team).name = 'ghost-team'),
    file: ORDERS_PRODUCT,
    path: '$',
  },
  'purpose-stated': {
    change: (f) => delete product(f).description,
    file: ORDERS_PRODUCT,
    path: '$',
  },
  'output-port-has-contract': {
    change: (f) => (list(product(f).outputPorts)[0]!.contractId = 'nowhere'),
    file: ORDERS_PRODUCT,
    path: '$.outputPorts[0]',
  },
  'status-agrees-with-contracts': {
    change: (f) => (contract(f).status = 'draft'),
    file: ORDERS_PRODUCT,
    path: '$.outputPorts[0]',
  },
  'product-version-semver': {
    change: (f) => (list(product(f).outputPorts)[0]!.version = 'v1'),
    file: ORDERS_PRODUCT,
    path: '$',
  },
  'contract-version-semver': {
    change: (f) => (contract(f).version = '1.0'),
    file: ORDERS_CONTRACT,
    path: '$',
  },
  'schema-physical-name-snake-case': {
    change: (f) => (list(contract(f).schema)[0]!.physicalName = 'OrderLines'),
    file: ORDERS_CONTRACT,
    path: '$.schema[0]',
  },
  'property-physical-name-snake-case': {
    change: (f) => (orderProperty(f, 0).name = 'OrderId'),
    file: ORDERS_CONTRACT,
    path: '$.schema[0].properties[0]',
  },
  'property-described': {
    change: (f) => delete orderProperty(f, 2).description,
    file: ORDERS_CONTRACT,
    path: '$.schema[0].properties[2]',
  },
  'personal-data-classified': {
    change: (f) => delete orderProperty(f, 1).classification,
    file: ORDERS_CONTRACT,
    path: '$.schema[0].properties[1]',
  },
  'confidential-says-if-personal': {
    // Confidential, but neither declared personal nor `personalData: false`.
    change: (f) => (orderProperty(f, 2).classification = 'confidential'),
    file: ORDERS_CONTRACT,
    path: '$.schema[0].properties[2]',
  },
  'personal-data-terms-of-use': {
    change: (f) => delete contract(f).description,
    file: ORDERS_CONTRACT,
    path: '$',
  },
  'latency-within-limit': {
    change: (f) => (list(contract(f).slaProperties)[0]!.value = 5),
    file: ORDERS_CONTRACT,
    path: '$',
  },
  'support-channel': {
    change: (f) => delete product(f).support,
    file: ORDERS_PRODUCT,
    path: '$',
  },
  'no-deprecated-inputs': {
    change: (f) => {
      contract(f).status = 'deprecated';
      product(f).status = 'deprecated';
    },
    file: CAMPAIGNS_PRODUCT,
    path: '$.inputPorts[0]',
  },
  'retention-where-personal': {
    change: (f) => list(contract(f).slaProperties).pop(),
    file: ORDERS_CONTRACT,
    path: '$',
  },
  'critical-data-elements-have-quality': {
    change: (f) => delete orderProperty(f, 2).quality,
    file: ORDERS_CONTRACT,
    path: '$.schema[0].properties[2]',
  },
  'no-lineage-cycle': {
    change: (f) =>
      list(product(f).inputPorts).push({
        name: 'campaigns',
        version: '1.0.0',
        contractId: 'campaigns',
      }),
    // Both products of the cycle are reported; marketing's file sorts first.
    file: CAMPAIGNS_PRODUCT,
    path: '$',
  },
};

describe('the built-in policy pack', () => {
  it('has at least 15 valid policies, each with a title, description and hint', () => {
    assert.ok(pack.length >= 15, `${pack.length} policies`);
    const report = lintFiles({}, pack);
    assert.deepEqual(report.findings, [], 'every built-in policy parses and compiles');
    assert.equal(report.policies, pack.length);
    // Access policies (appliesTo accessRequest) never run at lint time; each is proven
    // by test/app/access/access-service.test.ts instead.
    const lintTime = pack
      .map((p) => p.data as { id: string; appliesTo: string })
      .filter((p) => p.appliesTo !== 'accessRequest');
    assert.deepEqual(
      lintTime.map((p) => p.id).sort(),
      Object.keys(BREAKS).sort(),
      'every built-in lint-time policy has a failing case below',
    );
  });

  it('passes on a mesh that complies with all of it', () => {
    const report = lintFiles(compliantMesh(), pack);
    assert.deepEqual(report.findings, []);
    assert.ok(report.results.length > 40, `${report.results.length} results`);
    assert.ok(
      report.results.every((r) => r.passed),
      'every result of the compliant mesh passes',
    );
  });

  for (const [id, { change, file, path }] of Object.entries(BREAKS)) {
    it(`${id} fails when it is broken, at the node concerned`, () => {
      const files = structuredClone(compliantMesh()) as Files;
      change(files);
      const report = lintFiles(files, pack);
      const hits = report.findings.filter((f) => f.policy === id);
      assert.equal(hits.length >= 1, true, JSON.stringify(report.findings, null, 1));
      assert.equal(hits[0]!.file, file);
      assert.equal(hits[0]!.path, path);
      assert.equal(hits[0]!.code, 'policy-violation');
      assert.ok(
        report.results.some((r) => r.policy === id && !r.passed),
        `a failed result of ${id}`,
      );
    });
  }

  it('confidential-says-if-personal: personalData false or a pii tag says it; another value does not', () => {
    const lint = (customProperties: unknown, tags?: string[]) => {
      const files = structuredClone(compliantMesh()) as Files;
      const property = orderProperty(files, 2);
      property.classification = 'restricted';
      property.customProperties = customProperties;
      if (tags) property.tags = tags;
      return lintFiles(files, pack).findings.filter(
        (f) => f.policy === 'confidential-says-if-personal',
      ).length;
    };
    assert.equal(lint([{ property: 'personalData', value: false }]), 0, 'not personal data');
    assert.equal(lint([{ property: 'personalData', value: true }]), 0, 'personal data');
    assert.equal(lint([], ['pii']), 0, 'tagged personal');
    assert.equal(lint([{ property: 'personalData', value: 'no' }]), 1, 'not a boolean');
    assert.equal(lint([{ property: 'personalData', value: 'false' }]), 1, 'a string, not false');
    assert.equal(lint([]), 1);
  });

  it('is replaced policy by policy by a global policy of the same id', () => {
    const files = structuredClone(compliantMesh()) as Files;
    delete product(files).description;
    files['policies/purpose-stated.policy.yaml'] = policyYaml({
      id: 'purpose-stated',
      appliesTo: 'dataProduct',
      rule: "product.status != 'active' || has(product.tags)",
    });
    const report = lintFiles(files, pack);
    assert.deepEqual(summarise(report.findings), [
      `${CAMPAIGNS_PRODUCT}:1 error purpose-stated`,
      `${ORDERS_PRODUCT}:1 error purpose-stated`,
    ]);
    assert.equal(report.policies, pack.length);
  });

  it('is switched by governance.builtin in meshwork.yaml', () => {
    const files = structuredClone(compliantMesh()) as Files;
    delete product(files).support;
    delete product(files).description;
    files['meshwork.yaml'] = {
      ...obj(files['meshwork.yaml']),
      governance: {
        builtin: {
          disable: ['support-channel', 'no-such-policy'],
          severity: { 'purpose-stated': 'error' },
        },
      },
    };
    const report = lintFiles(files, pack);
    const ids = report.findings.map((f) => `${f.severity} ${f.policy ?? f.code}`).sort();
    assert.deepEqual(ids, ['error purpose-stated', 'warning builtin-policy-unknown']);
    files['meshwork.yaml'] = {
      ...obj(files['meshwork.yaml']),
      governance: { builtin: { enabled: false } },
    };
    assert.equal(lintFiles(files, pack).policies, 0);
  });
});
