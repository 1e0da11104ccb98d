import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { builtDemo } from '../support/built-demo.ts';
import { cli } from '../support/cli.ts';
import { busiestCustomerWithOpenInvoice, portsHolding } from '../support/demo-person.ts';

const env = { MESHWORK_SUBJECT_KEY: 's'.repeat(40) };

/**
 * The demo mesh, built: a customer found by e-mail must be found in every product port that
 * holds them — checked against an independent reading of every snapshot by column name
 * (email, customer_id, customer_number, and order_id / invoice_number of their orders and
 * invoices), so a product holding customers, or rows of their orders, without declaring
 * its subject keys would fail here.
 */
describe('dsr find on the built Alpine Bikes demo', () => {
  let root: string;
  before(async () => {
    root = await builtDemo('dsr-demo', env);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('finds a customer in every port that holds them, and in the sources', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      // The customer with the most orders: the search must follow all their order ids and
      // invoice numbers (bounded at 100 a kind, 4 further rounds) and stay complete.
      const person = await busiestCustomerWithOpenInvoice(connection, root);
      const { email } = person;
      assert.ok(
        person.orderIds.length >= 5,
        `a customer with many orders: ${person.orderIds.length}`,
      );
      assert.ok(person.invoiceNumbers.length >= 1);
      const holding = await portsHolding(connection, root, person);
      assert.ok(holding.length >= 4, `the customer is in several ports: ${holding.join(', ')}`);
      for (const port of ['sales-orders/order_lines', 'finance-invoices/payments'])
        assert.ok(
          holding.includes(port),
          `the independent reading finds ${port}: ${holding.join(', ')}`,
        );

      const run = await cli(
        ['dsr', 'find', '--subject', `email=${email.toUpperCase()}`, '--format', 'json'],
        root,
        { env },
      );
      assert.ok(run.code === 0 || run.code === 1, run.stderr);
      const answer = JSON.parse(run.stdout) as {
        matches: {
          product: string | null;
          port: string | null;
          source: string | null;
          contract: string;
          read: { kind: string };
        }[];
        notSearched: { where: string; reason: string }[];
        linked: { kind: string; identifiers: number }[];
        rounds: number;
        warnings: string[];
      };
      assert.deepEqual(answer.warnings, [], 'no bound of the link-following was reached');
      const linked = Object.fromEntries(answer.linked.map((l) => [l.kind, l.identifiers]));
      assert.equal(linked['order-id'], person.orderIds.length, 'every order id followed');
      assert.equal(
        linked['invoice-number'],
        person.invoiceNumbers.length,
        'every invoice followed',
      );
      assert.ok(answer.rounds <= 5, `rounds: ${answer.rounds}`);
      const found = answer.matches
        .filter((m) => m.read.kind === 'snapshot')
        .map((m) => `${m.product}/${m.port}`)
        .sort();
      const expected = holding.map((h) => {
        const [product, port] = h.split('/');
        return `${product}/${port}`;
      });
      assert.deepEqual(found, expected.sort());
      const sources = answer.matches
        .filter((m) => m.source !== null)
        .map((m) => m.contract)
        .sort();
      assert.ok(sources.includes('webshop-customers-v1'), sources.join(', '));
      assert.ok(sources.includes('webshop-orders-v1'), 'orders are found through the customer id');
      assert.ok(sources.includes('webshop-order-lines-v1'), 'order lines through the order ids');
      assert.ok(sources.includes('erp-invoices-v1'), 'invoices through the customer number');
      assert.ok(sources.includes('erp-payments-v1'), 'payments through the invoice numbers');
      // Whatever could not be searched is a PostgreSQL server not configured here, said so.
      for (const n of answer.notSearched) assert.match(n.reason, /not configured here/, n.where);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
