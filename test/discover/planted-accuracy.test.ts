import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { suggestDomains, tableGraph } from '../../src/core/discover/index.ts';
import { plantedSchema, plantedShare } from '../support/planted-schema.ts';

/**
 * The figure `npm run bench -- discover-domains` reports, held as a floor: on generated
 * schemas with planted domains most tables land in theirs, and the isolated ones are said
 * as such. (The bench reads the same schemas back from PostgreSQL; the graph is the same.)
 */
describe('suggestDomains on planted schemas', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`finds the planted domains of schema ${seed}`, () => {
      const schema = plantedSchema({ seed, domains: 6, crossShare: 0.1, isolated: 5 });
      const result = suggestDomains(tableGraph(schema.tables));
      const found = result.domains.map((d) => d.tables.map((t) => t.table));
      const share = plantedShare(found, schema.planted);
      assert.ok(share >= 0.85, `${(share * 100).toFixed(1)}% in their planted domain`);
      assert.deepEqual(
        result.isolated.map((t) => t.table),
        [...schema.isolated].sort(),
      );
    });
  }

  it('scores a partition that ignores the plant low (the measure can fail)', () => {
    const schema = plantedSchema({ seed: 1, domains: 6, crossShare: 0.1, isolated: 5 });
    const all = [...schema.planted.keys()];
    assert.ok(plantedShare([all], schema.planted) < 0.25);
    assert.ok(
      plantedShare(
        all.map((t) => [t]),
        schema.planted,
      ) < 0.1,
    );
  });
});
