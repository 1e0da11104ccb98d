import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SubjectLocation, SubjectMatch } from '../../src/app/privacy/dsr/locate-subject.ts';
import { planErasure } from '../../src/app/privacy/erase/erase-plan.ts';
import type { MeshModel } from '../../src/core/mesh/mesh-model.ts';

function source(
  object: string,
  keys: [column: string, kind: string][],
  via: string[],
): SubjectMatch {
  return {
    product: null,
    port: null,
    contract: `shop-${object}`,
    contractPath: `sources/shop/${object}.odcs.yaml`,
    source: 'shop',
    object,
    keys: keys.map(([column, kind]) => ({ column, kind })),
    rows: 6,
    via,
    read: { kind: 'server', server: 'files', type: 'local', table: object },
  };
}

function location(matches: SubjectMatch[]): SubjectLocation {
  return {
    kind: 'email',
    matches,
    searched: matches,
    notSearched: [],
    notAsked: [],
    identifiers: new Map([
      ['email', new Set(['anna@example.com'])],
      ['customer-id', new Set(['7'])],
      ['order-id', new Set(['105', '101', '103'])],
    ]),
    rounds: 3,
    warnings: [],
    linking: { counts: [], ambiguous: false, reasons: [], extraFrom: [] },
    complete: true,
  };
}

const EMPTY = { contracts: [], products: [] } as unknown as MeshModel;
const hash = (value: string) => `#${value}`;

describe('planErasure: tasks for sources', () => {
  it('makes one task per source object, by the asked identifier when the object has it', () => {
    const plan = planErasure(
      location([
        source(
          'customers',
          [
            ['customer_id', 'customer-id'],
            ['mail', 'email'],
          ],
          ['customer-id', 'email'],
        ),
      ]),
      EMPTY,
      hash,
    );
    assert.deepEqual(
      plan.tasks.map((t) => [t.match.object, t.kind, t.column, t.value]),
      [['customers', 'email', 'mail', 'anna@example.com']],
    );
  });

  it('else by the linked kind with the fewest values: one customer id, not three order ids', () => {
    const plan = planErasure(
      location([
        source(
          'orders',
          [
            ['order_id', 'order-id'],
            ['customer_id', 'customer-id'],
          ],
          ['order-id', 'customer-id'],
        ),
        source('order_lines', [['order_id', 'order-id']], ['order-id']),
      ]),
      EMPTY,
      hash,
    );
    assert.deepEqual(
      plan.tasks.map((t) => [t.match.object, t.kind, t.column, t.value]),
      [
        ['orders', 'customer-id', 'customer_id', '7'],
        ['order_lines', 'order-id', 'order_id', '101'],
      ],
    );
  });

  it('suppresses every identifier, the asked kind first', () => {
    const plan = planErasure(location([]), EMPTY, hash);
    assert.deepEqual(
      plan.identifiers.map((i) => `${i.kind}=${i.value}`),
      ['email=anna@example.com', 'customer-id=7', 'order-id=101', 'order-id=103', 'order-id=105'],
    );
    assert.deepEqual(plan.tasks, []);
    assert.deepEqual(plan.ports, []);
  });
});
