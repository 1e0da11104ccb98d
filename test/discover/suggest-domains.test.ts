import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogTable } from '../../src/core/import/catalog.ts';
import {
  discoveryMermaid,
  domainNameOf,
  suggestDomains,
  tableGraph,
} from '../../src/core/discover/index.ts';

function table(name: string, references: readonly string[] = [], schema?: string): CatalogTable {
  return {
    name,
    kind: 'table',
    columns: [],
    uniqueKeys: [],
    foreignKeys: references.map((to, i) => ({
      columns: [`c${i}`],
      table: to,
      referencedColumns: ['id'],
      ...(schema === undefined ? {} : { schema }),
    })),
  };
}

/** Two clear groups joined by one key, one table without any link, one hierarchy. */
const SHOP: readonly CatalogTable[] = [
  table('customers'),
  table('addresses', ['customers']),
  table('orders', ['customers', 'addresses']),
  table('order_lines', ['orders', 'products']),
  table('payments', ['orders', 'customers']),
  table('products', ['categories']),
  table('categories', ['categories']),
  table('stock', ['products', 'warehouses']),
  table('warehouses'),
  table('stock_moves', ['stock', 'warehouses', 'products']),
  table('settings'),
];

const domainOf = (result: ReturnType<typeof suggestDomains>, name: string): string | undefined =>
  result.domains.find((d) => d.tables.some((t) => t.table === name))?.name;

describe('suggestDomains', () => {
  it('puts densely linked tables together and apart from the other group', () => {
    const result = suggestDomains(tableGraph(SHOP));
    const sales = ['customers', 'addresses', 'orders', 'payments'].map((t) => domainOf(result, t));
    const stock = ['stock', 'warehouses', 'stock_moves'].map((t) => domainOf(result, t));
    assert.equal(new Set(sales).size, 1, JSON.stringify(result.domains));
    assert.equal(new Set(stock).size, 1);
    assert.notEqual(sales[0], stock[0]);
    assert.ok(result.modularity > 0.2, `modularity ${result.modularity}`);
  });

  it('says isolated tables as such, with the reason', () => {
    const result = suggestDomains(tableGraph(SHOP), { coAccessRead: false });
    assert.deepEqual(
      result.isolated.map((t) => [t.table, t.reason]),
      [['settings', 'isolated: no foreign key to or from another table']],
    );
    const withCoAccess = suggestDomains(tableGraph(SHOP), { coAccessRead: true });
    assert.match(withCoAccess.isolated[0]!.reason, /no statement read uses it together/);
  });

  it('gives each table the keys that tie it to its domain, and those across', () => {
    const result = suggestDomains(tableGraph(SHOP));
    const all = result.domains.flatMap((d) => d.tables);
    const orders = all.find((t) => t.table === 'orders')!;
    assert.match(
      orders.reason,
      /^2 foreign keys to addresses, customers; referenced by \d foreign keys? from /,
    );
    const lines = all.find((t) => t.table === 'order_lines')!;
    const linesDomain = domainOf(result, 'order_lines');
    const productsDomain = domainOf(result, 'products');
    if (linesDomain !== productsDomain)
      assert.match(lines.reason, new RegExp(`across domains: .*products \\(${productsDomain}\\)`));
    assert.match(all.find((t) => t.table === 'categories')!.reason, /a foreign key to itself/);
    assert.deepEqual(
      orders.links.map((l) => [l.table, l.keysTo, l.keysFrom]),
      [
        ['addresses', 1, 0],
        ['customers', 1, 0],
        ['order_lines', 0, 1],
        ['payments', 0, 1],
      ],
    );
  });

  it('names a domain after its hub table, the one with most weight inside', () => {
    const result = suggestDomains(tableGraph(SHOP));
    for (const domain of result.domains) {
      assert.equal(domain.tables[0]!.table, domain.hub);
      assert.equal(domain.name.replace(/-\d+$/, ''), domainNameOf(domain.hub));
    }
    assert.equal(domainNameOf('order_lines'), 'order-line');
    assert.equal(domainNameOf('tbl_Categories'), 'category');
    assert.equal(domainNameOf('CustomerAddresses'), 'customer-address');
    assert.equal(domainNameOf('status'), 'status');
    assert.equal(domainNameOf('"; DROP'), 'drop');
    assert.equal(domainNameOf('???'), 'domain');
  });

  it('is deterministic: the same schema in another order gives the same answer', () => {
    const first = suggestDomains(tableGraph(SHOP));
    const again = suggestDomains(tableGraph([...SHOP].reverse()));
    assert.deepEqual(again, first);
  });

  it('lets co-access pull a table into the domain it is used with', () => {
    // stock_moves has keys to stock and warehouses; heavy co-access with orders alone
    // should not outweigh three keys, but co-access between otherwise unlinked tables
    // makes an edge where there was none.
    const tables = [...SHOP, table('order_exports')];
    const without = suggestDomains(tableGraph(tables));
    assert.ok(without.isolated.some((t) => t.table === 'order_exports'));
    const withCalls = suggestDomains(
      tableGraph(tables, [{ tables: ['order_exports', 'orders'], calls: 1204, statements: 1 }]),
      { coAccessRead: true },
    );
    assert.equal(domainOf(withCalls, 'order_exports'), domainOf(withCalls, 'orders'));
    const exports = withCalls.domains
      .flatMap((d) => d.tables)
      .find((t) => t.table === 'order_exports')!;
    assert.equal(exports.reason, 'used together with orders in 1,204 calls');
  });

  it('keeps foreign keys into tables it was not given out of the graph, and says them', () => {
    const graph = tableGraph([table('invoices', ['orders'], 'billing'), table('lines', ['gone'])]);
    assert.deepEqual(graph.edges, []);
    const result = suggestDomains(graph);
    assert.deepEqual(
      result.isolated.map((t) => t.reason),
      [
        'isolated: no foreign key to or from another table; 1 foreign key to tables not described here: billing.orders',
        'isolated: no foreign key to or from another table; 1 foreign key to tables not described here: gone',
      ],
    );
  });

  it('answers for an empty schema with nothing, not an error', () => {
    const result = suggestDomains(tableGraph([]));
    assert.deepEqual(result.domains, []);
    assert.deepEqual(result.isolated, []);
  });

  it('gives more, smaller domains at a higher resolution', () => {
    const low = suggestDomains(tableGraph(SHOP), { resolution: 0.3 });
    const high = suggestDomains(tableGraph(SHOP), { resolution: 3 });
    assert.ok(
      high.domains.length > low.domains.length,
      `${low.domains.length} vs ${high.domains.length}`,
    );
  });
});

describe('discoveryMermaid', () => {
  it('draws a subgraph per domain and escapes hostile table names', () => {
    const tables = [table('a"]; click x call alert(1) %%', ['b']), table('b'), table('lonely')];
    const graph = tableGraph(tables);
    const text = discoveryMermaid(suggestDomains(graph), graph);
    assert.match(text, /^flowchart LR\n {2}subgraph d0\["[^"]*"\]\n/);
    assert.match(text, /subgraph isolated\["isolated"\]\n {4}t\d\["lonely"\]/);
    assert.match(text, /t\d ---\|1 FK\| t\d/);
    // Every label is one quoted run without a raw quote, bracket or newline inside.
    for (const line of text.split('\n').filter((l) => l.includes('["'))) {
      assert.match(line, /^ *(subgraph )?[a-z0-9]+\["[^"\][\n]*"\]$/, line);
    }
    assert.ok(!text.includes('alert(1)'), 'parentheses are entity-coded');
  });
});
