import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isMeshworkError } from '../../src/app/errors.ts';
import { importDcs } from '../../src/app/import/import-dcs.ts';
import { assertValidContracts, writeSourceContracts } from './roundtrip-support.ts';

/**
 * Data Contract Specification files in the shapes the specification gives (datacontract.com,
 * "Data Contract Specification"): 1.1.0 with `primaryKey`, `references`, `enum`, `config`
 * types and a postgres server carrying a user the import must not take over; 0.9.3 with
 * the older `primary`, `definitions` reached by `$ref`, a nested record and a local server.
 */
const ORDERS_V1 = `dataContractSpecification: 1.1.0
id: urn:datacontract:checkout:orders-latest
info:
  title: Orders Latest
  version: 2.0.0
  description: Successful customer orders in the webshop.
  owner: Checkout Team
servers:
  production:
    type: postgres
    host: db.example.com
    port: 5432
    database: shop
    schema: public
    user: admin
    password: hunter2
  broken:
    type: snowflake
    account: acme
models:
  orders:
    description: One record per order. Includes cancelled and deleted orders.
    type: table
    fields:
      order_id:
        type: string
        primaryKey: true
        format: uuid
        description: An internal ID that identifies an order in the online shop.
      order_timestamp:
        type: timestamp
        required: true
      order_total:
        type: long
        required: true
        minimum: 0
        description: Total amount in the smallest monetary unit (e.g., cents).
        config:
          postgresType: bigint
      customer_email:
        type: text
        maxLength: 320
        unique: true
        pii: true
      status:
        type: string
        enum: [placed, shipped, cancelled]
  line_items:
    description: A single article that is part of an order.
    type: table
    primaryKey: [order_id, line_no]
    fields:
      order_id:
        type: string
        references: orders.order_id
      line_no:
        type: int
      sku:
        type: string
        title: Stock keeping unit
`;

const LEGACY_093 = `dataContractSpecification: 0.9.3
id: legacy
info:
  title: Legacy Export
  version: 0.1.0
servers:
  local:
    type: local
    path: ./data/customers.parquet
    format: parquet
definitions:
  customer_id:
    type: integer
    description: The customer's number.
    required: true
models:
  customers:
    fields:
      id:
        $ref: '#/definitions/customer_id'
        primary: true
      address:
        type: record
        fields:
          street: { type: string }
      born:
        type: date
      ghost:
        $ref: '#/definitions/missing'
`;

