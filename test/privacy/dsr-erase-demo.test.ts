import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { builtDemo } from '../support/built-demo.ts';
import { cli } from '../support/cli.ts';
import { busiestCustomerWithOpenInvoice, portsHolding } from '../support/demo-person.ts';

const env = { MESHWORK_SUBJECT_KEY: 'e'.repeat(40), USER: 'dpo' };

/**
 * The promise, on the demo: a customer is gone from every product after an
 * erasure, and a later build — the sources still hold them — does not bring them back.
 */
describe('dsr erase on the built Alpine Bikes demo', () => {
  let root: string;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  before(async () => {
    root = await builtDemo('erase-demo', env);
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
  });
  after(() => {
    connection.closeSync();
    instance.closeSync();
    rmSync(root, { recursive: true, force: true });
  });

  it('removes a customer from every port, keeps them out of the next build, and tasks the sources', async () => {
    const person = await busiestCustomerWithOpenInvoice(connection, root);
    const { email } = person;
    const before = await portsHolding(connection, root, person);
    assert.ok(before.length >= 4, `the customer is in several ports: ${before.join(', ')}`);
    for (const port of ['sales-orders/order_lines', 'finance-invoices/payments'])
      assert.ok(before.includes(port), `their order lines and payments: ${before.join(', ')}`);

    const run = await cli(
      ['dsr', 'erase', '--subject', `email=${email}`, '--mode', 'delete', '--format', 'json'],
      root,
      { env },
    );
    // 1 only for PostgreSQL servers of the demo that are not configured here (said so).
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    assert.equal(run.stdout.toLowerCase().includes(email.toLowerCase()), false);
    const result = JSON.parse(run.stdout) as {
      ports: { product: string; port: string; status: string }[];
      tasks: { contract: string }[];
      notSearched: { reason: string }[];
      remaining: unknown[];
    };
    assert.deepEqual(
      result.ports.filter((p) => p.status !== 'rewritten'),
      [],
      'every port holding them was rewritten',
    );
    assert.equal(result.ports.length, before.length);
    assert.deepEqual(result.remaining, []);
    for (const n of result.notSearched) assert.match(n.reason, /not configured here/);
    const tasked = result.tasks.map((t) => t.contract);
    for (const contract of [
      'webshop-customers-v1',
      'webshop-orders-v1',
      'webshop-order-lines-v1',
      'erp-invoices-v1',
      'erp-payments-v1',
    ])
      assert.ok(tasked.includes(contract), `${contract}: ${tasked.join(', ')}`);
    assert.deepEqual(await portsHolding(connection, root, person), [], 'gone from every snapshot');

    const rebuilt = await cli(['build', '--mesh', root, '--format', 'json'], root, { env });
    const report = JSON.parse(rebuilt.stdout) as {
      status: string;
      products: {
        product: string;
        status: string;
        ports?: { port: string; suppressed?: { deleted: number }; tests?: { status: string } }[];
      }[];
    };
    // Green: her dependent rows (order lines of her orders, payments of her invoices) are
    // keyed by subject keys of their own (order-id, invoice-number), so the build drops
    // them with her and no relationship check is left dangling.
    assert.deepEqual(
      report.products.filter((p) => p.status !== 'published').map((p) => p.product),
      [],
      'every product published',
    );
    assert.equal(report.status, 'passed', rebuilt.stderr);
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    assert.equal(report.products.length, 11, 'the whole demo was rebuilt');
    for (const product of report.products)
      for (const port of product.ports ?? [])
        assert.ok(
          ['passed', 'warning'].includes(port.tests?.status ?? 'none'),
          `${product.product}/${port.port}: ${port.tests?.status}`,
        );
    const suppressed = report.products.flatMap((p) =>
      (p.ports ?? [])
        .filter((port) => (port.suppressed?.deleted ?? 0) > 0)
        .map((port) => port.port),
    );
    for (const port of ['customers', 'orders', 'order_lines', 'invoices', 'payments'])
      assert.ok(
        suppressed.includes(port),
        `the build dropped her ${port}: ${suppressed.join(', ')}`,
      );
    assert.deepEqual(
      await portsHolding(connection, root, person),
      [],
      'the next build, from sources that still hold them, leaves them out',
    );
    // And Meshwork's own search agrees, by each of her identifiers: no port holds her; only
    // the sources do, until their owners work off the tasks.
    for (const subject of [
      `email=${email}`,
      `customer-id=${person.id}`,
      `customer-number=${person.number}`,
      `order-id=${person.orderIds[0]}`,
      `invoice-number=${person.invoiceNumbers[0]}`,
    ]) {
      const found = await cli(['dsr', 'find', '--subject', subject, '--format', 'json'], root, {
        env,
      });
      const answer = JSON.parse(found.stdout) as {
        matches: { product: string | null; port: string | null; source: string | null }[];
      };
      assert.deepEqual(
        answer.matches.filter((m) => m.source === null).map((m) => `${m.product}/${m.port}`),
        [],
        subject.split('=')[0],
      );
      assert.ok(answer.matches.length > 0, `the sources still hold her (${subject.split('=')[0]})`);
    }
  });
});
