import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { uuidv7 } from '../../src/app/openlineage/build-run.ts';
import { fileDataset, serverDataset } from '../../src/core/openlineage/dataset-naming.ts';
import {
  assertionsFacet,
  errorMessageFacet,
  FACET_SCHEMAS,
  schemaFacet,
} from '../../src/core/openlineage/facets.ts';
import { runEvent } from '../../src/core/openlineage/run-event.ts';
import { contractSchemaFields } from '../../src/core/openlineage/schema-fields.ts';
import { openLineageProblems, openLineageSpecDir } from '../support/openlineage-schema.ts';

describe('OpenLineage dataset names (naming conventions)', () => {
  it('names PostgreSQL and MySQL tables by host, port, database (and schema)', () => {
    assert.deepEqual(
      serverDataset({
        type: 'postgresql',
        fields: { host: 'db.internal', port: 5433, database: 'shop', schema: 'sales' },
        files: [],
        object: 'orders',
      }),
      { namespace: 'postgres://db.internal:5433', name: 'shop.sales.orders' },
    );
    assert.deepEqual(
      serverDataset({
        type: 'postgres',
        fields: { host: 'db', database: 'shop' },
        files: [],
        object: 't',
      }),
      { namespace: 'postgres://db:5432', name: 'shop.public.t' },
    );
    assert.deepEqual(
      serverDataset({
        type: 'mariadb',
        fields: { host: 'erp', database: 'erp' },
        files: [],
        object: 'invoices',
      }),
      { namespace: 'mysql://erp:3306', name: 'erp.invoices' },
    );
  });

  it('takes host, port and database from the credentials URL, never its user or password', () => {
    const named = serverDataset({
      type: 'postgresql',
      fields: { schema: 'public' },
      files: [],
      object: 'orders',
      url: 'postgres://meshwork:s3cret@10.1.2.3:6543/shop?password=other',
    });
    assert.deepEqual(named, { namespace: 'postgres://10.1.2.3:6543', name: 'shop.public.orders' });
    assert.ok(
      !JSON.stringify(named).includes('s3cret') && !JSON.stringify(named).includes('other'),
    );
  });

  it('names files by path, and remote files by scheme and bucket without credentials', () => {
    assert.deepEqual(fileDataset('/data/orders.csv'), {
      namespace: 'file',
      name: '/data/orders.csv',
    });
    assert.deepEqual(fileDataset('s3://key:secret@bucket/raw/orders.parquet'), {
      namespace: 's3://bucket',
      name: 'raw/orders.parquet',
    });
    assert.deepEqual(
      serverDataset({ type: 'local', fields: {}, files: ['/m/data/orders.csv'], object: 'orders' }),
      { namespace: 'file', name: '/m/data/orders.csv' },
    );
  });

  it('says which server it is when no convention applies', () => {
    assert.deepEqual(
      serverDataset({
        type: 'Snowflake',
        fields: { server: 'dwh', database: 'D' },
        files: [],
        object: 'T',
      }),
      { namespace: 'snowflake://dwh', name: 'D.T' },
    );
  });
});

