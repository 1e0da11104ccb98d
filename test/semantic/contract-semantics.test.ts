import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatPath } from '../../src/core/findings/finding.ts';
import { checkContractSemantics, semanticCodes } from '../../src/core/semantic/index.ts';
import type { DuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import { createDuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import type { Json } from './support.ts';
import { at, validContract } from './support.ts';

interface Case {
  readonly name: string;
  readonly change: (c: Json) => void;
  readonly code: keyof typeof semanticCodes;
  readonly path: string;
}

const ORDERS = ['schema', 1] as const;
const orders = (c: Json): Json => at(c, ...ORDERS);
const ordersProperty = (c: Json, index: number): Json => at(c, ...ORDERS, 'properties', index);
const setQuality = (target: Json, rule: Json): void => {
  target.quality = [rule];
};
const amount = (c: Json): Json => ordersProperty(c, 4);
const O = '$.schema[1]';
const AMOUNT = `${O}.properties[4]`;

const cases: readonly Case[] = [
  // Library quality rules
  {
    name: 'a library rule without a metric',
    change: (c) => setQuality(amount(c), { type: 'library', mustBe: 0 }),
    code: 'quality-metric-missing',
    path: `${AMOUNT}.quality[0]`,
  },
  {
    name: 'a v3.0 rule with a name no engine knows',
    change: (c) => {
      c.apiVersion = 'v3.0.2';
      setQuality(amount(c), { rule: 'uniqueCheck', mustBe: 0 });
    },
    code: 'quality-metric-unknown',
    path: `${AMOUNT}.quality[0].rule`,
  },
  {
    name: 'the v3.0 spelling `rule` in a v3.1 contract',
    change: (c) => setQuality(amount(c), { rule: 'duplicateCount', mustBe: 0 }),
    code: 'quality-rule-deprecated',
    path: `${AMOUNT}.quality[0].rule`,
  },
  {
    name: 'rowCount on a property',
    change: (c) => setQuality(amount(c), { metric: 'rowCount', mustBeGreaterThan: 0 }),
    code: 'quality-metric-wrong-level',
    path: `${AMOUNT}.quality[0].metric`,
  },
  {
    name: 'nullValues on a schema object',
    change: (c) => setQuality(orders(c), { metric: 'nullValues', mustBe: 0 }),
    code: 'quality-metric-wrong-level',
    path: `${O}.quality[0].metric`,
  },
  {
    name: 'invalidValues without validValues or pattern',
    change: (c) => setQuality(amount(c), { metric: 'invalidValues', mustBe: 0 }),
    code: 'quality-argument-missing',
    path: `${AMOUNT}.quality[0]`,
  },
  {
    name: 'duplicateValues on a schema object without properties',
    change: (c) => setQuality(orders(c), { metric: 'duplicateValues', mustBe: 0 }),
    code: 'quality-argument-missing',
    path: `${O}.quality[0]`,
  },
  {
    name: 'validValues that is not a list',
    change: (c) =>
      setQuality(amount(c), {
        metric: 'invalidValues',
        arguments: { validValues: 'kg' },
        mustBe: 0,
      }),
    code: 'quality-argument-invalid',
    path: `${AMOUNT}.quality[0].arguments.validValues`,
  },
  {
    name: 'missingValues that is not a list',
    change: (c) =>
      setQuality(amount(c), {
        metric: 'missingValues',
        arguments: { missingValues: 'N/A' },
        mustBe: 0,
      }),
    code: 'quality-argument-invalid',
    path: `${AMOUNT}.quality[0].arguments.missingValues`,
  },
  {
    name: 'duplicate properties given as one string',
    change: (c) =>
      setQuality(orders(c), {
        metric: 'duplicateValues',
        arguments: { properties: 'order_id' },
        mustBe: 0,
      }),
    code: 'quality-argument-invalid',
    path: `${O}.quality[0].arguments.properties`,
  },
  {
    name: 'a duplicate check over a property the object does not have',
    change: (c) =>
      setQuality(orders(c), {
        metric: 'duplicateValues',
        arguments: { properties: ['tenant_id', 'order_no'] },
        mustBe: 0,
      }),
    code: 'quality-argument-unknown-property',
    path: `${O}.quality[0].arguments.properties[1]`,
  },
  {
    name: 'a pattern that is no regular expression',
    change: (c) =>
      setQuality(amount(c), {
        metric: 'invalidValues',
        arguments: { pattern: '^[A-Z' },
        mustBe: 0,
      }),
    code: 'quality-pattern-invalid',
    path: `${AMOUNT}.quality[0].arguments.pattern`,
  },
  {
    name: 'a rule without an operator',
    change: (c) => setQuality(amount(c), { metric: 'nullValues' }),
    code: 'quality-operator-missing',
    path: `${AMOUNT}.quality[0]`,
  },
  {
    name: 'a rule with two operators',
    change: (c) =>
      setQuality(amount(c), { metric: 'nullValues', mustBeGreaterThan: 0, mustBeLessThan: 5 }),
    code: 'quality-operator-conflict',
    path: `${AMOUNT}.quality[0].mustBeLessThan`,
  },
  {
    name: 'a count compared with text',
    change: (c) => setQuality(amount(c), { metric: 'nullValues', mustBe: 'none' }),
    code: 'quality-threshold-not-number',
    path: `${AMOUNT}.quality[0].mustBe`,
  },
  {
    name: 'mustBeBetween with the larger bound first',
    change: (c) => setQuality(orders(c), { metric: 'rowCount', mustBeBetween: [120, 100] }),
    code: 'quality-between-invalid',
    path: `${O}.quality[0].mustBeBetween`,
  },
  {
    name: 'mustNotBeBetween with three numbers',
    change: (c) => setQuality(amount(c), { metric: 'nullValues', mustNotBeBetween: [1, 2, 3] }),
    code: 'quality-between-invalid',
    path: `${AMOUNT}.quality[0].mustNotBeBetween`,
  },
  {
    name: 'a unit that is neither rows nor percent',
    change: (c) => setQuality(amount(c), { metric: 'nullValues', mustBe: 0, unit: 'seconds' }),
    code: 'quality-unit-unknown',
    path: `${AMOUNT}.quality[0].unit`,
  },
  {
    name: 'a row count in percent',
    change: (c) =>
      setQuality(orders(c), { metric: 'rowCount', mustBeGreaterThan: 10, unit: 'percent' }),
    code: 'quality-unit-not-applicable',
    path: `${O}.quality[0].unit`,
  },
  {
    name: 'a percentage above 100',
    change: (c) =>
      setQuality(amount(c), { metric: 'nullValues', mustBeLessThan: 150, unit: 'percent' }),
    code: 'quality-percent-out-of-range',
    path: `${AMOUNT}.quality[0].mustBeLessThan`,
  },
  // SQL quality rules
  {
    name: 'a placeholder the standard does not define',
    change: (c) =>
      setQuality(orders(c), { type: 'sql', query: 'SELECT COUNT(*) FROM ${model}', mustBe: 0 }),
    code: 'unknown-placeholder',
    path: `${O}.quality[0].query`,
  },
  {
    name: 'a property placeholder on a schema object',
    change: (c) =>
      setQuality(orders(c), {
        type: 'sql',
        query: 'SELECT COUNT(*) FROM {object} WHERE {column} IS NULL',
        mustBe: 0,
      }),
    code: 'placeholder-needs-property',
    path: `${O}.quality[0].query`,
  },
  {
    name: 'a query that does not parse',
    change: (c) =>
      setQuality(amount(c), { type: 'sql', query: 'SELEC COUNT(*) FROM {object}', mustBe: 0 }),
    code: 'sql-syntax-error',
    path: `${AMOUNT}.quality[0].query`,
  },
  {
    name: 'a query that changes data',
    change: (c) => setQuality(orders(c), { type: 'sql', query: 'DELETE FROM {object}', mustBe: 0 }),
    code: 'sql-not-select',
    path: `${O}.quality[0].query`,
  },
  {
    name: 'two statements in one query',
    change: (c) =>
      setQuality(orders(c), {
        type: 'sql',
        query: 'SELECT 1; SELECT COUNT(*) FROM {table}',
        mustBe: 0,
      }),
    code: 'sql-multiple-statements',
    path: `${O}.quality[0].query`,
  },
  {
    name: 'an empty query',
    change: (c) => setQuality(orders(c), { type: 'sql', query: ' ; ', mustBe: 0 }),
    code: 'sql-empty',
    path: `${O}.quality[0].query`,
  },
  // Primary keys
  {
    name: 'two key columns at the same position',
    change: (c) => {
      ordersProperty(c, 1).primaryKeyPosition = 1;
    },
    code: 'primary-key-position-duplicate',
    path: `${O}.properties[1].primaryKeyPosition`,
  },
  {
    name: 'a gap in the key positions',
    change: (c) => {
      ordersProperty(c, 1).primaryKeyPosition = 3;
    },
    code: 'primary-key-position-gap',
    path: `${O}.properties[1].primaryKeyPosition`,
  },
  {
    name: 'a position on a column that is not part of the key',
    change: (c) => {
      ordersProperty(c, 1).primaryKey = false;
    },
    code: 'primary-key-position-without-primary-key',
    path: `${O}.properties[1].primaryKeyPosition`,
  },
  {
    name: 'a composite key column without a position',
    change: (c) => {
      delete ordersProperty(c, 1).primaryKeyPosition;
    },
    code: 'primary-key-without-position',
    path: `${O}.properties[1]`,
  },
  // Names
  {
    name: 'a line break in a property name',
    change: (c) => {
      amount(c).name = 'amount"\nDROP TABLE victims; --';
    },
    code: 'name-control-char',
    path: `${AMOUNT}.name`,
  },
  {
    name: 'an escape in the physical name of a schema object',
    change: (c) => {
      orders(c).physicalName = 'orders\u001b[2J';
    },
    code: 'name-control-char',
    path: `${O}.physicalName`,
  },
  {
    name: 'a NUL in the physical name of a nested property',
    change: (c) => {
      at(c, 'schema', 0, 'properties', 2, 'properties', 0).physicalName = 'street\u0000x';
    },
    code: 'name-control-char',
    path: '$.schema[0].properties[2].properties[0].physicalName',
  },
  // Relationships
  {
    name: 'a reference with one segment',
    change: (c) => {
      ordersProperty(c, 2).relationships = [{ to: 'customers' }];
    },
    code: 'relationship-reference-malformed',
    path: `${O}.properties[2].relationships[0].to`,
  },
  {
    name: 'a fully qualified reference to an object, not a property',
    change: (c) => {
      ordersProperty(c, 2).relationships = [{ to: 'schema/customers_obj' }];
    },
    code: 'relationship-reference-malformed',
    path: `${O}.properties[2].relationships[0].to`,
  },
  {
    name: 'a reference to an object the contract does not have',
    change: (c) => {
      ordersProperty(c, 2).relationships = [{ to: 'clients.id' }];
    },
    code: 'relationship-unknown-object',
    path: `${O}.properties[2].relationships[0].to`,
  },
  {
    name: 'a fully qualified reference to an unknown object id',
    change: (c) => {
      ordersProperty(c, 2).relationships = [
        { to: 'schema/clients_obj/properties/customer_id_prop' },
      ];
    },
    code: 'relationship-unknown-object',
    path: `${O}.properties[2].relationships[0].to`,
  },
  {
    name: 'a reference to a property the object does not have',
    change: (c) => {
      at(c, ...ORDERS, 'relationships', 0).to = 'customers.uuid';
    },
    code: 'relationship-unknown-property',
    path: `${O}.relationships[0].to`,
  },
  {
    name: 'a fully qualified reference to an unknown property id',
    change: (c) => {
      ordersProperty(c, 2).relationships = [{ to: 'schema/customers_obj/properties/uuid_prop' }];
    },
    code: 'relationship-unknown-property',
    path: `${O}.properties[2].relationships[0].to`,
  },
  {
    name: 'a nested reference whose last part does not exist',
    change: (c) => {
      ordersProperty(c, 5).relationships = [{ to: 'customers.address.zip' }];
    },
    code: 'relationship-unknown-property',
    path: `${O}.properties[5].relationships[0].to`,
  },
  {
    name: 'a source column in from that does not exist',
    change: (c) => {
      at(c, ...ORDERS, 'relationships', 1).from = ['orders.tenant_id', 'orders.client_id'];
    },
    code: 'relationship-unknown-property',
    path: `${O}.relationships[1].from[1]`,
  },
  {
    name: 'a composite key with more source than target columns',
    change: (c) => {
      at(c, ...ORDERS, 'relationships', 1).to = ['crm.customers.id'];
    },
    code: 'relationship-arity-mismatch',
    path: `${O}.relationships[1]`,
  },
  {
    name: 'a property-level relationship to two columns',
    change: (c) => {
      ordersProperty(c, 2).relationships = [{ to: ['customers.id', 'customers.email'] }];
    },
    code: 'relationship-arity-mismatch',
    path: `${O}.properties[2].relationships[0]`,
  },
  // Data-subject declarations (meshwork dsr)
  {
    name: 'a subject key that is no kind',
    change: (c) => {
      amount(c).customProperties = [{ property: 'meshworkSubjectKey', value: 'E-Mail' }];
    },
    code: 'subject-key-invalid',
    path: `${AMOUNT}.customProperties[0].value`,
  },
  {
    name: 'two subject keys on one column',
    change: (c) => {
      amount(c).customProperties = [
        { property: 'meshworkSubjectKey', value: 'customer-id' },
        { property: 'meshworkSubjectKey', value: 'email' },
      ];
    },
    code: 'subject-key-duplicate',
    path: `${AMOUNT}.customProperties[1].value`,
  },
  {
    name: 'a subject key on a schema object',
    change: (c) => {
      orders(c).customProperties = [{ property: 'meshworkSubjectKey', value: 'email' }];
    },
    code: 'subject-key-misplaced',
    path: `${O}.customProperties[0].value`,
  },
  {
    name: 'data subjects that are not names',
    change: (c) => {
      c.customProperties = [{ property: 'meshworkDataSubjects', value: [1, 2] }];
    },
    code: 'data-subjects-invalid',
    path: '$.customProperties[0].value',
  },
  {
    name: 'data subjects on a property',
    change: (c) => {
      amount(c).customProperties = [{ property: 'meshworkDataSubjects', value: ['customers'] }];
    },
    code: 'data-subjects-misplaced',
    path: `${AMOUNT}.customProperties[0]`,
  },
];

describe('checkContractSemantics', () => {
  let sqlParser: DuckDbSqlParser;
  before(async () => {
    sqlParser = await createDuckDbSqlParser();
  });
  after(() => sqlParser.close());

  it('finds nothing wrong in a correct contract', async () => {
    const result = await checkContractSemantics(validContract(), { sqlParser });
    assert.deepEqual(result.issues, []);
  });

  it('hands references into other contracts back instead of reporting them', async () => {
    const result = await checkContractSemantics(validContract(), { sqlParser });
    assert.deepEqual(
      result.externalReferences.map((r) => [r.ref, r.notation, formatPath(r.path)]),
      [
        ['crm.customers.tenant_id', 'dotted', `${O}.relationships[1].to[0]`],
        ['crm.customers.id', 'dotted', `${O}.relationships[1].to[1]`],
        ['sales.crm.customers.street', 'dotted', `${O}.properties[5].relationships[1].to`],
        [
          'https://example.com/crm.odcs.yaml#/schema/c/properties/street',
          'file',
          `${O}.properties[5].relationships[2].to`,
        ],
      ],
    );
  });

  it('accepts the v3.0 spelling `rule` in a v3.0 contract', async () => {
    const contract = validContract();
    contract.apiVersion = 'v3.0.2';
    setQuality(amount(contract), { type: 'library', rule: 'duplicateCount', mustBe: 0 });
    setQuality(orders(contract), { rule: 'rowCount', mustBeGreaterThan: 0 });
    const result = await checkContractSemantics(contract, { sqlParser });
    assert.deepEqual(result.issues, []);
  });

  it('checks SQL placeholders even without a parser', async () => {
    const contract = validContract();
    setQuality(orders(contract), { type: 'sql', query: 'SELEC {field}', mustBe: 0 });
    const result = await checkContractSemantics(contract);
    assert.deepEqual(
      result.issues.map((i) => i.code),
      ['unknown-placeholder'],
    );
  });

  it('does not throw on a document that failed the structural checks', async () => {
    for (const broken of [
      { schema: 'orders' },
      { schema: [null, 3, { name: 7, properties: {}, quality: 'x', relationships: [{ to: 5 }] }] },
      {
        schema: [{ name: 'o', properties: [{ name: 'a', quality: [{ type: 'sql', query: 42 }] }] }],
      },
    ]) {
      await checkContractSemantics(broken as never, { sqlParser });
    }
  });

  for (const c of cases) {
    it(`reports ${c.name} (${c.code})`, async () => {
      const contract = validContract();
      c.change(contract);
      const { issues } = await checkContractSemantics(contract, { sqlParser });
      assert.deepEqual(
        issues.map((i) => [i.code, formatPath(i.path)]),
        [[c.code, c.path]],
      );
      const [found] = issues;
      assert.equal(found?.severity, semanticCodes[c.code].severity);
      assert.ok(found?.message.includes('$.'), `the message says where: ${found?.message}`);
    });
  }

  it('has a case for every code of the catalogue', () => {
    const covered = new Set(cases.map((c) => c.code));
    assert.deepEqual(
      Object.keys(semanticCodes).filter((code) => !covered.has(code as keyof typeof semanticCodes)),
      [],
    );
  });
});

describe('control characters in names, as `meshwork validate` reports them', () => {
  it('points at the file and line of the name', async () => {
    const { validateDocument } = await import('../../src/core/validate/validate-document.ts');
    const { parseSourceDocument } = await import('../../src/core/yaml/source-document.ts');
    const text = [
      'apiVersion: v3.1.0',
      'kind: DataContract',
      'id: evil-v1',
      'version: 1.0.0',
      'status: draft',
      'schema:',
      '  - name: t',
      '    properties:',
      '      - name: ok',
      '      - name: "x\\"\\nDROP TABLE victims; --"',
      '',
    ].join('\n');
    const { findings } = await validateDocument(
      'contract',
      parseSourceDocument('evil.odcs.yaml', text),
      {},
    );
    const found = findings.filter((f) => f.code === 'name-control-char');
    assert.deepEqual(
      found.map((f) => [f.file, f.line, f.path, f.severity]),
      [['evil.odcs.yaml', 10, '$.schema[0].properties[1].name', 'error']],
    );
    assert.match(found[0]!.message, /U\+000A/);
    assert.ok(!found[0]!.message.includes('\n'), 'the message itself shows the name escaped');
  });
});
