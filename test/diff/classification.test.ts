import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffContracts } from '../../src/core/diff/index.ts';
import { asValidContract, at, baseContract } from './contract-pairs.ts';

type Json = Record<string, unknown>;
type Expected = readonly [path: string, change: 'added' | 'removed' | 'changed', severity: string];

interface Case {
  readonly name: string;
  readonly edit: (c: Json) => void;
  readonly expect: readonly Expected[];
}

const O = '$.schema[orders]';
const P = `${O}.properties`;
const sla = (c: Json, property: string): Json =>
  (c.slaProperties as Json[]).find((s) => s.property === property)!;
const server = (c: Json, name: string): Json =>
  (c.servers as Json[]).find((s) => s.server === name)!;
const rule = (p: Json): Json => (p.quality as Json[])[0]!;

/** Every change kind of docs/diff.md with its exact classification. */
const CASES: readonly Case[] = [
  // schema objects and properties
  {
    name: 'a removed schema object',
    edit: (c) => (c.schema = (c.schema as Json[]).filter((o) => o.name !== 'order_lines')),
    expect: [['$.schema[order_lines]', 'removed', 'breaking']],
  },
  {
    name: 'an added schema object',
    edit: (c) => (c.schema as Json[]).push({ name: 'returns', properties: [] }),
    expect: [['$.schema[returns]', 'added', 'info']],
  },
  {
    name: 'a removed property',
    edit: (c) => {
      const o = at(c, 'orders');
      o.properties = (o.properties as Json[]).filter((p) => p.name !== 'ordered_at');
    },
    expect: [[`${P}[ordered_at]`, 'removed', 'breaking']],
  },
  {
    name: 'an added property, even a required one',
    edit: (c) =>
      (at(c, 'orders').properties as Json[]).push({
        name: 'channel',
        logicalType: 'string',
        required: true,
      }),
    expect: [[`${P}[channel]`, 'added', 'info']],
  },
  {
    name: 'a changed physical name of an object',
    edit: (c) => (at(c, 'orders').physicalName = 'orders_v2'),
    expect: [[`${O}.physicalName`, 'changed', 'breaking']],
  },
  {
    name: 'an object that becomes a view',
    edit: (c) => (at(c, 'orders').physicalType = 'view'),
    expect: [[`${O}.physicalType`, 'changed', 'warning']],
  },
  {
    name: 'a rename by id where the name is the physical name',
    edit: (c) => (at(c, 'orders', 'order_id').name = 'id'),
    expect: [[`${P}[order_id].name`, 'changed', 'breaking']],
  },
  {
    name: 'a rename by id that keeps the physical name',
    edit: (c) => (at(c, 'orders', 'note').name = 'remark'),
    expect: [[`${P}[note].name`, 'changed', 'info']],
  },
  {
    name: 'a rename without ids: the old property is gone',
    edit: (c) => (at(c, 'orders', 'quantity').name = 'qty'),
    expect: [
      [`${P}[quantity]`, 'removed', 'breaking'],
      [`${P}[qty]`, 'added', 'info'],
    ],
  },
  // types
  {
    name: 'integer → number widens',
    edit: (c) => (at(c, 'order_lines').properties = [{ name: 'line_id', logicalType: 'number' }]),
    expect: [['$.schema[order_lines].properties[line_id].logicalType', 'changed', 'warning']],
  },
  {
    name: 'timestamp → string is breaking',
    edit: (c) => (at(c, 'orders', 'ordered_at').logicalType = 'string'),
    expect: [[`${P}[ordered_at].logicalType`, 'changed', 'breaking']],
  },
  {
    name: 'a wider decimal',
    edit: (c) => (at(c, 'orders', 'amount').physicalType = 'numeric(14, 2)'),
    expect: [[`${P}[amount].physicalType`, 'changed', 'warning']],
  },
  {
    name: 'a narrower decimal',
    edit: (c) => (at(c, 'orders', 'amount').physicalType = 'decimal(8,2)'),
    expect: [[`${P}[amount].physicalType`, 'changed', 'breaking']],
  },
  {
    name: 'integer → bigint widens, written as an alias',
    edit: (c) => (at(c, 'orders', 'order_id').physicalType = 'INT8'),
    expect: [[`${P}[order_id].physicalType`, 'changed', 'warning']],
  },
  {
    name: 'the same physical type spelt differently',
    edit: (c) => (at(c, 'orders', 'order_id').physicalType = 'INT'),
    expect: [[`${P}[order_id].physicalType`, 'changed', 'info']],
  },
  {
    name: 'a shorter varchar',
    edit: (c) => (at(c, 'orders', 'customer_email').physicalType = 'varchar(50)'),
    expect: [[`${P}[customer_email].physicalType`, 'changed', 'breaking']],
  },
  {
    name: 'an integer format widened (i32 → i64)',
    edit: (c) => (at(c, 'orders', 'quantity').logicalTypeOptions = { format: 'i64' }),
    expect: [[`${P}[quantity].logicalTypeOptions.format`, 'changed', 'warning']],
  },
  {
    name: 'an integer format narrowed (i32 → i16)',
    edit: (c) => (at(c, 'orders', 'quantity').logicalTypeOptions = { format: 'i16' }),
    expect: [[`${P}[quantity].logicalTypeOptions.format`, 'changed', 'breaking']],
  },
  // required, unique, keys
  {
    name: 'a newly required property',
    edit: (c) => (at(c, 'orders', 'ordered_at').required = true),
    expect: [[`${P}[ordered_at].required`, 'added', 'breaking']],
  },
  {
    name: 'a property no longer required',
    edit: (c) => (at(c, 'orders', 'order_id').required = false),
    expect: [[`${P}[order_id].required`, 'changed', 'warning']],
  },
  {
    name: 'unique added',
    edit: (c) => (at(c, 'orders', 'customer_email').unique = true),
    expect: [[`${P}[customer_email].unique`, 'added', 'breaking']],
  },
  {
    name: 'unique removed',
    edit: (c) => delete at(c, 'orders', 'order_id').unique,
    expect: [[`${P}[order_id].unique`, 'removed', 'warning']],
  },
  // constraints
  {
    name: 'minimum up',
    edit: (c) => (at(c, 'orders', 'amount').logicalTypeOptions = { minimum: 1, maximum: 10000 }),
    expect: [[`${P}[amount].logicalTypeOptions.minimum`, 'changed', 'breaking']],
  },
  {
    name: 'minimum down',
    edit: (c) => (at(c, 'orders', 'amount').logicalTypeOptions = { minimum: -5, maximum: 10000 }),
    expect: [[`${P}[amount].logicalTypeOptions.minimum`, 'changed', 'warning']],
  },
  {
    name: 'maximum down',
    edit: (c) => (at(c, 'orders', 'amount').logicalTypeOptions = { minimum: 0, maximum: 5000 }),
    expect: [[`${P}[amount].logicalTypeOptions.maximum`, 'changed', 'breaking']],
  },
  {
    name: 'an inclusive maximum that becomes exclusive at the same value',
    edit: (c) =>
      (at(c, 'orders', 'amount').logicalTypeOptions = { minimum: 0, exclusiveMaximum: 10000 }),
    expect: [
      [`${P}[amount].logicalTypeOptions.maximum`, 'removed', 'breaking'],
      [`${P}[amount].logicalTypeOptions.exclusiveMaximum`, 'added', 'breaking'],
    ],
  },
  {
    name: 'an exclusive minimum added below the minimum changes nothing',
    edit: (c) =>
      (at(c, 'orders', 'amount').logicalTypeOptions = {
        minimum: 0,
        exclusiveMinimum: -1,
        maximum: 10000,
      }),
    expect: [[`${P}[amount].logicalTypeOptions.exclusiveMinimum`, 'added', 'info']],
  },
  {
    name: 'a shorter maxLength and a longer minLength',
    edit: (c) =>
      (at(c, 'orders', 'customer_email').logicalTypeOptions = { minLength: 5, maxLength: 80 }),
    expect: [
      [`${P}[customer_email].logicalTypeOptions.minLength`, 'changed', 'breaking'],
      [`${P}[customer_email].logicalTypeOptions.maxLength`, 'changed', 'breaking'],
    ],
  },
  {
    name: 'a longer maxLength',
    edit: (c) =>
      (at(c, 'orders', 'customer_email').logicalTypeOptions = { minLength: 3, maxLength: 200 }),
    expect: [[`${P}[customer_email].logicalTypeOptions.maxLength`, 'changed', 'warning']],
  },
  {
    name: 'a pattern and a format added',
    edit: (c) =>
      (at(c, 'orders', 'customer_email').logicalTypeOptions = {
        minLength: 3,
        maxLength: 100,
        pattern: '^[^@]+@[^@]+$',
        format: 'email',
      }),
    expect: [
      [`${P}[customer_email].logicalTypeOptions.pattern`, 'added', 'breaking'],
      [`${P}[customer_email].logicalTypeOptions.format`, 'added', 'breaking'],
    ],
  },
  {
    name: 'a changed pattern, inside a nested object',
    edit: (c) =>
      ((at(c, 'orders', 'shipping').properties as Json[])[1]!.logicalTypeOptions = {
        pattern: '^[0-9]{4,5}$',
      }),
    expect: [[`${P}[shipping].properties[zip].logicalTypeOptions.pattern`, 'changed', 'breaking']],
  },
  {
    name: 'a nested property removed',
    edit: (c) => ((at(c, 'orders', 'shipping').properties as Json[]).length = 1),
    expect: [[`${P}[shipping].properties[zip]`, 'removed', 'breaking']],
  },
  {
    name: 'the item type of an array changed',
    edit: (c) => (at(c, 'orders', 'tags').items = { logicalType: 'integer' }),
    expect: [[`${P}[tags].items.logicalType`, 'changed', 'breaking']],
  },
  {
    name: 'array items must be unique now, and at most 5',
    edit: (c) => (at(c, 'orders', 'tags').logicalTypeOptions = { uniqueItems: true, maxItems: 5 }),
    expect: [
      [`${P}[tags].logicalTypeOptions.uniqueItems`, 'added', 'breaking'],
      [`${P}[tags].logicalTypeOptions.maxItems`, 'added', 'breaking'],
    ],
  },
  {
    name: 'a timestamp minimum moved later (dates compare as dates)',
    edit: (c) => {
      at(c, 'orders', 'ordered_at').logicalTypeOptions = { minimum: '2021-01-01T00:00:00Z' };
    },
    expect: [[`${P}[ordered_at].logicalTypeOptions.minimum`, 'added', 'breaking']],
  },
  // allowed values
  {
    name: 'an enum value removed and one added',
    edit: (c) =>
      (at(c, 'orders', 'status').enum = [
        { value: 'open' },
        { value: 'closed' },
        { value: 'returned' },
      ]),
    expect: [
      [`${P}[status].enum[shipped]`, 'removed', 'breaking'],
      [`${P}[status].enum[returned]`, 'added', 'warning'],
    ],
  },
  {
    name: 'a label added to an enum value',
    edit: (c) =>
      (at(c, 'orders', 'status').enum = [
        { value: 'open', label: 'Open' },
        { value: 'shipped' },
        { value: 'closed' },
      ]),
    expect: [[`${P}[status].enum`, 'changed', 'info']],
  },
  {
    name: 'a validValue removed from an invalidValues rule',
    edit: (c) =>
      ((rule(at(c, 'orders', 'status')).arguments as Json).validValues = ['open', 'closed']),
    expect: [
      [`${P}[status].quality[invalidValues].arguments.validValues[shipped]`, 'removed', 'breaking'],
    ],
  },
  // quality
  {
    name: 'a quality rule removed',
    edit: (c) => (at(c, 'orders').quality = []),
    expect: [[`${O}.quality[enough_rows]`, 'removed', 'breaking']],
  },
  {
    name: 'a quality rule added',
    edit: (c) => (at(c, 'orders', 'ordered_at').quality = [{ metric: 'nullValues', mustBe: 0 }]),
    expect: [[`${P}[ordered_at].quality[nullValues]`, 'added', 'warning']],
  },
  {
    name: 'mustBeLessThan lowered (tightened)',
    edit: (c) => (rule(at(c, 'orders', 'amount')).mustBeLessThan = 2),
    expect: [[`${P}[amount].quality[nullValues].mustBeLessThan`, 'changed', 'breaking']],
  },
  {
    name: 'mustBeLessThan raised (loosened)',
    edit: (c) => (rule(at(c, 'orders', 'amount')).mustBeLessThan = 10),
    expect: [[`${P}[amount].quality[nullValues].mustBeLessThan`, 'changed', 'warning']],
  },
  {
    name: 'mustBeGreaterThan raised (tightened)',
    edit: (c) => (rule(at(c, 'orders')).mustBeGreaterThan = 500),
    expect: [[`${O}.quality[enough_rows].mustBeGreaterThan`, 'changed', 'breaking']],
  },
  {
    name: 'mustBeLessThan 5 → mustBeLessOrEqualTo 5 (loosened)',
    edit: (c) => {
      const r = rule(at(c, 'orders', 'amount'));
      delete r.mustBeLessThan;
      r.mustBeLessOrEqualTo = 5;
    },
    expect: [[`${P}[amount].quality[nullValues]`, 'changed', 'warning']],
  },
  {
    name: 'mustBeGreaterThan 100 → mustBeBetween [50, 200] (some values newly rejected)',
    edit: (c) => {
      const r = rule(at(c, 'orders'));
      delete r.mustBeGreaterThan;
      r.mustBeBetween = [50, 200];
    },
    expect: [[`${O}.quality[enough_rows]`, 'changed', 'breaking']],
  },
  {
    name: 'mustBeLessThan 5 → mustNotBeBetween [1, 10] (rejects 1 to 5 now)',
    edit: (c) => {
      const r = rule(at(c, 'orders', 'amount'));
      delete r.mustBeLessThan;
      r.mustNotBeBetween = [1, 10];
    },
    expect: [[`${P}[amount].quality[nullValues]`, 'changed', 'breaking']],
  },
  {
    name: 'a quality rule description (wording)',
    edit: (c) => (rule(at(c, 'orders')).description = 'At least a few orders a day.'),
    expect: [[`${O}.quality[enough_rows].description`, 'added', 'info']],
  },
  // SLA
  {
    name: 'latency up, in other units (1 d → 36 h)',
    edit: (c) => Object.assign(sla(c, 'latency'), { value: 36, unit: 'h' }),
    expect: [['$.slaProperties[latency].value', 'changed', 'breaking']],
  },
  {
    name: 'latency down (1 d → 12 h) improves',
    edit: (c) => Object.assign(sla(c, 'latency'), { value: 12, unit: 'h' }),
    expect: [['$.slaProperties[latency].value', 'changed', 'info']],
  },
  {
    name: 'retention down (3 y → 24 months)',
    edit: (c) => Object.assign(sla(c, 'retention'), { value: 24, unit: 'months' }),
    expect: [['$.slaProperties[retention].value', 'changed', 'breaking']],
  },
  {
    name: 'retention unchanged in other units (3 y → 36 months)',
    edit: (c) => Object.assign(sla(c, 'retention'), { value: 36, unit: 'mo' }),
    expect: [['$.slaProperties[retention].value', 'changed', 'info']],
  },
  {
    name: 'frequency less often (daily → weekly)',
    edit: (c) => Object.assign(sla(c, 'frequency'), { value: 1, unit: 'w' }),
    expect: [['$.slaProperties[frequency].value', 'changed', 'breaking']],
  },
  {
    name: 'availability down',
    edit: (c) => (sla(c, 'availability').value = 99.5),
    expect: [['$.slaProperties[availability].value', 'changed', 'breaking']],
  },
  {
    name: 'end of support earlier',
    edit: (c) => (sla(c, 'endOfSupport').value = '2028-06-30'),
    expect: [['$.slaProperties[endOfSupport].value', 'changed', 'breaking']],
  },
  {
    name: 'an SLA property removed',
    edit: (c) =>
      (c.slaProperties = (c.slaProperties as Json[]).filter((s) => s.property !== 'latency')),
    expect: [['$.slaProperties[latency]', 'removed', 'breaking']],
  },
  {
    name: 'an SLA property Meshwork has no direction for',
    edit: (c) => (sla(c, 'supportHours').value = '9-17'),
    expect: [['$.slaProperties[supportHours].value', 'changed', 'warning']],
  },
  // classification
  {
    name: 'classification loosened (restricted → public)',
    edit: (c) => (at(c, 'orders', 'customer_email').classification = 'public'),
    expect: [[`${P}[customer_email].classification`, 'changed', 'breaking']],
  },
  {
    name: 'classification tightened (restricted → confidential)',
    edit: (c) => (at(c, 'orders', 'customer_email').classification = 'confidential'),
    expect: [[`${P}[customer_email].classification`, 'changed', 'warning']],
  },
  {
    name: 'classification removed',
    edit: (c) => delete at(c, 'orders', 'customer_email').classification,
    expect: [[`${P}[customer_email].classification`, 'removed', 'breaking']],
  },
  // servers, status, id, wording
  {
    name: 'a server removed',
    edit: (c) => (c.servers = (c.servers as Json[]).filter((s) => s.server !== 'files')),
    expect: [['$.servers[files]', 'removed', 'breaking']],
  },
  {
    name: 'a server moved to another host',
    edit: (c) => (server(c, 'prod').host = 'db2.example'),
    expect: [['$.servers[prod].host', 'changed', 'breaking']],
  },
  {
    name: 'a server description',
    edit: (c) => (server(c, 'prod').description = 'Production (primary).'),
    expect: [['$.servers[prod].description', 'changed', 'info']],
  },
  {
    name: 'status → deprecated',
    edit: (c) => (c.status = 'deprecated'),
    expect: [['$.status', 'changed', 'warning']],
  },
  {
    name: 'status → retired',
    edit: (c) => (c.status = 'retired'),
    expect: [['$.status', 'changed', 'breaking']],
  },
  {
    name: 'a new contract id',
    edit: (c) => (c.id = 'orders-v2'),
    expect: [['$.id', 'changed', 'breaking']],
  },
  {
    name: 'wording: purpose and a property description',
    edit: (c) => {
      c.description = { purpose: 'Every order of the webshop.' };
      at(c, 'orders', 'amount').description = 'Gross amount in EUR.';
    },
    expect: [
      [`${P}[amount].description`, 'added', 'info'],
      ['$.description.purpose', 'changed', 'info'],
    ],
  },
  {
    name: 'a property deprecated',
    edit: (c) => (at(c, 'orders', 'note').deprecated = true),
    expect: [[`${P}[note].deprecated`, 'added', 'warning']],
  },
];

describe('diffContracts classifies every kind of change', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const before = asValidContract(baseContract(), 'the base contract');
      const edited = baseContract();
      c.edit(edited);
      const after = asValidContract(edited, c.name);
      const got = diffContracts(before, after).map((x) => [x.path, x.change, x.severity]);
      assert.deepEqual(got, c.expect);
    });
  }

  it('finds nothing between a contract and itself', () => {
    const contract = asValidContract(baseContract(), 'the base contract');
    assert.deepEqual(diffContracts(contract, asValidContract(baseContract(), 'copy')), []);
  });

  it('gives every change a reason and the old and new value', () => {
    const before = asValidContract(baseContract(), 'base');
    const edited = baseContract();
    at(edited, 'orders', 'amount').logicalType = 'string';
    delete at(edited, 'orders', 'amount').logicalTypeOptions;
    const [type] = diffContracts(before, asValidContract(edited, 'edited'));
    assert.equal(type?.from, 'number');
    assert.equal(type?.to, 'string');
    assert.match(type?.reason ?? '', /number → string/);
  });
});
