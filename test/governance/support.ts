import type { Finding } from '../../src/core/findings/finding.ts';
import type { GovernanceReport } from '../../src/core/governance/index.ts';
import { evaluatePolicies, loadPolicySet } from '../../src/core/governance/index.ts';
import { buildMeshModel } from '../../src/core/mesh/mesh-model.ts';
import type { SourceDocument } from '../../src/core/yaml/source-document.ts';
import { domain, meshFromFiles, organisation } from '../support/mesh-fixture.ts';

/** Lints an in-memory mesh (path → YAML text or value) with the given built-in pack. */
export function lintFiles(
  files: Record<string, unknown>,
  builtin: readonly SourceDocument[] = [],
): GovernanceReport {
  const model = buildMeshModel(meshFromFiles(files).documents);
  return evaluatePolicies(model, loadPolicySet(model, builtin));
}

/** `file:line severity code/policy` lines, sorted: what a test compares. */
export function summarise(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.policy ?? f.code}`).sort();
}

/** A Policy document as YAML text, so that lines in findings are predictable. */
export function policyYaml(fields: {
  id: string;
  appliesTo: string;
  rule: string;
  when?: string;
  severity?: string;
  extra?: string;
}): string {
  return [
    'apiVersion: meshwork/v1',
    'kind: Policy',
    `id: ${fields.id}`,
    `title: Title of ${fields.id}`,
    'description: Why it exists.',
    `severity: ${fields.severity ?? 'error'}`,
    `appliesTo: ${fields.appliesTo}`,
    ...(fields.when === undefined ? [] : [`when: ${JSON.stringify(fields.when)}`]),
    `rule: ${JSON.stringify(fields.rule)}`,
    ...(fields.extra === undefined ? [] : [fields.extra]),
    'hint: How to fix it.',
    '',
  ].join('\n');
}

/**
 * A small mesh that passes every built-in policy: sales/orders publishes orders (with
 * personal data, classified, with terms of use and retention); marketing/campaigns reads
 * it and publishes campaigns.
 */
export function compliantMesh(): Record<string, unknown> {
  const product = (id: string, dom: string, inputs: string[], output: string): unknown => ({
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    // Ids are unique across the mesh, so a product is not named like its contract.
    id: `${id}-product`,
    name: id,
    domain: dom,
    version: '1.0.0',
    status: 'active',
    description: { purpose: `The ${id} of the company.` },
    team: { name: `${dom}-team` },
    support: [{ channel: `${dom}-data`, url: `https://chat.example.com/${dom}-data` }],
    inputPorts: inputs.map((c) => ({ name: c, version: '1.0.0', contractId: c })),
    outputPorts: [{ name: output, version: '1.0.0', contractId: output }],
  });
  const contract = (id: string, dom: string): unknown => ({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id,
    version: '1.0.0',
    status: 'active',
    domain: dom,
    description: { usage: 'Reporting and customer service only.' },
    schema: [
      {
        name: id,
        physicalName: id,
        properties: [
          { name: `${id}_id`, logicalType: 'integer', description: 'The key.' },
          {
            name: 'customer_email',
            logicalType: 'string',
            description: 'Where to write to.',
            classification: 'restricted',
            tags: ['pii'],
          },
          {
            name: 'amount',
            logicalType: 'number',
            description: 'In EUR.',
            criticalDataElement: true,
            quality: [{ type: 'library', metric: 'nullValues', mustBe: 0 }],
          },
        ],
      },
    ],
    slaProperties: [
      { property: 'latency', value: 1, unit: 'd' },
      { property: 'retention', value: 3, unit: 'y' },
    ],
  });
  return {
    'meshwork.yaml': organisation,
    'domains/sales/domain.yaml': domain('sales'),
    'domains/marketing/domain.yaml': domain('marketing'),
    'domains/sales/orders/product.odps.yaml': product('orders', 'sales', [], 'orders'),
    'domains/sales/orders/orders.odcs.yaml': contract('orders', 'sales'),
    'domains/marketing/campaigns/product.odps.yaml': product(
      'campaigns',
      'marketing',
      ['orders'],
      'campaigns',
    ),
    'domains/marketing/campaigns/campaigns.odcs.yaml': contract('campaigns', 'marketing'),
  };
}
