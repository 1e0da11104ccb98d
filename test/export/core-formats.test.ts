import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import type { DdlDialect } from '../../src/core/export/index.ts';
import { renderExport } from '../../src/core/export/index.ts';
import { escapeMarkdown } from '../../src/core/export/markdown.ts';
import type { OdcsContract } from '../../src/core/standards/odcs/index.ts';
import { mysqlDialect } from '../../src/engines/mysql/index.ts';
import { postgresDialect } from '../../src/engines/postgresql/index.ts';

/** The pure renderers (core/export) on small contracts: one behaviour per test. */

function dialect(flavour: 'mysql' | 'postgres'): DdlDialect {
  const d = flavour === 'mysql' ? mysqlDialect : postgresDialect;
  return {
    flavour,
    quoteIdentifier: (n) => d.quoteIdentifier(n),
    literal: (v) => d.literal(v),
    physicalTypeName: (t) => d.physicalTypeName(t),
  };
}

function contractOf(serverType: string, properties: unknown[]): OdcsContract {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'x-v1',
    version: '1.0.0',
    status: 'draft',
    servers: [{ server: 'x', type: serverType }],
    schema: [{ name: 't', properties }],
  } as unknown as OdcsContract;
}

const input = (contract: OdcsContract) => ({
  contracts: [{ contract, path: 'x.odcs.yaml' }],
  related: [],
});

describe('core/export', () => {
  it("keeps MySQL's tinyint(1) so it reads back as a boolean", () => {
    const contract = contractOf('mysql', [
      { name: 'flag', logicalType: 'boolean', physicalType: 'tinyint(1)', required: true },
      { name: 'small', logicalType: 'integer', physicalType: 'tinyint(4)' },
    ]);
    const out = renderExport('sql-mysql', input(contract), dialect('mysql'));
    assert.match(out.text, /`flag` tinyint\(1\) NOT NULL/);
    assert.match(out.text, /`small` tinyint\n/);
  });

  it('carries allowed values of an invalidValues rule as enum, accepted_values and JSON Schema enum', () => {
    const contract = contractOf('postgresql', [
      {
        name: 'status',
        logicalType: 'string',
        required: true,
        quality: [
          {
            type: 'library',
            metric: 'invalidValues',
            arguments: { validValues: ['open', 'paid'] },
            mustBe: 0,
          },
        ],
      },
    ]);
    const dcs = parse(renderExport('dcs', input(contract)).text) as {
      models: { t: { fields: { status: { enum: string[] } } } };
    };
    assert.deepEqual(dcs.models.t.fields.status.enum, ['open', 'paid']);
    const dbt = parse(renderExport('dbt', input(contract)).text) as {
      sources: { tables: { columns: { data_tests: unknown[] }[] }[] }[];
    };
    assert.deepEqual(dbt.sources[0]!.tables[0]!.columns[0]!.data_tests, [
      'not_null',
      { accepted_values: { values: ['open', 'paid'] } },
    ]);
    const schema = JSON.parse(renderExport('json-schema', input(contract)).text) as {
      $defs: { t: { properties: { status: { enum: string[] } } } };
    };
    assert.deepEqual(schema.$defs.t.properties.status.enum, ['open', 'paid']);
  });

  it('keeps a type of the contract’s own engine, and carries over what is portable from another', () => {
    const fromPg = contractOf('postgresql', [
      { name: 'at', logicalType: 'timestamp', physicalType: 'timestamptz' },
      { name: 'amount', logicalType: 'number', physicalType: 'numeric(12,2)' },
      { name: 'code', logicalType: 'string', physicalType: 'varchar(12)' },
      { name: 'n', logicalType: 'integer', physicalType: 'int8' },
    ]);
    assert.match(
      renderExport('sql-postgres', input(fromPg), dialect('postgres')).text,
      /"at" timestamp\(6\) with time zone,\n {2}"amount" numeric\(12,2\),\n {2}"code" character varying\(12\),\n {2}"n" bigint/,
    );
    assert.match(
      renderExport('sql-mysql', input(fromPg), dialect('mysql')).text,
      /`at` datetime\(6\),\n {2}`amount` decimal\(12,2\),\n {2}`code` varchar\(12\),\n {2}`n` bigint/,
    );
  });

  it('a description cannot break out of a SQL line comment', () => {
    const contract = {
      ...contractOf('postgresql', [{ name: 'a', logicalType: 'integer' }]),
      schema: [
        {
          name: 't',
          physicalType: 'view\nDROP TABLE x;',
          properties: [{ name: 'a', logicalType: 'integer' }],
        },
      ],
    } as unknown as OdcsContract;
    const out = renderExport('sql-postgres', input(contract), dialect('postgres'));
    assert.doesNotMatch(out.text, /^DROP TABLE/m);
    assert.match(out.text, /^-- t: a view DROP TABLE x; in the contract, written as a table\.$/m);
  });
});

describe('Markdown text', () => {
  it('escapes a heading, list or numbered item on every line of a text, not only the first', () => {
    const text = 'first line\n# forged heading\n  - forged item\n12. forged number';
    const escaped = escapeMarkdown(text);
    assert.equal(escaped, 'first line\n\\# forged heading\n  \\- forged item\n12\\. forged number');
  });
});
