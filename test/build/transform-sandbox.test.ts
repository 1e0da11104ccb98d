import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildMesh } from '../../src/app/build/build-mesh.ts';
import type { ProductBuildResult } from '../../src/app/build/build-product.ts';
import type { ContractTester } from '../../src/app/build/contract-tests.ts';
import { createDuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import type { DuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import { createTestMesh } from './support.ts';

/**
 * transform.sql is untrusted text like a contract (issue 8): it may read its inputs and
 * hand Meshwork one query per port, nothing else. Each attack wrote or read a file of its
 * author's choosing before the fix; now the product's build is an error naming why, the
 * file is neither written nor read, and nothing is published.
 */

const passing: ContractTester = () =>
  Promise.resolve({ status: 'passed', checks: [{ status: 'passed', id: 'rows' }] });

let parser: DuckDbSqlParser;
let outside: string;

before(async () => {
  parser = await createDuckDbSqlParser();
  outside = mkdtempSync(join(tmpdir(), 'meshwork-outside-'));
  writeFileSync(
    join(outside, 'secret.csv'),
    'order_id,customer_id,amount,order_date\n9,9,9,2026-01-09\n',
  );
});
after(() => {
  parser.close();
  rmSync(outside, { recursive: true, force: true });
});

const CUSTOMERS =
  '-- port: customers\nSELECT customer_id, count(*) AS orders FROM raw GROUP BY 1\n';

type Built = ProductBuildResult & { readonly published: boolean };

async function buildOrders(transform: string): Promise<Built> {
  const mesh = createTestMesh();
  try {
    mesh.write('domains/sales/orders/transform.sql', transform);
    const report = await buildMesh({
      meshRoot: mesh.root,
      products: ['sales-orders-product'],
      parallel: 1,
      keep: 3,
      env: {},
      test: passing,
      sqlParser: parser,
    });
    const result = report.products.find((p) => p.product === 'sales/orders');
    assert.ok(result && result.status !== 'skipped');
    const current = join(mesh.root, '.meshwork/warehouse/sales/orders/orders/current');
    return { ...result, published: existsSync(current) };
  } finally {
    mesh.remove();
  }
}

function assertRefused(result: Built, reason: RegExp): void {
  assert.equal(result.status, 'error', result.message);
  assert.match(result.message ?? '', reason);
  assert.equal(result.published, false, 'a snapshot was published');
}

describe('a malicious transform.sql in a build', () => {
  it('cannot COPY to a file from its preamble', async () => {
    const target = join(outside, 'copied.csv');
    const result = await buildOrders(
      `COPY (SELECT * FROM raw) TO '${target}';\n-- port: orders\nSELECT * FROM raw\n${CUSTOMERS}`,
    );
    // Refused by the lock while DuckDB binds it, before its kind is even asked.
    assertRefused(result, /preamble.*COPY statement|disabled by configuration/);
    assert.equal(existsSync(target), false);
  });

  it('cannot ATTACH a database file or INSTALL an extension', async () => {
    const target = join(outside, 'evil.db');
    const attach = await buildOrders(
      `ATTACH '${target}' AS evil;\n-- port: orders\nSELECT * FROM raw\n${CUSTOMERS}`,
    );
    assertRefused(attach, /preamble.*ATTACH statement/);
    assert.equal(existsSync(target), false);
    const install = await buildOrders(
      `INSTALL httpfs;\n-- port: orders\nSELECT * FROM raw\n${CUSTOMERS}`,
    );
    assertRefused(install, /preamble.*(LOAD|EXTENSION) statement/);
  });

  it('cannot read files beyond its inputs, from the preamble or a port', async () => {
    const preamble = await buildOrders(
      `CREATE TABLE leak AS SELECT * FROM read_text('/etc/passwd');\n-- port: orders\nSELECT * FROM raw\n${CUSTOMERS}`,
    );
    assertRefused(preamble, /disabled by configuration/);
    const port = await buildOrders(
      `-- port: orders\nSELECT * FROM read_csv('${join(outside, 'secret.csv')}')\n${CUSTOMERS}`,
    );
    assertRefused(port, /disabled by configuration/);
  });

  it('cannot break out of the COPY a port section is wrapped in', async () => {
    const target = join(outside, 'injected.csv');
    const result = await buildOrders(
      `-- port: orders\nSELECT * FROM raw) TO '${target}' (FORMAT csv); COPY (SELECT * FROM raw\n${CUSTOMERS}`,
    );
    assertRefused(result, /section for port "orders" \(line 1\)/);
    assert.equal(existsSync(target), false);
    const twice = await buildOrders(
      `-- port: orders\nSELECT * FROM raw; DROP VIEW raw\n${CUSTOMERS}`,
    );
    assertRefused(twice, /must be one query: it holds 2 statements/);
  });

  it('cannot run statements of other kinds from its preamble', async () => {
    const result = await buildOrders(
      `PRAGMA enable_profiling;\n-- port: orders\nSELECT * FROM raw\n${CUSTOMERS}`,
    );
    assertRefused(result, /preamble.*PRAGMA statement/);
  });

  it('still builds a fair transform: macros and views in the preamble, its inputs read', async () => {
    const result = await buildOrders(
      [
        'CREATE MACRO twice(x) AS x * 2;',
        'CREATE TEMP VIEW big AS SELECT * FROM raw WHERE amount > 6;',
        '-- port: orders',
        'SELECT order_id, customer_id, twice(amount) / 2 AS amount, order_date FROM big',
        CUSTOMERS,
      ].join('\n'),
    );
    assert.equal(result.status, 'published', result.message);
    assert.equal(result.ports.find((p) => p.port === 'orders')!.rows, 3);
  });
});
