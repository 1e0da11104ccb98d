import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  coAccessOf,
  MAX_QUERY_CHARS,
  MAX_STATEMENTS,
  MAX_TABLES_PER_STATEMENT,
  tablesInStatement,
} from '../../src/core/discover/index.ts';

const KNOWN = new Set(['orders', 'order_lines', 'customers', 'products', 'Mixed Case', 'stock']);
const names = (query: string, schema?: string): string[] =>
  [...tablesInStatement(query, KNOWN, schema)].sort();

describe('tablesInStatement: table names from normalised statement text', () => {
  it('reads FROM, JOIN, aliases and schema-qualified names', () => {
    assert.deepEqual(
      names(
        'SELECT o.id FROM public.orders o JOIN order_lines AS l ON l.order_id = o.id WHERE o.id = $1',
        'public',
      ),
      ['order_lines', 'orders'],
    );
  });

  it('reads every item of a comma-separated FROM list', () => {
    assert.deepEqual(names('select * from orders o, customers AS c, products where c.id = $1'), [
      'customers',
      'orders',
      'products',
    ]);
  });

  it('reads INSERT … SELECT, UPDATE … FROM and DELETE … USING as one flow', () => {
    assert.deepEqual(names('INSERT INTO stock (p, n) SELECT id, $1 FROM products'), [
      'products',
      'stock',
    ]);
    assert.deepEqual(names('UPDATE orders SET x = $1 FROM customers WHERE customers.id = $2'), [
      'customers',
      'orders',
    ]);
    assert.deepEqual(names('DELETE FROM order_lines USING orders WHERE orders.id = $1'), [
      'order_lines',
      'orders',
    ]);
  });

  it('folds unquoted names to lower case and keeps quoted ones exact', () => {
    assert.deepEqual(names('SELECT 1 FROM ORDERS JOIN "Mixed Case" m ON true'), [
      'Mixed Case',
      'orders',
    ]);
    // A quoted "Orders" is another table than orders in PostgreSQL.
    assert.deepEqual(names('SELECT 1 FROM "Orders"'), []);
  });

  it('does not take names from string literals, comments, columns or another schema', () => {
    assert.deepEqual(
      names(
        "SELECT 'from orders join customers' AS t -- join products\n /* from stock */ FROM order_lines",
      ),
      ['order_lines'],
    );
    assert.deepEqual(names('SELECT orders, customers FROM products'), ['products']);
    assert.deepEqual(names('SELECT * FROM archive.orders JOIN customers ON true', 'public'), [
      'customers',
    ]);
  });

  it('does not take a CTE name for a table of the same name', () => {
    assert.deepEqual(
      names(
        'WITH orders AS (SELECT * FROM customers), x AS (SELECT 1) SELECT * FROM orders JOIN products ON true',
      ),
      ['customers', 'products'],
    );
  });

  it('skips subqueries in FROM without inventing names', () => {
    assert.deepEqual(names('SELECT * FROM (SELECT id FROM orders) s JOIN stock ON true'), [
      'orders',
      'stock',
    ]);
  });

  it('survives hostile text: unterminated quotes, huge words, control characters', () => {
    assert.deepEqual(names('SELECT * FROM "orders'), []);
    assert.deepEqual(names(`SELECT * FROM ${'x'.repeat(100_000)} JOIN orders`), ['orders']);
    assert.deepEqual(names('SELECT * FROM orders\u0000\u001b[31m JOIN customers'), [
      'customers',
      'orders',
    ]);
  });
});

describe('coAccessOf: pairs weighted by calls', () => {
  it('sums the calls of every statement that names both tables', () => {
    const result = coAccessOf(
      [
        { query: 'SELECT * FROM orders JOIN customers ON true', calls: 1000 },
        { query: 'SELECT * FROM customers c, orders o WHERE c.id = o.c', calls: 204 },
        { query: 'SELECT * FROM orders JOIN order_lines ON true', calls: 7 },
        { query: 'SELECT * FROM orders', calls: 99_999 },
      ],
      KNOWN,
    );
    assert.deepEqual(result.pairs, [
      { tables: ['customers', 'orders'], calls: 1204, statements: 2 },
      { tables: ['order_lines', 'orders'], calls: 7, statements: 1 },
    ]);
    assert.equal(result.statements, 4);
    assert.equal(result.joining, 3);
  });

  it('counts a statement over more than MAX_TABLES_PER_STATEMENT tables as too wide, not as pairs', () => {
    const many = Array.from({ length: MAX_TABLES_PER_STATEMENT + 1 }, (_, i) => `t${i}`);
    const result = coAccessOf(
      [{ query: `SELECT 1 FROM ${many.join(', ')}`, calls: 5 }],
      new Set(many),
    );
    assert.deepEqual(result.pairs, []);
    assert.equal(result.tooWide, 1);
  });

  it('reads at most MAX_STATEMENTS statements and says that it left some', () => {
    const statements = Array.from({ length: MAX_STATEMENTS + 3 }, () => ({
      query: 'SELECT 1 FROM orders JOIN stock ON true',
      calls: 1,
    }));
    const result = coAccessOf(statements, KNOWN);
    assert.equal(result.statements, MAX_STATEMENTS);
    assert.equal(result.truncated, true);
    assert.equal(coAccessOf(statements.slice(0, MAX_STATEMENTS), KNOWN).truncated, false);
    assert.equal(result.pairs[0]?.calls, MAX_STATEMENTS);
  });

  it('leaves out a statement longer than MAX_QUERY_CHARS, counted', () => {
    const result = coAccessOf(
      [
        {
          query: `SELECT 1 FROM orders JOIN stock ON true -- ${'x'.repeat(MAX_QUERY_CHARS)}`,
          calls: 1,
        },
      ],
      KNOWN,
    );
    assert.deepEqual([result.tooLong, result.pairs.length, result.statements], [1, 0, 0]);
  });

  it('treats a negative or non-finite call count as none', () => {
    const result = coAccessOf(
      [{ query: 'SELECT 1 FROM orders JOIN stock ON true', calls: Number.NaN }],
      KNOWN,
    );
    assert.equal(result.pairs[0]?.calls, 0);
  });
});