describe('OpenLineage facets and events against the official schema', () => {
  it('the schema copy is the pinned upstream one (SHA256SUMS)', () => {
    const sums = readFileSync(join(openLineageSpecDir, 'SHA256SUMS'), 'utf8').trim().split('\n');
    assert.ok(sums.length >= 30, 'OpenLineage.json and the facet schemas');
    for (const line of sums) {
      const [hash, file] = line.split(/\s+/);
      const actual = createHash('sha256')
        .update(readFileSync(join(openLineageSpecDir, file!)))
        .digest('hex');
      assert.equal(actual, hash, file);
    }
  });

  it('every facet Meshwork writes names an official facet schema, and a valid event passes', () => {
    const event = runEvent({
      eventType: 'FAIL',
      eventTime: new Date('2026-12-05T10:00:00Z'),
      runId: uuidv7(),
      job: { namespace: 'mesh', name: 'p' },
      runFacets: { errorMessage: errorMessageFacet('boom') },
      inputs: [],
      outputs: [
        {
          namespace: 'file',
          name: '/w/p/current/p.parquet',
          facets: { schema: schemaFacet([{ name: 'id', type: 'integer' }]) },
          outputFacets: {
            dataQualityAssertions: assertionsFacet([
              { assertion: 'nullValues', success: false, column: 'id', severity: 'error' },
            ]),
          },
        },
      ],
    });
    assert.deepEqual(openLineageProblems(event), []);
    const ids = new Set(
      readFileSync(join(openLineageSpecDir, 'SHA256SUMS'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[1]!)
        .filter((f) => f.startsWith('facets/'))
        .map(
          (f) =>
            (JSON.parse(readFileSync(join(openLineageSpecDir, f), 'utf8')) as { $id: string }).$id,
        ),
    );
    for (const url of Object.values(FACET_SCHEMAS)) assert.ok(ids.has(url.split('#')[0]!), url);
  });

  it('the validator refuses what the spec refuses (it can fail)', () => {
    const good = runEvent({
      eventType: 'START',
      eventTime: new Date(),
      runId: uuidv7(),
      job: { namespace: 'mesh', name: 'p' },
      inputs: [],
      outputs: [],
    });
    assert.deepEqual(openLineageProblems(good), []);
    assert.notDeepEqual(openLineageProblems({ ...good, run: { runId: 'not-a-uuid' } }), []);
    assert.notDeepEqual(openLineageProblems({ ...good, eventType: 'DONE' }), []);
    const noMessage = { ...errorMessageFacet('x'), message: undefined };
    assert.notDeepEqual(
      openLineageProblems({ ...good, run: { ...good.run, facets: { errorMessage: noMessage } } }),
      [],
    );
    const madeUp = {
      ...errorMessageFacet('x'),
      _schemaURL:
        'https://openlineage.io/spec/facets/9-9-9/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet',
    };
    assert.match(
      openLineageProblems({
        ...good,
        run: { ...good.run, facets: { errorMessage: madeUp } },
      }).join(),
      /none of the official facet schemas/,
    );
  });

  it('run ids are UUIDv7, ordered by time', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(a < b);
  });
});

describe('schema fields from a contract (untrusted input)', () => {
  it('prefers the physical type, nests, and leaves out entries without a name', () => {
    const contract = {
      schema: [
        {
          name: 'orders',
          properties: [
            { name: 'id', logicalType: 'integer', physicalType: 'BIGINT', description: 'key' },
            { logicalType: 'string' },
            'junk',
            {
              name: 'address',
              logicalType: 'object',
              properties: [{ name: 'city', logicalType: 'string' }],
            },
          ],
        },
      ],
    };
    assert.deepEqual(contractSchemaFields(contract, 'orders'), [
      { name: 'id', type: 'BIGINT', description: 'key' },
      { name: 'address', type: 'object', fields: [{ name: 'city', type: 'string' }] },
    ]);
    assert.equal(contractSchemaFields(contract, 'other'), undefined);
    assert.equal(contractSchemaFields({ schema: 'x' }, 'orders'), undefined);
  });

  it('bounds depth and count', () => {
    let deep: Record<string, unknown> = { name: 'leaf' };
    for (let i = 0; i < 50; i++) deep = { name: `n${i}`, properties: [deep] };
    const many = Array.from({ length: 5000 }, (_, i) => ({ name: `c${i}` }));
    const fields = contractSchemaFields(
      { schema: [{ name: 'o', properties: [deep, ...many] }] },
      'o',
    )!;
    let depth = 0;
    for (
      let f: { fields?: readonly unknown[] } | undefined = fields[0];
      f;
      f = f.fields?.[0] as typeof f
    )
      depth++;
    assert.equal(depth, 8);
    const count = (list: readonly { fields?: readonly unknown[] }[]): number =>
      list.reduce(
        (n, f) => n + 1 + count((f.fields ?? []) as { fields?: readonly unknown[] }[]),
        0,
      );
    assert.equal(count(fields), 2000);
  });
});
