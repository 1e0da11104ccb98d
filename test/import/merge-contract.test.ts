import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeContract } from '../../src/app/import/merge-contract.ts';

/** The rule of a re-import with --write (docs/import.md): the catalog's facts over what was written by hand. */
describe('mergeContract', () => {
  const imported = {
    apiVersion: 'v3.1.0',
    id: 'shop-orders-v1',
    description: { purpose: 'Imported from shop on 2026-12-05; describe what a row is.' },
    servers: [{ server: 'shop', type: 'postgresql', host: 'db2', port: 5432 }],
    schema: [
      {
        name: 'orders',
        physicalName: 'orders',
        physicalType: 'table',
        properties: [
          {
            name: 'id',
            physicalName: 'id',
            logicalType: 'integer',
            required: true,
            primaryKey: true,
            primaryKeyPosition: 1,
          },
          {
            name: 'code',
            physicalName: 'code',
            logicalType: 'string',
            physicalType: 'character varying(20)',
            required: false,
            logicalTypeOptions: { maxLength: 20 },
            description: 'from the catalog',
          },
          { name: 'added', physicalName: 'added', logicalType: 'date', required: false },
        ],
      },
    ],
    customProperties: [{ property: 'meshworkImportedFrom', value: { at: 'new' } }],
  };
  const existing = {
    apiVersion: 'v3.1.0',
    id: 'shop-orders-v1',
    version: '1.2.0',
    tags: ['webshop'],
    description: { purpose: 'Orders, as written by hand.' },
    servers: [
      { server: 'shop', type: 'postgresql', host: 'db1', port: 5432, environment: 'prod' },
      { server: 'snapshot', type: 'local', path: 'x.parquet', format: 'parquet' },
    ],
    schema: [
      {
        name: 'orders',
        physicalName: 'orders',
        physicalType: 'table',
        businessName: 'Orders',
        properties: [
          {
            name: 'id',
            physicalName: 'id',
            logicalType: 'integer',
            required: true,
            primaryKey: true,
            primaryKeyPosition: 1,
            classification: 'public',
          },
          {
            name: 'code',
            physicalName: 'code',
            logicalType: 'string',
            physicalType: 'character varying(10)',
            required: true,
            unique: true,
            description: 'by hand',
            logicalTypeOptions: { maxLength: 10, pattern: '^[A-Z]+$' },
            tags: ['key'],
          },
          { name: 'gone', physicalName: 'gone', logicalType: 'string' },
        ],
        quality: [{ type: 'library', metric: 'rowCount', mustBeGreaterThan: 0 }],
      },
      { name: 'other', properties: [] },
    ],
    customProperties: [
      { property: 'meshworkImportedFrom', value: { at: 'old' } },
      { property: 'note', value: 'keep' },
    ],
  };
  const merged = mergeContract(existing, imported) as typeof existing;

  it('keeps the top level, the hand-written purpose, tags and other custom properties; updates the import stamp in place', () => {
    assert.equal(merged.version, '1.2.0');
    assert.deepEqual(merged.tags, ['webshop']);
    assert.equal(merged.description.purpose, 'Orders, as written by hand.');
    assert.deepEqual(merged.customProperties, [
      { property: 'meshworkImportedFrom', value: { at: 'new' } },
      { property: 'note', value: 'keep' },
    ]);
  });

  it("lays the import's server keys over the server of the same name and keeps the others", () => {
    assert.deepEqual(merged.servers, [
      { server: 'shop', type: 'postgresql', host: 'db2', port: 5432, environment: 'prod' },
      { server: 'snapshot', type: 'local', path: 'x.parquet', format: 'parquet' },
    ]);
  });

  it('columns follow the source (order, added, dropped); catalog facts win, words and rules stay', () => {
    const object = merged.schema[0]!;
    assert.equal(object.businessName, 'Orders');
    assert.deepEqual(object.quality, [
      { type: 'library', metric: 'rowCount', mustBeGreaterThan: 0 },
    ]);
    assert.deepEqual(
      object.properties.map((p) => p.name),
      ['id', 'code', 'added'],
    );
    assert.equal((object.properties[0] as { classification?: string }).classification, 'public');
    assert.deepEqual(object.properties[1], {
      name: 'code',
      physicalName: 'code',
      logicalType: 'string',
      physicalType: 'character varying(20)',
      required: false,
      description: 'by hand',
      logicalTypeOptions: { maxLength: 20, pattern: '^[A-Z]+$' },
      tags: ['key'],
    });
    assert.deepEqual(merged.schema[1], { name: 'other', properties: [] });
  });

  it('a retyped column keeps only the options of its new type', () => {
    const retyped = mergeContract(existing, {
      ...imported,
      schema: [
        {
          ...imported.schema[0]!,
          properties: [
            { name: 'code', physicalName: 'code', logicalType: 'integer', required: false },
          ],
        },
      ],
    }) as typeof existing;
    assert.equal(
      (retyped.schema[0]!.properties[0] as { logicalTypeOptions?: unknown }).logicalTypeOptions,
      undefined,
    );
  });
});
