/**
 * A draft on a PostgreSQL source: the columns come from the real table through the
 * build's own hand-over (PostgreSQL types → DuckDB types), without copying its rows.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { draftProduct } from '../../src/app/canvas/draft-product.ts';
import { writeDraft } from '../../src/app/canvas/write-draft.ts';
import { exportPostgresTables } from '../../src/engines/postgresql/source-export.ts';
import { cli } from '../support/cli.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';
import { freshMesh } from './fresh-mesh.ts';

let server: TestPostgres;
let db: TestDatabase;
let root: string;
let scratch: string;

before(async () => {
  server = await startTestPostgres();
  db = await createTestDatabase(server.url);
  await withClient(db.url, (client) =>
    client.query(`CREATE SCHEMA billing;
      CREATE TABLE billing.invoices (invoice_id integer PRIMARY KEY, amount numeric(12,2) NOT NULL,
        issued_at timestamptz NOT NULL, note text);
      INSERT INTO billing.invoices VALUES (1, 99.90, '2026-01-01T10:00:00Z', 'first'),
        (2, 12.00, '2026-01-02T10:00:00Z', NULL);`),
  );
  root = freshMesh();
  scratch = mkdtempSync(join(tmpdir(), 'meshwork-canvas-pg-'));
  const url = new URL(db.url);
  writeFileSync(
    join(root, 'sources/crm/invoices.odcs.yaml'),
    stringify({
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      id: 'billing-invoices-v1',
      name: 'invoices',
      version: '1.0.0',
      status: 'active',
      servers: [
        {
          server: 'billing',
          type: 'postgresql',
          host: url.hostname,
          port: Number(url.port),
          database: db.name,
          schema: 'billing',
        },
      ],
      schema: [
        {
          name: 'invoices',
          physicalName: 'invoices',
          properties: [
            {
              name: 'invoice_id',
              logicalType: 'integer',
              required: true,
              primaryKey: true,
              primaryKeyPosition: 1,
            },
            { name: 'amount', logicalType: 'number', required: true },
            { name: 'issued_at', logicalType: 'timestamp', required: true },
            { name: 'note', logicalType: 'string' },
          ],
        },
      ],
    }),
  );
});

after(async () => {
  rmSync(root, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
  await db.drop();
  await server.stop();
});

describe('a draft on a PostgreSQL source', () => {
  it('takes the table’s types through the build’s hand-over; the draft builds and tests', async () => {
    const env = { MESHWORK_BILLING_URL: db.url };
    const draft = await draftProduct(
      root,
      {
        id: 'shop-invoices',
        name: 'Invoices',
        domain: 'shop',
        purpose: 'Invoices as issued.',
        consumers: 'Controlling.',
        team: 'shop-team',
        owner: { username: 'owner' },
        inputs: ['billing-invoices-v1'],
        columns: [],
        sla: {},
        status: 'draft',
        language: 'en',
      },
      { env },
    );
    assert.deepEqual(draft.findings, []);
    const contract = parse(
      draft.files.find((f) => f.path.endsWith('invoices.odcs.yaml'))!.content,
    ) as {
      schema: { properties: { name: string; physicalType: string; logicalType: string }[] }[];
    };
    assert.deepEqual(
      contract.schema[0]!.properties.map((p) => [p.name, p.physicalType, p.logicalType]),
      [
        ['invoice_id', 'INTEGER', 'integer'],
        ['amount', 'DECIMAL(12,2)', 'number'],
        ['issued_at', 'TIMESTAMP WITH TIME ZONE', 'timestamp'],
        ['note', 'VARCHAR', 'string'],
      ],
    );
    await writeDraft(root, draft);
    const validated = await cli(['validate', root], root);
    assert.equal(validated.code, 0, validated.stdout);
    const built = await cli(['build', 'shop-invoices', '--mesh', root], root, { env });
    assert.equal(built.code, 0, built.stdout + built.stderr);
    assert.match(built.stdout, /2 rows/);
    const tested = await cli(['test', 'domains/shop/shop-invoices/invoices.odcs.yaml'], root, {
      env,
    });
    assert.equal(tested.code, 0, tested.stdout + tested.stderr);
  });

  it('hands over columns only, no rows, when asked for columns only', async () => {
    const request = {
      server: { server: 'billing', type: 'postgresql', schema: 'billing' },
      credentials: { url: db.url },
      baseDir: root,
      objects: [{ name: 'invoices', physicalName: 'invoices' }],
      scratchDir: scratch,
    };
    const empty = await exportPostgresTables({
      ...request,
      filePrefix: 'empty',
      columnsOnly: true,
    });
    const full = await exportPostgresTables({ ...request, filePrefix: 'full' });
    const emptyInput = empty.objects.get('invoices');
    const fullInput = full.objects.get('invoices');
    assert.equal(emptyInput?.kind, 'csv');
    assert.equal(fullInput?.kind, 'csv');
    if (emptyInput?.kind !== 'csv' || fullInput?.kind !== 'csv') return;
    assert.equal(
      readFileSync(emptyInput.path, 'utf8'),
      '"invoice_id","amount","issued_at","note"\n',
    );
    assert.deepEqual(emptyInput.columns, fullInput.columns);
    assert.equal(readFileSync(fullInput.path, 'utf8').trim().split('\n').length, 3);
  });
});
