import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse, stringify } from 'yaml';
import { exportFiles } from '../../src/app/export/export-files.ts';
import { EXPORT_FORMATS, renderExport } from '../../src/core/export/index.ts';
import type { ExportFormat } from '../../src/core/export/index.ts';
import type { OdcsContract } from '../../src/core/standards/odcs/index.ts';
import { toJsonRow } from '../../src/engines/json-values.ts';
import { cli } from '../support/cli.ts';
import {
  HOSTILE_DESCRIPTION,
  ITEMS,
  ORDERS,
  ITEMS_TABLE,
  QTY_COLUMN,
  SHOP_FILES,
  writeShopSystem,
} from './export-fixture.ts';

const run = promisify(execFile);
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
const DEMO = join(import.meta.dirname, '../../examples/alpine-bikes');
const ORDER_LINES = 'domains/sales/sales-orders/order-lines.odcs.yaml';

type Json = Record<string, unknown>;

describe('export formats', () => {
  let folder: string;
  const shop = (format: ExportFormat) => exportFiles(SHOP_FILES, format, { cwd: folder });
  before(async () => {
    folder = await writeShopSystem();
  });
  after(() => rm(dirname(dirname(folder)), { recursive: true, force: true }));

  describe('json-schema', () => {
    it('is a valid draft 2020-12 schema that accepts real rows and rejects wrong ones', async () => {
      const out = await shop('json-schema');
      assert.equal(out.mediaType, 'application/schema+json');
      const schema = JSON.parse(out.text) as Json & { $defs: Record<string, Json> };
      const ajv = new Ajv2020({ allErrors: true, strict: false });
      addFormats(ajv);
      assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
      // Real rows: the exported DDL creates the tables in DuckDB, rows go in, and come back
      // as Meshwork's JSON (engines/json-values.ts: decimals and big integers as strings).
      const ddl = await shop('sql-duckdb');
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      try {
        await connection.run(ddl.text);
        await connection.run(`INSERT INTO customers VALUES (1, 'a@example.org', 'north', TIMESTAMPTZ '2026-01-02 03:04:05+00'),
          (2, 'b@example.org', NULL, NULL)`);
        await connection.run(
          `INSERT INTO orders VALUES ('DE', 9007199254740993, 1, 12.50, DATE '2026-02-03')`,
        );
        // Meshwork's JSON writes a DATE as midnight UTC (an ISO timestamp); JSON Schema's
        // `format: date` is the date alone, so the date column is read as text here.
        const select = (table: string) =>
          table === 'orders'
            ? `SELECT * REPLACE (CAST(ordered_on AS VARCHAR) AS ordered_on) FROM orders`
            : `SELECT * FROM "${table}"`;
        const rows = async (table: string) =>
          (await connection.runAndReadAll(select(table))).getRowObjectsJS().map(toJsonRow);
        const validate = (name: string) =>
          ajv.compile({ ...schema, $ref: `#/$defs/${name}`, anyOf: undefined });
        for (const [table, name] of [
          ['customers', 'customers'],
          ['orders', 'orders'],
        ] as const) {
          const check = validate(name);
          const found = await rows(table);
          assert.ok(found.length > 0);
          for (const row of found)
            assert.equal(
              check(row),
              true,
              `${table} ${JSON.stringify(row)}: ${JSON.stringify(check.errors)}`,
            );
        }
        const customers = validate('customers');
        assert.equal(customers({ customer_id: 3 }), false, 'a required column is missing');
        assert.equal(
          customers({ customer_id: 3, email: 'x', extra: 1 }),
          false,
          'a column the contract does not name',
        );
        assert.equal(customers({ customer_id: 'x', email: 'x' }), false, 'a wrong type');
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    });

    it('with several objects, the root accepts a row of any of them', async () => {
      const schema = JSON.parse((await shop('json-schema')).text) as Json;
      assert.deepEqual(Object.keys(schema.$defs as Json), ['customers', 'orders', 'order_items']);
      assert.equal((schema.anyOf as unknown[]).length, 3);
    });
  });

  it('mermaid: an erDiagram with every table, its keys and both foreign keys', async () => {
    const out = await shop('mermaid');
    const lines = out.text.trimEnd().split('\n');
    assert.equal(lines[0], 'erDiagram');
    // The grammar's statements (mermaid erDiagram): entity blocks, attributes, relationships.
    const grammar = [
      /^ {2}[A-Za-z_][A-Za-z0-9_]*(\["[^"\n]*"\])? \{$/,
      /^ {4}[A-Za-z_][A-Za-z0-9_]* [A-Za-z_][A-Za-z0-9_]*( (PK|FK|UK)(, (PK|FK|UK))*)?( "[^"\n]*")?$/,
      /^ {2}\}$/,
      /^ {2}[A-Za-z_][A-Za-z0-9_]* (\|\||\|o)--o\{ [A-Za-z_][A-Za-z0-9_]* : "[^"\n]*"$/,
    ];
    for (const line of lines.slice(1)) {
      assert.ok(
        grammar.some((g) => g.test(line)),
        `not Mermaid erDiagram syntax: ${line}`,
      );
    }
    assert.match(out.text, /customers \{\n {4}integer customer_id PK/);
    assert.match(out.text, /e3\["Order 'Items'"\] \{/);
    assert.match(
      out.text,
      /integer Qty__DROP_TABLE_x "Qty; DROP TABLE x: Units; a 'quoted' name\."/,
    );
    assert.match(out.text, /customers \|\|--o\{ orders : "customer_id"/);
    assert.match(out.text, /orders \|\|--o\{ e3 : "shop_code, order_no"/);
  });

  it('dbt: sources.yml with columns, descriptions and the tests the contract implies', async () => {
    const out = await shop('dbt');
    const doc = parse(out.text) as {
      version: number;
      sources: { name: string; schema: string; tables: Json[] }[];
    };
    assert.equal(doc.version, 2);
    assert.equal(doc.sources.length, 1, 'one system, one source');
    const source = doc.sources[0]!;
    assert.equal(source.name, 'shop');
    assert.equal(source.schema, 'public');
    const tables = Object.fromEntries(source.tables.map((t) => [t.name, t])) as Record<
      string,
      Json & { columns: Json[] }
    >;
    assert.deepEqual(Object.keys(tables), ['customers', 'orders', 'order_items']);
    assert.equal(tables.order_items!.identifier, ITEMS_TABLE);
    const column = (t: string, c: string) => tables[t]!.columns.find((x) => x.name === c)!;
    assert.deepEqual(column('customers', 'customer_id').data_tests, ['not_null', 'unique']);
    assert.deepEqual(column('orders', 'customer_id').data_tests, [
      'not_null',
      { relationships: { to: "source('shop', 'customers')", field: 'customer_id' } },
    ]);
    assert.equal(column('orders', 'total').data_type, 'numeric(12,2)');
    assert.ok(column('order_items', QTY_COLUMN));
    assert.deepEqual(tables.orders!.data_tests, [
      {
        'dbt_utils.unique_combination_of_columns': {
          combination_of_columns: ['shop_code', 'order_no'],
        },
      },
    ]);
    // dbt renders Jinja in descriptions: the contract's text must not open a block.
    const description = column('customers', 'email').description as string;
    assert.doesNotMatch(description, /\{\{|\{%|\{#/);
    assert.match(description, /\{ \{ var\('x'\) \}\}/);
    assert.ok(
      out.notes.some((n) => n.message.includes('composite foreign key')),
      'the composite FK is reported',
    );
    assert.match(out.text, /^# note: .*composite foreign key/m);
  });

  it('dcs: a Data Contract Specification file with models, fields, keys and references', async () => {
    const out = await shop('dcs');
    const doc = parse(out.text) as Json & {
      models: Record<string, Json & { fields: Record<string, Json> }>;
    };
    assert.equal(doc.dataContractSpecification, '1.1.0');
    assert.equal(doc.id, 'shop-customers-v1');
    assert.deepEqual(Object.keys(doc.models), ['customers', 'orders', 'order_items']);
    assert.deepEqual(doc.servers, {
      shop: { type: 'postgres', host: 'localhost', port: 5432, database: 'shop', schema: 'public' },
    });
    const orders = doc.models.orders!;
    assert.deepEqual(orders.primaryKey, ['shop_code', 'order_no']);
    assert.deepEqual(orders.fields.customer_id, {
      type: 'integer',
      config: { physicalType: 'integer' },
      required: true,
      references: 'customers.customer_id',
    });
    assert.deepEqual(orders.fields.total, {
      type: 'decimal',
      precision: 12,
      scale: 2,
      config: { physicalType: 'numeric(12,2)' },
      required: true,
    });
    assert.equal(doc.models.customers!.fields.email!.maxLength, 200);
    assert.equal(doc.models.customers!.fields.email!.unique, true);
    assert.equal(doc.models.customers!.fields.email!.description, HOSTILE_DESCRIPTION);
    assert.equal(doc.models.order_items!.fields.qty!.type, 'integer');
  });

  it('html: a self-contained page that escapes hostile text', async () => {
    const out = await shop('html');
    assert.equal(out.mediaType, 'text/html; charset=utf-8');
    assert.doesNotMatch(out.text, /<script/i, 'no script element, from the contract or otherwise');
    assert.match(out.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(out.text, /(src|href)=/i, 'no external resources');
    assert.match(out.text, /<td>Order &quot;Items&quot;|<h2>Order &quot;Items&quot;<\/h2>/);
  });

  it('markdown: a table per object; hostile text stays text and in its cell', async () => {
    const out = await shop('markdown');
    assert.doesNotMatch(out.text, /<script/i);
    const row = out.text.split('\n').find((l) => l.startsWith('| email |'));
    assert.ok(row, out.text);
    // Six cells: the pipe and the line break of the description do not split the row.
    assert.equal(row.split(/(?<!\\)\|/).length - 2, 6, row);
    assert.match(row, /&lt;script&gt;/);
  });

  it('renders every format for every demo contract', async () => {
    const { readdir } = await import('node:fs/promises');
    const files = (await readdir(DEMO, { recursive: true })).filter(
      (f) => f.endsWith('.odcs.yaml') && !f.startsWith('data'),
    );
    assert.ok(files.length >= 20);
    for (const file of files) {
      for (const format of EXPORT_FORMATS) {
        const out = await exportFiles([file], format, { cwd: DEMO });
        assert.ok(out.text.length > 0, `${file} ${format}`);
        if (format === 'json-schema') JSON.parse(out.text);
        if (format === 'dbt' || format === 'dcs') parse(out.text);
      }
    }
  });

  it('a foreign key outside the export is a comment and a note, not dropped', async () => {
    const out = await exportFiles([ORDER_LINES], 'sql-postgres', { cwd: DEMO });
    assert.match(
      out.text,
      /^-- ALTER TABLE "order_lines" ADD FOREIGN KEY \("product_id"\) REFERENCES "products" \("product_id"\);$/m,
    );
    assert.deepEqual(
      out.notes.map((n) => n.code),
      ['reference-outside-export', 'reference-outside-export'],
    );
    assert.ok(
      out.notes.some((n) =>
        n.message.includes('domains/sales/sales-product-catalog/products.odcs.yaml'),
      ),
    );
  });

  it('a reference to nothing is shown as not found and reported', () => {
    const contract: OdcsContract = {
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      id: 'c',
      version: '1.0.0',
      status: 'draft',
      schema: [
        {
          name: 't',
          properties: [
            {
              name: 'a',
              logicalType: 'integer',
              relationships: [
                { type: 'foreignKey', to: 'nowhere.odcs.yaml#/schema/x/properties/y' },
              ],
            },
          ],
        },
      ],
    };
    const out = renderExport('markdown', {
      contracts: [{ contract, path: 'c.odcs.yaml' }],
      related: [],
    });
    assert.match(out.text, /FK → nowhere\.odcs\.yaml#\/schema\/x\/properties\/y \(not found\)/);
    assert.deepEqual(
      out.notes.map((n) => n.code),
      ['reference-unresolved'],
    );
  });
});

it('a reference that leaves the mesh folder is not read, even when the file exists', async () => {
  const folder = await writeShopSystem();
  try {
    // <tmp>/sources/elsewhere.odcs.yaml: a valid contract, outside the folder being exported.
    await writeFile(join(folder, '..', 'elsewhere.odcs.yaml'), stringify(ORDERS));
    const curious = structuredClone(ITEMS) as Json & {
      schema: (Json & { relationships: unknown })[];
    };
    curious.schema[0]!.relationships = [
      {
        type: 'foreignKey',
        from: 'order_items.sku',
        to: '../elsewhere.odcs.yaml#/schema/orders/properties/shop_code',
      },
    ];
    await writeFile(join(folder, 'curious.odcs.yaml'), stringify(curious));
    const out = await exportFiles(['curious.odcs.yaml'], 'sql-postgres', { cwd: folder });
    assert.ok(
      out.notes.some(
        (n) =>
          n.code === 'reference-unresolved' && n.message.includes('not a contract file inside'),
      ),
      JSON.stringify(out.notes),
    );
    assert.doesNotMatch(out.text, /^ALTER TABLE .* REFERENCES "orders"/m);
  } finally {
    await rm(dirname(dirname(folder)), { recursive: true, force: true });
  }
});

describe('meshwork export (CLI)', () => {
  let folder: string;
  before(async () => {
    folder = await writeShopSystem();
  });
  after(() => rm(dirname(dirname(folder)), { recursive: true, force: true }));

  it('writes the export to --out and says so', async () => {
    const run = await cli(
      ['export', ...SHOP_FILES, '--format', 'sql-postgres', '--out', 'shop.sql'],
      folder,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /Wrote sql-postgres to shop\.sql\./);
    assert.match(
      await readFile(join(folder, 'shop.sql'), 'utf8'),
      /CREATE TABLE "Order ""Items""" \(/,
    );
  });

  it('prints to standard output, notes to standard error', async () => {
    const run = await cli(['export', ORDER_LINES, '--format', 'sql-mysql'], DEMO);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^CREATE TABLE `order_lines` \(/m);
    assert.match(
      run.stderr,
      /^meshwork export: note: order_lines: the foreign key to products points outside this export/m,
    );
  });

  it('refuses an unknown format, a missing format and a missing file (exit 2)', async () => {
    const unknown = await cli(['export', ORDER_LINES, '--format', 'xml'], DEMO);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--format xml is not a format; one of json-schema, sql-postgres/);
    assert.equal((await cli(['export', ORDER_LINES], DEMO)).code, 2);
    const missing = await cli(
      ['export', 'domains/sales/sales-orders/order-line.odcs.yaml', '--format', 'html'],
      DEMO,
    );
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /no such file\. Did you mean "domains\/sales\/sales-orders\/order-lines\.odcs\.yaml"\?/,
    );
  });

  it('runs as a real process: bin/meshwork.js export … --format sql-duckdb', async () => {
    const bin = join(import.meta.dirname, '../../bin/meshwork.js');
    const { stdout, stderr } = await run(
      process.execPath,
      [bin, 'export', ...SHOP_FILES, '--format', 'sql-duckdb'],
      { cwd: folder, env: { ...process.env, NO_COLOR: '1' } },
    );
    assert.equal(stderr, '');
    assert.ok(stdout.includes('CREATE TABLE "Order ""Items""" ('), stdout);
    assert.ok(
      stdout.includes(
        'FOREIGN KEY ("shop_code", "order_no") REFERENCES "orders" ("shop_code", "order_no")',
      ),
    );
  });

  it('refuses a file that is not a valid contract, naming the place', async () => {
    const run = await cli(['export', 'meshwork.yaml', '--format', 'html'], DEMO);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /meshwork\.yaml: .*not a valid ODCS contract/);
  });
});
