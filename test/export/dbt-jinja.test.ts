import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { inert } from '../../src/core/export/dbt-sources.ts';
import { renderExport } from '../../src/core/export/index.ts';
import type { OdcsContract } from '../../src/core/standards/odcs/index.ts';

/**
 * dbt renders every string of a properties file with Jinja, not only descriptions: a
 * contract's names, server fields, types and allowed values must not open a Jinja block in
 * the dbt export, and what was changed is said in a note.
 */

const SOURCE = "{{ env_var('SOURCE') }}";
const DATABASE = '{% do run_query("drop table t") %}';
const SCHEMA = '{# hidden #}s';
const OBJECT = "{{ env_var('OBJECT') }}";
const TABLE = "{{ env_var('SECRET') }}";
const COLUMN = "{{ run_query('select 1') }}";
const TYPE = "{{ env_var('TYPE') }}";
const VALUE = "{{ run_query('delete from x') }}";
const DESCRIPTION = '{{ var("d") }}';

const CONTRACT = {
  apiVersion: 'v3.1.0',
  kind: 'DataContract',
  id: 'x-v1',
  version: '1.0.0',
  status: 'draft',
  servers: [{ server: SOURCE, type: 'postgresql', database: DATABASE, schema: SCHEMA }],
  schema: [
    {
      name: OBJECT,
      physicalName: TABLE,
      description: DESCRIPTION,
      properties: [
        {
          name: COLUMN,
          logicalType: 'string',
          physicalType: TYPE,
          required: true,
          primaryKey: true,
          description: DESCRIPTION,
          quality: [
            {
              type: 'library',
              metric: 'invalidValues',
              arguments: { validValues: ['ok', VALUE] },
              mustBe: 0,
            },
          ],
        },
      ],
    },
    {
      name: 'child',
      properties: [
        {
          name: 'parent_ref',
          logicalType: 'string',
          relationships: [{ type: 'foreignKey', to: `${OBJECT}.${COLUMN}` }],
        },
      ],
    },
  ],
} as unknown as OdcsContract;

/** Every string of the document, keys included, with where it is. */
function strings(value: unknown, where = ''): [string, string][] {
  if (typeof value === 'string') return [[where, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${where}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      [`${where} key`, k] as [string, string],
      ...strings(v, `${where}.${k}`),
    ]);
  }
  return [];
}

interface Doc {
  sources: {
    name: string;
    database: string;
    schema: string;
    tables: {
      name: string;
      identifier: string;
      description: string;
      columns: { name: string; data_type?: string; data_tests?: unknown[] }[];
    }[];
  }[];
}

describe('dbt export and Jinja', () => {
  const out = renderExport('dbt', {
    contracts: [{ contract: CONTRACT, path: 'x.odcs.yaml' }],
    related: [],
  });
  const doc = parse(out.text) as Doc;

  it('opens no Jinja block in any string of the file', () => {
    const open = strings(doc).filter(([, s]) => /\{[{%#]/.test(s));
    assert.deepEqual(open, []);
  });

  it('neutralises each position and keeps the rest of the text', () => {
    const source = doc.sources[0]!;
    assert.equal(source.name, inert(SOURCE));
    assert.equal(source.database, inert(DATABASE));
    assert.equal(source.schema, inert(SCHEMA));
    const [parent, child] = source.tables;
    assert.equal(parent!.name, inert(OBJECT));
    assert.equal(parent!.identifier, inert(TABLE));
    assert.equal(parent!.description, inert(DESCRIPTION));
    const column = parent!.columns[0]!;
    assert.equal(column.name, inert(COLUMN));
    assert.equal(column.data_type, inert(TYPE));
    assert.deepEqual(column.data_tests, [
      'not_null',
      'unique',
      { accepted_values: { values: ['ok', inert(VALUE)] } },
    ]);
    // The relationship still names the source and table as they are written above.
    assert.deepEqual(child!.columns[0]!.data_tests, [
      {
        relationships: {
          to: `source('${inert(SOURCE).replaceAll("'", "\\'")}', '${inert(OBJECT).replaceAll("'", "\\'")}')`,
          field: inert(COLUMN),
        },
      },
    ]);
  });

  it('says what it changed, in the notes and in the file', () => {
    const changed = out.notes.filter((n) => n.code === 'name-changed').map((n) => n.message);
    for (const field of [
      '.name:',
      '.database:',
      '.schema:',
      '.identifier:',
      '.data_type:',
      '.values[1]:',
      '.to:',
      '.field:',
      '.description:',
    ]) {
      assert.ok(
        changed.some((m) => m.includes(field)),
        `a note for ${field}: ${changed.join('\n')}`,
      );
    }
    assert.match(out.text, /^# note: .*broken up with a space/m);
  });

  it('leaves a contract without Jinja as it was, without notes', () => {
    const plain = renderExport('dbt', {
      contracts: [
        {
          contract: {
            ...CONTRACT,
            servers: [{ server: 's', type: 'postgresql' }],
            schema: [{ name: 'a {b} %c #d', properties: [{ name: 'x', logicalType: 'string' }] }],
          } as unknown as OdcsContract,
          path: 'x.odcs.yaml',
        },
      ],
      related: [],
    });
    assert.deepEqual(plain.notes, []);
    assert.equal((parse(plain.text) as Doc).sources[0]!.tables[0]!.name, 'a {b} %c #d');
  });
});
