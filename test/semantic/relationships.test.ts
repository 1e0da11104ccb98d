import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPath } from '../../src/core/findings/finding.ts';
import type { OdcsRelationshipLike } from '../../src/core/semantic/index.ts';
import { checkRelationships } from '../../src/core/semantic/relationships.ts';

const contract = (relationships: OdcsRelationshipLike[]) => ({
  schema: [
    {
      id: 'customers_tbl',
      name: 'customers',
      properties: [
        { id: 'cust_id', name: 'id' },
        { id: 'addr', name: 'address', properties: [{ id: 'street_f', name: 'street' }] },
      ],
    },
    { id: 'orders_tbl', name: 'orders', properties: [{ name: 'customer_id' }], relationships },
  ],
});

const summary = (relationships: OdcsRelationshipLike[]) => {
  const result = checkRelationships(contract(relationships));
  return {
    issues: result.issues.map((i) => `${i.code} ${formatPath(i.path)}`),
    external: result.externalReferences.map((r) => `${r.notation} ${r.ref}`),
  };
};

describe('relationships', () => {
  it('resolves names, ids, nested properties and same-contract anchors', () => {
    assert.deepEqual(
      summary([
        { from: 'orders.customer_id', to: 'customers.id' },
        { from: 'orders.customer_id', to: 'schema/customers_tbl/properties/cust_id' },
        {
          from: 'orders.customer_id',
          to: '/schema/customers_tbl/properties/addr/properties/street_f',
        },
        { from: 'orders.customer_id', to: '#/schema/customers_tbl/properties/cust_id' },
        { from: ['orders.customer_id'], to: ['customers.address.street'] },
      ]),
      { issues: [], external: [] },
    );
  });

  it('treats a long dotted reference as another contract unless it starts in this one', () => {
    assert.deepEqual(
      summary([
        { from: 'orders.customer_id', to: 'crm.customers.id' },
        // "customers" is an object here, but "crm" is not its property: another contract.
        { from: 'orders.customer_id', to: 'customers.crm.id' },
        { from: 'orders.customer_id', to: 'customers.address.zip' },
      ]),
      {
        issues: ['relationship-unknown-property $.schema[1].relationships[2].to'],
        external: ['dotted crm.customers.id', 'dotted customers.crm.id'],
      },
    );
  });

  it('hands file references back, by ids or by names', () => {
    assert.deepEqual(
      summary([
        { from: 'orders.customer_id', to: 'customers.odcs.yaml#/schema/c/properties/id' },
        { from: 'orders.customer_id', to: 'https://example.com/c.yaml#customers.id' },
      ]).external,
      [
        'file customers.odcs.yaml#/schema/c/properties/id',
        'file https://example.com/c.yaml#customers.id',
      ],
    );
  });

  it('explains malformed references', () => {
    const result = checkRelationships(
      contract([{ from: 'orders.customer_id', to: 'tables/customers_tbl/properties/cust_id' }]),
    );
    assert.deepEqual(
      result.issues.map((i) => i.message),
      [
        'The reference "tables/customers_tbl/properties/cust_id" at $.schema[1].relationships[0].to is not of the form schema/<object id>/properties/<property id>.',
      ],
    );
  });

  it('suggests the names that exist', () => {
    const [found] = checkRelationships(
      contract([{ from: 'orders.customer_id', to: 'customers.uuid' }]),
    ).issues;
    assert.equal(
      found?.message,
      'The reference "customers.uuid" at $.schema[1].relationships[0].to points at property named "uuid", which "customers" does not have.',
    );
    assert.equal(found?.hint, 'Use one of its properties (id, address).');
  });

  it('pairs a string with a one-element list', () => {
    assert.deepEqual(summary([{ from: 'orders.customer_id', to: ['customers.id'] }]).issues, []);
  });
});