describe('importDcs', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-dcs-'));
    await writeFile(join(dir, 'datacontract.yaml'), ORDERS_V1);
    await writeFile(join(dir, 'legacy.yaml'), LEGACY_093);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reads a 1.1.0 file: models, fields, keys, references, enum, server without credentials', async () => {
    const system = await importDcs(
      { kind: 'dcs', path: 'datacontract.yaml' },
      { cwd: dir, env: {} },
    );
    assert.equal(system.system, 'orders-latest');
    assert.deepEqual(system.server, {
      server: 'orders-latest',
      type: 'postgres',
      host: 'db.example.com',
      port: 5432,
      database: 'shop',
      schema: 'public',
    });
    assert.deepEqual(
      system.tables.map((t) => t.name),
      ['orders', 'line_items'],
    );
    const orders = system.tables[0]!;
    assert.equal(
      orders.description,
      'One record per order. Includes cancelled and deleted orders.',
    );
    assert.deepEqual(
      orders.columns.map((c) => [
        c.name,
        c.logicalType,
        c.physicalType ?? null,
        c.required,
        c.primaryKeyPosition ?? null,
        c.unique,
      ]),
      [
        ['order_id', 'string', null, true, 1, false],
        ['order_timestamp', 'timestamp', null, true, null, false],
        ['order_total', 'integer', 'bigint', true, null, false],
        ['customer_email', 'string', null, false, null, true],
        ['status', 'string', null, false, null, false],
      ],
    );
    assert.deepEqual(orders.columns[0]!.logicalTypeOptions, { format: 'uuid' });
    assert.deepEqual(orders.columns[2]!.logicalTypeOptions, { minimum: 0 });
    assert.deepEqual(orders.columns[3]!.logicalTypeOptions, { maxLength: 320 });
    assert.deepEqual(orders.columns[4]!.validValues, ['placed', 'shipped', 'cancelled']);
    const lines = system.tables[1]!;
    assert.deepEqual(
      lines.columns.map((c) => [c.name, c.primaryKeyPosition ?? null, c.required]),
      [
        ['order_id', 1, true],
        ['line_no', 2, true],
        ['sku', null, false],
      ],
    );
    assert.equal(lines.columns[2]!.description, 'Stock keeping unit');
    assert.deepEqual(lines.foreignKeys, [
      { columns: ['order_id'], table: 'orders', referencedColumns: ['order_id'] },
    ]);
    // The incomplete second server is said, not dropped.
    assert.deepEqual(
      system.gaps.map((g) => g.reason),
      ['datacontract.yaml: server broken (snowflake) lacks database, schema; not used'],
    );
  });

  it('writes contracts that validate and hold neither user nor password', async () => {
    const system = await importDcs(
      { kind: 'dcs', path: 'datacontract.yaml' },
      { cwd: dir, env: {} },
    );
    const files = await writeSourceContracts(system, 'dcs', dir);
    await assertValidContracts(files, dir);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      assert.doesNotMatch(text, /hunter2|admin/);
    }
    const orders = await readFile(files[0]!, 'utf8');
    assert.match(orders, /metric: invalidValues[\s\S]*- placed[\s\S]*- cancelled/);
  });

  it('reads a 0.9.3 file: primary, $ref definitions, a nested record said, a local server made absolute', async () => {
    const system = await importDcs(
      { kind: 'dcs', path: 'legacy.yaml' },
      { cwd: dir, env: {}, system: 'crm' },
    );
    assert.equal(system.system, 'crm');
    assert.deepEqual(system.server, {
      server: 'crm',
      type: 'local',
      path: join(dir, 'data/customers.parquet'),
      format: 'parquet',
    });
    const customers = system.tables[0]!;
    assert.deepEqual(
      customers.columns.map((c) => [
        c.name,
        c.logicalType,
        c.required,
        c.primaryKeyPosition ?? null,
      ]),
      [
        ['id', 'integer', true, 1],
        ['address', 'object', false, null],
        ['born', 'date', false, null],
        ['ghost', 'string', false, null],
      ],
    );
    assert.equal(customers.columns[0]!.description, "The customer's number.");
    assert.deepEqual(
      system.gaps.map((g) => g.reason),
      [
        'legacy.yaml: customers.ghost refers to #/definitions/missing, which is not a definition of this file; read without it',
        'legacy.yaml: the nested fields of customers.address are not carried; the column is an object',
      ],
    );
  });

  it('refuses broken YAML with its line, and bounds alias expansion', async () => {
    await writeFile(
      join(dir, 'broken.yaml'),
      'dataContractSpecification: 1.1.0\nmodels:\n  a: [1, 2\n',
    );
    await assert.rejects(
      importDcs({ kind: 'dcs', path: 'broken.yaml' }, { cwd: dir, env: {} }),
      (error: unknown) => isMeshworkError(error) && /not valid YAML \(line \d+/.test(error.message),
    );
    const bomb = [
      'dataContractSpecification: 1.1.0',
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      ...Array.from({ length: 12 }, (_, i) => {
        const name = String.fromCharCode(98 + i);
        const previous = String.fromCharCode(97 + i);
        return `${name}: &${name} [${Array(10).fill(`*${previous}`).join(',')}]`;
      }),
      'models:',
      '  t:',
      '    fields:',
      '      x: { type: string, enum: *m }',
    ].join('\n');
    await writeFile(join(dir, 'bomb.yaml'), bomb);
    await assert.rejects(
      importDcs({ kind: 'dcs', path: 'bomb.yaml' }, { cwd: dir, env: {} }),
      (error: unknown) => isMeshworkError(error) && /aliases expand too far/.test(error.message),
    );
  });

  it('an unknown specification version and a file without models are said', async () => {
    await writeFile(join(dir, 'odd.yaml'), 'dataContractSpecification: 7.0.0\nid: odd\n');
    const system = await importDcs({ kind: 'dcs', path: 'odd.yaml' }, { cwd: dir, env: {} });
    assert.deepEqual(system.tables, []);
    assert.deepEqual(
      system.gaps.map((g) => g.reason),
      [
        'odd.yaml: dataContractSpecification "7.0.0" is not 0.9.x or 1.x; read as 1.x',
        'odd.yaml has no models.',
      ],
    );
  });
});
