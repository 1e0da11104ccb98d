import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPath } from '../../src/core/findings/finding.ts';
import { validateOdpsStructure } from '../../src/core/standards/odps/index.ts';

/** A small valid product; each case below breaks it in one place. */
const valid = {
  apiVersion: 'v1.0.0',
  kind: 'DataProduct',
  id: 'orders-product',
  status: 'active',
  name: 'Orders',
  inputPorts: [{ name: 'erp', version: '1.0.0', contractId: 'erp-orders' }],
  outputPorts: [{ name: 'orders', version: '1.0.0', contractId: 'orders-v1' }],
  support: [{ channel: 'email', url: 'mailto:data@example.com' }],
  team: { name: 'Sales', members: [{ username: 'anna@example.com', dateIn: '2024-02-29' }] },
  customProperties: [{ property: 'meshworkTier', value: 'gold' }],
  productCreatedTs: '2024-05-01T12:00:00Z',
};

type Product = Record<string, unknown>;

interface Case {
  readonly name: string;
  readonly change: (p: Product) => void;
  readonly code: string;
  readonly path: string;
}

const at = (p: Product, key: string): Product => p[key] as Product;
const first = (p: Product, key: string): Product => (p[key] as Product[])[0]!;

const cases: readonly Case[] = [
  {
    name: 'unknown top-level key',
    change: (p) => (p.owner = 'x'),
    code: 'unknown-property',
    path: '$.owner',
  },
  {
    name: 'unknown key in an input port',
    change: (p) => (first(p, 'inputPorts').server = 'pg'),
    code: 'unknown-property',
    path: '$.inputPorts[0].server',
  },
  {
    name: 'unknown key in the description',
    change: (p) => (p.description = { purpose: 'x', audience: 'y' }),
    code: 'unknown-property',
    path: '$.description.audience',
  },
  { name: 'missing id', change: (p) => delete p.id, code: 'missing-required', path: '$' },
  { name: 'missing status', change: (p) => delete p.status, code: 'missing-required', path: '$' },
  {
    name: 'input port without contractId',
    change: (p) => delete first(p, 'inputPorts').contractId,
    code: 'missing-required',
    path: '$.inputPorts[0]',
  },
  {
    name: 'output port without version',
    change: (p) => delete first(p, 'outputPorts').version,
    code: 'missing-required',
    path: '$.outputPorts[0]',
  },
  {
    name: 'custom property without value',
    change: (p) => delete first(p, 'customProperties').value,
    code: 'missing-required',
    path: '$.customProperties[0]',
  },
  {
    name: 'management port without content',
    change: (p) => (p.managementPorts = [{ name: 'events' }]),
    code: 'missing-required',
    path: '$.managementPorts[0]',
  },
  {
    name: 'team member without username',
    change: (p) => (at(p, 'team').members = [{ name: 'Anna' }]),
    code: 'missing-required',
    path: '$.team.members[0]',
  },
  {
    name: 'SBOM without url',
    change: (p) => (first(p, 'outputPorts').sbom = [{ type: 'external' }]),
    code: 'missing-required',
    path: '$.outputPorts[0].sbom[0]',
  },
  {
    name: 'unknown apiVersion',
    change: (p) => (p.apiVersion = 'v1.1.0'),
    code: 'invalid-value',
    path: '$.apiVersion',
  },
  {
    name: 'wrong kind',
    change: (p) => (p.kind = 'DataContract'),
    code: 'invalid-value',
    path: '$.kind',
  },
  {
    name: 'numeric version',
    change: (p) => (p.version = 1.1),
    code: 'wrong-type',
    path: '$.version',
  },
  {
    name: 'tags not a list',
    change: (p) => (p.tags = 'sales'),
    code: 'wrong-type',
    path: '$.tags',
  },
  {
    name: 'a tag that is a number',
    change: (p) => (p.tags = ['sales', 7]),
    code: 'wrong-type',
    path: '$.tags[1]',
  },
  { name: 'team as a list', change: (p) => (p.team = []), code: 'wrong-type', path: '$.team' },
  {
    name: 'output ports as a map',
    change: (p) => (p.outputPorts = {}),
    code: 'wrong-type',
    path: '$.outputPorts',
  },
  {
    name: 'support url without a scheme',
    change: (p) => (first(p, 'support').url = 'data-support.example.com'),
    code: 'invalid-format',
    path: '$.support[0].url',
  },
  {
    name: 'support url with a space',
    change: (p) => (first(p, 'support').url = 'https://example.com/a b'),
    code: 'invalid-format',
    path: '$.support[0].url',
  },
  {
    name: 'authoritative definition with a relative url',
    change: (p) => (p.authoritativeDefinitions = [{ type: 'wiki', url: '/wiki/orders' }]),
    code: 'invalid-format',
    path: '$.authoritativeDefinitions[0].url',
  },
  {
    name: 'dateIn that does not exist',
    change: (p) => (first(at(p, 'team'), 'members').dateIn = '2023-02-29'),
    code: 'invalid-format',
    path: '$.team.members[0].dateIn',
  },
  {
    name: 'dateOut with a time',
    change: (p) => (first(at(p, 'team'), 'members').dateOut = '2024-03-01T00:00:00Z'),
    code: 'invalid-format',
    path: '$.team.members[0].dateOut',
  },
  {
    name: 'productCreatedTs without a time zone',
    change: (p) => (p.productCreatedTs = '2024-05-01T12:00:00'),
    code: 'invalid-format',
    path: '$.productCreatedTs',
  },
  {
    name: 'productCreatedTs with hour 24',
    change: (p) => (p.productCreatedTs = '2024-05-01T24:00:00Z'),
    code: 'invalid-format',
    path: '$.productCreatedTs',
  },
];

describe('ODPS structure: invalid products', () => {
  it('accepts the unbroken product', () => {
    assert.deepEqual(validateOdpsStructure(valid), []);
  });

  it('accepts v0.9.0 as apiVersion', () => {
    assert.deepEqual(validateOdpsStructure({ ...valid, apiVersion: 'v0.9.0' }), []);
  });

  it('rejects a document that is not a mapping', () => {
    const issues = validateOdpsStructure(['not', 'a', 'product']);
    assert.deepEqual(
      issues.map((i) => [i.code, formatPath(i.path)]),
      [['wrong-type', '$']],
    );
  });

  for (const c of cases) {
    it(`rejects ${c.name} (${c.code} at ${c.path})`, () => {
      const product = structuredClone(valid) as Product;
      c.change(product);
      const issues = validateOdpsStructure(product);
      assert.deepEqual(
        issues.map((i) => [i.code, formatPath(i.path)]),
        [[c.code, c.path]],
      );
      for (const i of issues) {
        assert.equal(i.severity, 'error');
        const parent = formatPath(i.path.slice(0, -1));
        assert.ok(
          i.message.includes(c.path) || i.message.includes(`at ${parent}`),
          `message names the place: ${i.message}`,
        );
        assert.ok(i.hint.length > 0);
      }
    });
  }

  it('reports every problem at once', () => {
    const product = structuredClone(valid) as Product;
    delete product.id;
    product.kind = 'Product';
    product.extra = true;
    const codes = validateOdpsStructure(product)
      .map((i) => i.code)
      .sort();
    assert.deepEqual(codes, ['invalid-value', 'missing-required', 'unknown-property']);
  });
});
