import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { parse } from 'yaml';
import type { ApiFixture } from '../server/api-support.ts';
import { createApiFixture } from '../server/api-support.ts';

/** GET /api/contracts/{id}/export over the demo mesh, in-process (Hono app.request). */
let f: ApiFixture;
before(async () => {
  f = await createApiFixture();
});

const get = (path: string, headers: Record<string, string> = f.admin) =>
  f.app.request(path, { headers });

describe('GET /api/contracts/{id}/export', () => {
  test('answers each format as a download with its content type and file name', async () => {
    const cases = [
      ['json-schema', 'application/schema+json', 'sales-order-lines-v1.schema.json'],
      ['sql-postgres', 'application/sql', 'sales-order-lines-v1.postgres.sql'],
      ['sql-mysql', 'application/sql', 'sales-order-lines-v1.mysql.sql'],
      ['sql-duckdb', 'application/sql', 'sales-order-lines-v1.duckdb.sql'],
      ['markdown', 'text/markdown; charset=utf-8', 'sales-order-lines-v1.md'],
      ['html', 'text/html; charset=utf-8', 'sales-order-lines-v1.html'],
      ['mermaid', 'text/vnd.mermaid; charset=utf-8', 'sales-order-lines-v1.mmd'],
      ['dbt', 'application/yaml', 'sales-order-lines-v1.sources.yml'],
      ['dcs', 'application/yaml', 'sales-order-lines-v1.datacontract.yaml'],
    ] as const;
    for (const [format, type, file] of cases) {
      const res = await get(`/api/contracts/sales-order-lines-v1/export?format=${format}`);
      assert.equal(res.status, 200, format);
      assert.equal(res.headers.get('content-type'), type, format);
      assert.equal(res.headers.get('content-disposition'), `attachment; filename="${file}"`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.ok((await res.text()).length > 0);
    }
  });

  test('resolves foreign keys against the other contracts of the served mesh', async () => {
    const res = await get('/api/contracts/sales-order-lines-v1/export?format=dbt');
    const doc = parse(await res.text()) as {
      sources: { tables: { columns: { name: string; data_tests?: unknown[] }[] }[] }[];
    };
    const productId = doc.sources[0]!.tables[0]!.columns.find((c) => c.name === 'product_id')!;
    assert.deepEqual(productId.data_tests, [
      'not_null',
      { relationships: { to: "source('warehouse', 'products')", field: 'product_id' } },
    ]);
    // Both keys point into contracts this export does not create: said in the DDL.
    const ddl = await get('/api/contracts/sales-order-lines-v1/export?format=sql-postgres');
    assert.equal(ddl.headers.get('x-meshwork-export-notes'), '2');
    assert.match(
      await ddl.text(),
      /^-- ALTER TABLE "order_lines" ADD FOREIGN KEY \("product_id"\)/m,
    );
  });

  test('an HTML export cannot run anything in the portal origin', async () => {
    // Escaped text, an attachment, and the server's policy of no inline scripts.
    const res = await get('/api/contracts/sales-orders-v1/export?format=html');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment;/);
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.doesNotMatch(await res.text(), /<script/i);
  });

  test('refuses an unknown format (400), an unknown contract (404), and anonymous callers (401)', async () => {
    const bad = await get('/api/contracts/sales-orders-v1/export?format=xml');
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /problem\+json/);
    assert.equal((await get('/api/contracts/sales-orders-v1/export')).status, 400);
    assert.equal((await get('/api/contracts/nope/export?format=html')).status, 404);
    assert.equal((await get('/api/contracts/sales-orders-v1/export?format=html', {})).status, 401);
  });

  test('is in the OpenAPI document with its formats', async () => {
    const res = await get('/api/openapi.json');
    const doc = (await res.json()) as {
      paths: Record<
        string,
        { get?: { parameters?: { name: string; schema?: { enum?: string[] } }[] } }
      >;
    };
    const route = doc.paths['/api/contracts/{id}/export'] ?? doc.paths['/contracts/{id}/export'];
    assert.ok(route?.get, Object.keys(doc.paths).join(', '));
    const format = route.get.parameters?.find((p) => p.name === 'format');
    assert.ok(format?.schema?.enum?.includes('sql-duckdb'));
  });
});
